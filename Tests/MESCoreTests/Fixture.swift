import Foundation
import MESCore
import MESSampleData
import MESStore

/// The sample shop with its people, and helpers to drive it.
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
    static let qualityEngineer = Actor(id: "qe-1", name: "Quinn Engineer", roles: [.qualityEngineer])
    static let inspector = Actor(id: "qi-1", name: "Ida Inspector", roles: [.qualityInspector])

    static let blade = SampleShop.blade
    static let disk = SampleShop.disk
    static let heatLot = SampleShop.heatLot

    static var masterData: MasterData { SampleShop.masterData(start: start) }

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
        let id = engine.state.newestWorkOrder!
        try engine.execute(.releaseWorkOrder(id: id), by: planner, at: time)
        return (id, engine.state.workOrders[id]!.serials)
    }

    static let equipmentFor = SampleShop.equipmentFor

    /// Starts and completes one operation with op-1 on the routing's machine.
    static func perform(_ engine: MESEngine, order: String, serial: String, operation: Int, at time: Date, scrap: String? = nil, tools: [String] = []) throws {
        let unit = engine.state.serials[serial]!
        let workCenter = unit.operations.first { $0.number == operation }!.workCenter
        let machine = equipmentFor[unit.partNumber]?[operation] ?? engine.state.equipment.values.filter { $0.workCenter == workCenter }.map(\.id).min()!
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
