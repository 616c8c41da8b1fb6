import Foundation
import MESCore
import MESStore

/// A small jet-engine shop: blades turned, milled and inspected from Inconel 718 bar, and
/// disks from Ti-6Al-4V into which blades are installed.
enum Fixture {
    /// 2026-01-01T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }

    static let admin = Actor(id: "admin", name: "Ada Admin", roles: [.systemAdministrator])
    static let planner = Actor(id: "planner", name: "Pat Planner", roles: [.productionPlanner])
    static let supervisor = Actor(id: "supervisor", name: "Sam Supervisor", roles: [.productionSupervisor])
    static let operatorOne = Actor(id: "op-1", name: "Olu Operator", roles: [.operator])
    static let operatorTwo = Actor(id: "op-2", name: "Oksana Operator", roles: [.operator])
    static let technician = Actor(id: "mt-1", name: "Max Technician", roles: [.maintenanceTechnician])

    static let blade = "ENG-BLADE-001"
    static let disk = "ENG-DISK-001"
    static let heatLot = "L-IN718-001"

    static var masterData: MasterData {
        MasterData(
            parts: [
                Part(
                    partNumber: blade, revision: "A", description: "HPT blade", family: "blades",
                    billOfMaterials: [BOMLine(item: "IN718-BAR", quantityPerUnit: 2.5, unit: "kg")],
                    routing: [
                        RoutingOperation(number: 10, description: "Turn root", workCenter: "TURN", equipmentClass: "lathe", runMinutes: 30,
                                         requiredCertification: "CNC-TURN", alternateWorkCenters: ["TURN-2"]),
                        RoutingOperation(number: 20, description: "Mill airfoil", workCenter: "MILL", equipmentClass: "5-axis", runMinutes: 90,
                                         requiredCertification: "CNC-MILL"),
                        RoutingOperation(number: 30, description: "CMM inspection", workCenter: "CMM", equipmentClass: "cmm", runMinutes: 20,
                                         requiredCertification: "CMM-INSP", inspectionPlan: "IP-BLADE-30"),
                    ]),
                Part(
                    partNumber: disk, revision: "A", description: "HPT disk with blades",
                    billOfMaterials: [
                        BOMLine(item: "TI64-BAR", quantityPerUnit: 10, unit: "kg"),
                        BOMLine(kind: .component, item: blade, quantityPerUnit: 2, unit: "ea"),
                    ],
                    routing: [
                        RoutingOperation(number: 10, description: "Turn disk", workCenter: "TURN", equipmentClass: "lathe", runMinutes: 120,
                                         requiredCertification: "CNC-TURN"),
                        RoutingOperation(number: 20, description: "Install blades", workCenter: "ASSY", equipmentClass: "bench", runMinutes: 60),
                    ]),
            ],
            materials: [
                MaterialDefinition(id: "IN718-BAR", description: "Inconel 718 bar", unit: "kg"),
                MaterialDefinition(id: "IN718-FORGING", description: "Inconel 718 forging", unit: "kg"),
                MaterialDefinition(id: "TI64-BAR", description: "Ti-6Al-4V bar", unit: "kg"),
            ],
            lots: [
                MaterialLot(lotCode: heatLot, material: "IN718-BAR", heatNumber: "H-7781", supplier: "Special Metals", quantity: 100, unit: "kg",
                            certificates: [MaterialCertificate(id: "MC-7781", type: "mill certificate", issuer: "Special Metals", issued: day(-30))]),
                MaterialLot(lotCode: "L-IN718-002", material: "IN718-BAR", heatNumber: "H-9999", supplier: "Haynes", quantity: 50, unit: "kg"),
                MaterialLot(lotCode: "L-TI64-001", material: "TI64-BAR", heatNumber: "H-2201", supplier: "TIMET", quantity: 200, unit: "kg"),
            ],
            equipment: [
                Equipment(id: "LATHE-1", equipmentClass: "lathe", workCenter: "TURN", calibrationDue: day(180), calibrationIntervalDays: 180,
                          preventiveMaintenanceIntervalDays: 30, lastPreventiveMaintenance: day(-1)),
                Equipment(id: "LATHE-2", equipmentClass: "lathe", workCenter: "TURN-2"),
                Equipment(id: "MILL-1", equipmentClass: "5-axis", workCenter: "MILL"),
                Equipment(id: "CMM-1", equipmentClass: "cmm", workCenter: "CMM", calibrationDue: day(365), calibrationIntervalDays: 365),
                Equipment(id: "BENCH-1", equipmentClass: "bench", workCenter: "ASSY"),
            ],
            tools: [ToolGauge(id: "GAUGE-1", kind: .gauge, description: "Root form gauge", calibrationDue: day(10), calibrationIntervalDays: 90)],
            operators: [
                Operator(id: "op-1", name: "Olu Operator", certifications: [
                    Certification(skill: "CNC-TURN", issued: day(-100), expires: day(365)),
                    Certification(skill: "CNC-MILL", issued: day(-100), expires: day(365)),
                    Certification(skill: "CMM-INSP", issued: day(-100), expires: day(365)),
                ]),
                Operator(id: "op-2", name: "Oksana Operator", certifications: [Certification(skill: "CNC-TURN", issued: day(-400), expires: day(2))]),
            ])
    }

    /// An engine on an in-memory journal with the master data loaded at the start.
    static func engine(store: any JournalStore = InMemoryJournalStore()) throws -> MESEngine {
        let engine = try MESEngine(store: store)
        try engine.execute(.loadMasterData(masterData), by: admin, at: start)
        return engine
    }

    /// Creates and releases an order; returns its id and serials.
    @discardableResult
    static func releasedOrder(_ engine: MESEngine, part: String = blade, quantity: Int, at time: Date = day(1)) throws -> (id: String, serials: [String]) {
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: part, quantity: quantity, priority: .high, targetDate: "2026-03-31")), by: planner, at: time)
        let id = engine.state.workOrders.keys.sorted().last!
        try engine.execute(.releaseWorkOrder(id: id), by: planner, at: time)
        return (id, engine.state.workOrders[id]!.serials)
    }

    static let equipmentFor: [String: [Int: String]] = [blade: [10: "LATHE-1", 20: "MILL-1", 30: "CMM-1"], disk: [10: "LATHE-1", 20: "BENCH-1"]]

    /// Starts and completes one operation with op-1 on the routing's machine.
    static func perform(_ engine: MESEngine, order: String, serial: String, operation: Int, at time: Date, scrap: String? = nil, tools: [String] = []) throws {
        let part = engine.state.serials[serial]!.partNumber
        let machine = equipmentFor[part]![operation]!
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: operation, equipmentId: machine,
                                                          operatorId: "op-1", toolIds: tools)), by: operatorOne, at: time)
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: operation, scrapReason: scrap)),
                           by: operatorOne, at: time.addingTimeInterval(600))
    }

    static func signature(_ actor: Actor, _ meaning: ElectronicSignature.Meaning, at time: Date) -> ElectronicSignature {
        ElectronicSignature(signerId: actor.id, printedName: actor.name, time: time, meaning: meaning)
    }
}

/// The error a throwing call raised, for asserting its exact kind.
func mesError(_ body: () throws -> Void) -> MESError? {
    do {
        try body()
        return nil
    } catch let error as MESError {
        return error
    } catch {
        return nil
    }
}
