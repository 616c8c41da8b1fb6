import Foundation
import MESCore
import MESStore
import Testing

@testable import Equipment

/// The MES side of the hardware abstraction records what any driver reports; these drive it
/// with the events a machine sends and read the MES back.
@Suite("Equipment gateway: driver events into the MES")
struct GatewayTests {
    let start = Date(timeIntervalSince1970: 1_767_592_800)
    let admin = Actor(id: "admin", name: "Admin", roles: [.systemAdministrator])

    func engine() throws -> MESEngine {
        let engine = try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly)
        let part = Part(partNumber: "P-1", revision: "A", description: "Part", billOfMaterials: [], routing: [
            RoutingOperation(number: 10, description: "Turn", workCenter: "WC", equipmentClass: "lathe", setupMinutes: 0, runMinutes: 10)
        ])
        let data = MasterData(parts: [part], equipment: [Equipment(id: "M-1", equipmentClass: "lathe", workCenter: "WC")],
                              operators: [Operator(id: "OP-1", name: "Operator", roles: [.operator], certifications: [])])
        try engine.execute(.loadMasterData(data), by: admin, at: start)
        return engine
    }

    func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    @Test("PackML states and modes map to the MES's equipment states")
    func mapping() {
        let map = MESEquipmentGateway.mesState
        #expect(map(.aborted, .production, true) == .aborted)
        #expect(map(.aborted, .changeover, false) == .aborted)
        #expect(map(.suspended, .production, false) == .suspended)
        #expect(map(.held, .production, true) == .held)
        #expect(map(.execute, .changeover, false) == .setup)
        #expect(map(.idle, .production, false) == .idle)
        #expect(map(.stopped, .production, false) == .stopped)
        #expect(map(.execute, .production, true) == .execute)
        #expect(map(.execute, .production, false) == nil, "a start is the operator's to book")
        #expect(map(.stopped, .production, true) == nil, "a running operation is not stopped by a report")
        #expect(map(.stopped, .maintenance, false) == nil, "maintenance orders own the machine")
    }

    @Test("a breakdown mid-operation is recorded as Aborted, the repair as Execute again, a changeover as Setup")
    func breakdownAndChangeover() throws {
        let engine = try engine()
        let gateway = MESEquipmentGateway(engine: engine)
        gateway.receive(.modeChanged(equipmentId: "M-1", mode: .changeover, at: at(1)))
        gateway.receive(.stateChanged(equipmentId: "M-1", from: .idle, to: .execute, at: at(1)))
        #expect(engine.state.equipment["M-1"]?.state == .setup)
        gateway.receive(.modeChanged(equipmentId: "M-1", mode: .production, at: at(20)))
        gateway.receive(.stateChanged(equipmentId: "M-1", from: .execute, to: .idle, at: at(20)))
        #expect(engine.state.equipment["M-1"]?.state == .idle)
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: "P-1", quantity: 1)), by: admin, at: at(21))
        let order = try #require(engine.state.newestWorkOrder)
        try engine.execute(.releaseWorkOrder(id: order), by: admin, at: at(21))
        let serial = try #require(engine.state.workOrders[order]?.serials.first)
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: 10, equipmentId: "M-1", operatorId: "OP-1")),
                           by: admin, at: at(22))
        gateway.receive(.stateChanged(equipmentId: "M-1", from: .idle, to: .execute, at: at(22)))
        gateway.receive(.stateChanged(equipmentId: "M-1", from: .execute, to: .aborted, at: at(25)))
        gateway.receive(.alarm(Alarm(equipmentId: "M-1", code: "E42", text: "spindle fault", severity: .fault, active: true, time: at(25))))
        #expect(engine.state.equipment["M-1"]?.state == .aborted)
        #expect(gateway.activeAlarms.count == 1)
        gateway.receive(.stateChanged(equipmentId: "M-1", from: .aborted, to: .execute, at: at(40)))
        gateway.receive(.alarm(Alarm(equipmentId: "M-1", code: "E42", text: "spindle fault", severity: .fault, active: false, time: at(40))))
        #expect(engine.state.equipment["M-1"]?.state == .execute)
        #expect(gateway.activeAlarms.isEmpty && gateway.alarmsRaised == 1)
        gateway.receive(.partsCounted(equipmentId: "M-1", good: 1, bad: 0, at: at(45)))
        gateway.receive(.processValue(ProcessValue(equipmentId: "M-1", tag: "spindle-load", value: 41.5, unit: "%", quality: .uncertain, time: at(45))))
        #expect(gateway.counters["M-1"]?.good == 1)
        #expect(gateway.latestValues["M-1/spindle-load"]?.quality == .uncertain, "a Bad or Uncertain value is kept as a quality flag")
        #expect(gateway.refusals.isEmpty)
    }

    @Test("a report the MES cannot take is kept as a refusal, not thrown")
    func refusal() throws {
        let gateway = MESEquipmentGateway(engine: try engine())
        gateway.receive(.stateChanged(equipmentId: "NO-SUCH", from: .idle, to: .aborted, at: at(1)))
        #expect(gateway.refusals.count == 1)
        #expect(gateway.refusals.first?.reason.contains("NO-SUCH") == true)
    }

    @Test("PackML paths are legal and shortest")
    func paths() throws {
        var machine = PackMLStateMachine(state: .aborted)
        try machine.drive(to: .execute)
        #expect(machine.state == .execute)
        #expect(PackMLStateMachine.path(from: .aborted, to: .execute) == [.command(.clear), .stateComplete, .command(.reset), .stateComplete, .command(.start), .stateComplete])
        #expect(PackMLStateMachine.path(from: .execute, to: .suspended) == [.command(.suspend), .stateComplete])
    }
}
