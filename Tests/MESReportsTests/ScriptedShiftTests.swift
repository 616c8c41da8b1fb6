import Foundation
import MESCore
import MESStore
import Testing

@testable import MESReports

/// ISO 22400-2 KPIs against a hand calculation: one machine, one 8-hour shift scripted event by
/// event through the MES, then read back from the journal.
@Suite("KPI formulas on a scripted shift")
struct ScriptedShiftTests {
    /// 2026-01-05 (a Monday) 06:00 UTC: the shift starts.
    static let shiftStart = Date(timeIntervalSince1970: 1_767_592_800)
    static func at(_ hours: Double) -> Date { shiftStart.addingTimeInterval(hours * 3_600) }

    let admin = Actor(id: "admin", name: "Admin", roles: [.systemAdministrator])
    let gateway = Actor(id: "gateway", name: "Equipment gateway", roles: [.maintenanceTechnician])
    let technician = Actor(id: "tech", name: "Technician", roles: [.maintenanceTechnician])
    let worker = Actor(id: "OP-1", name: "Operator", roles: [.operator])

    /// The shift, event by event (hours from 06:00):
    /// 0–0.5 setup · 0.5–1 serial 1 (30 min, standard 30) · 1–1.75 serial 2 (45 min) · 1.75–2.75 breakdown ·
    /// 2.75–4.75 preventive maintenance · 4.75–5.25 serial 3, scrapped · 5.25–6 blocked · 6–7 idle · 7–8 stopped (shift over).
    func scriptedShift() throws -> MESEngine {
        let engine = try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly)
        let part = Part(partNumber: "P-1", revision: "A", description: "Part", billOfMaterials: [], routing: [
            RoutingOperation(number: 10, description: "Turn", workCenter: "WC", equipmentClass: "lathe", setupMinutes: 30, runMinutes: 30)
        ])
        try engine.execute(.loadMasterData(MasterData(
            parts: [part],
            equipment: [Equipment(id: "M-1", equipmentClass: "lathe", workCenter: "WC", preventiveMaintenanceIntervalDays: 7, lastPreventiveMaintenance: Self.at(-1))],
            operators: [Operator(id: "OP-1", name: "Operator", certifications: [])])), by: admin, at: Self.at(-1))
        var serials: [String] = []
        var orders: [String] = []
        for _ in 0..<3 {
            try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: "P-1", quantity: 1, targetDate: "2026-01-05")), by: admin, at: Self.at(-0.5))
            let order = engine.state.newestWorkOrder!
            try engine.execute(.releaseWorkOrder(id: order), by: admin, at: Self.at(-0.5))
            orders.append(order)
            serials.append(engine.state.workOrders[order]!.serials[0])
        }
        func state(_ value: EquipmentState, _ hours: Double) throws { try engine.execute(.setEquipmentState(equipmentId: "M-1", state: value), by: gateway, at: Self.at(hours)) }
        func run(_ index: Int, from start: Double, to end: Double, scrap: String? = nil) throws {
            try engine.execute(.startOperation(StartOperation(workOrderId: orders[index], serial: serials[index], operationNumber: 10, equipmentId: "M-1", operatorId: "OP-1")),
                               by: worker, at: Self.at(start))
            try engine.execute(.completeOperation(CompleteOperation(workOrderId: orders[index], serial: serials[index], operationNumber: 10, scrapReason: scrap)),
                               by: worker, at: Self.at(end))
        }
        try state(.setup, 0)
        try state(.idle, 0.5)
        try run(0, from: 0.5, to: 1)
        try run(1, from: 1, to: 1.75)
        try state(.aborted, 1.75)
        try state(.idle, 2.75)
        try engine.execute(.scheduleMaintenance(assetId: "M-1", kind: .preventive, description: "weekly PM"), by: technician, at: Self.at(2.75))
        let pm = engine.state.maintenanceOrders.keys.first!
        try engine.execute(.startMaintenance(orderId: pm), by: technician, at: Self.at(2.75))
        try engine.execute(.completeMaintenance(orderId: pm, signature: ElectronicSignature(signerId: "tech", printedName: "Technician", time: Self.at(4.75), meaning: .responsibility)),
                           by: technician, at: Self.at(4.75))
        try run(2, from: 4.75, to: 5.25, scrap: "chatter marks")
        try state(.suspended, 5.25)
        try state(.idle, 6)
        try state(.stopped, 7)
        return engine
    }

    func analyse(_ engine: MESEngine) throws -> (RunKPIs, RunDetail) {
        var analysis = MESRecordAnalysis(from: Self.at(0), to: Self.at(8))
        for entry in try engine.store.entries() { analysis.read(entry.events, at: entry.time) }
        return analysis.finishWithDetail()
    }

    @Test("time model, availability, performance, quality and OEE by hand")
    func machineFigures() throws {
        let (kpis, _) = try analyse(try scriptedShift())
        let machine = try #require(kpis.machines.first)
        let tolerance = 1e-9
        // Stopped 1 h is outside planned operation time; PM 2 h is planned downtime.
        #expect(abs(machine.stoppedHours - 1) < tolerance)
        #expect(abs(machine.plannedOperationHours - 7) < tolerance)
        #expect(abs(machine.plannedDowntimeHours - 2) < tolerance)
        #expect(abs(machine.plannedBusyHours - 5) < tolerance)
        #expect(abs(machine.productionHours - 1.75) < tolerance)
        #expect(abs(machine.setupHours - 0.5) < tolerance && abs(machine.downHours - 1) < tolerance)
        #expect(abs(machine.suspendedHours - 0.75) < tolerance && abs(machine.idleHours - 1) < tolerance)
        // Availability = APT / PBT = 1.75 / 5: the PM lowers the planned busy time, not availability
        // (counted as downtime it would give 1.75 / 7 = 0.25).
        #expect(abs(machine.availability! - 0.35) < tolerance)
        // Performance = 3 × 0.5 h standard / 1.75 h; quality = 2 good / 3 produced.
        #expect(abs(machine.performance! - 1.5 / 1.75) < tolerance)
        #expect(abs(machine.quality! - 2.0 / 3.0) < tolerance)
        #expect(abs(machine.oee! - 0.35 * (1.5 / 1.75) * (2.0 / 3.0)) < tolerance)
        #expect(abs(machine.oee! - 0.2) < tolerance)
        #expect(machine.failures == 1 && abs(machine.mtbfHours! - 1.75) < tolerance && abs(machine.mttrHours! - 1) < tolerance)
        #expect(abs(machine.utilization(windowHours: 8) - 1.75 / 8) < tolerance)
    }

    @Test("plant figures by hand: throughput, WIP, lead time, on-time delivery, yield")
    func plantFigures() throws {
        let (kpis, detail) = try analyse(try scriptedShift())
        let plant = kpis.plant
        let tolerance = 1e-9
        #expect(plant.serialsCompleted == 2 && plant.serialsScrapped == 1)
        #expect(abs(plant.throughputPerDay - 2 / (8.0 / 24)) < tolerance)
        // WIP: 3 serials until 1 h, 2 until 1.75 h, 1 until 5.25 h, then none: (3 + 1.5 + 3.5) / 8.
        #expect(abs(plant.wipMean - 1.0) < tolerance)
        // Lead times from the release at −0.5 h: 1.5, 2.25 and 5.75 h (the scrapped serial ends its order).
        #expect(abs(plant.leadTimeHours! - (1.5 + 2.25 + 5.75) / 3) < tolerance)
        // Due at the end of 2026-01-05: all three complete in time, but the third only by scrapping its
        // serial, so two of three are on time in full.
        #expect(abs(plant.onTimeDelivery! - 2.0 / 3.0) < tolerance)
        #expect(abs(plant.firstPassYield! - 2.0 / 3.0) < tolerance && abs(plant.scrapRate! - 1.0 / 3.0) < tolerance)
        #expect(detail.leadTimes.count == 3 && detail.throughput.reduce(0, +) == 2)
        // The Gantt spans: instants (zero length) leave no span, back-to-back Execute merges.
        #expect(detail.spans["M-1"]?.map { "\($0.category)@\($0.start)" }
            == ["setup@0.0", "execute@0.5", "down@1.75", "maintenance@2.75", "execute@4.75", "blocked@5.25", "idle@6.0", "stopped@7.0"])
    }

    @Test("a window starting mid-operation credits that operation's standard time only in the share of its Execute time inside")
    func windowEdge() throws {
        let engine = try scriptedShift()
        var analysis = MESRecordAnalysis(from: Self.at(0.75), to: Self.at(8))
        for entry in try engine.store.entries() { analysis.read(entry.events, at: entry.time) }
        let machine = try #require(analysis.finish().machines.first)
        // Inside: serial 1's last 0.25 h of 0.5 (standard 0.5 h → 0.25 h), serial 2 (0.75 h, 0.5 h), serial 3 (0.5 h, 0.5 h).
        #expect(abs(machine.productionHours - 1.5) < 1e-9)
        #expect(abs(machine.idealHours - 1.25) < 1e-9)
        #expect(abs(machine.performance! - 1.25 / 1.5) < 1e-9, "crediting serial 1 in full would claim 1.5 / 1.5")
        #expect(machine.produced == 3, "completions inside the window are counted whole")
    }
}
