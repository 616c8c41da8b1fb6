import Foundation
import MESCore
import MESStore
import Testing

@Suite("Work-order state machine")
struct WorkOrderStateMachineTests {
    /// An engine holding one blade order in `status`.
    static func order(in status: WorkOrder.Status) throws -> (MESEngine, String) {
        let engine = try Fixture.engine()
        if status == .created {
            try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(1))
            return (engine, engine.state.workOrders.keys.first!)
        }
        let (id, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        let t = Fixture.day(2)
        switch status {
        case .released: break
        case .inProgress: try Fixture.perform(engine, order: id, serial: serials[0], operation: 10, at: t)
        case .onHold: try engine.execute(.holdWorkOrder(id: id, reason: "engineering query"), by: Fixture.supervisor, at: t)
        case .cancelled: try engine.execute(.cancelWorkOrder(id: id, reason: "customer cancelled"), by: Fixture.planner, at: t)
        case .completed, .closed:
            for (index, operation) in [10, 20, 30].enumerated() {
                try Fixture.perform(engine, order: id, serial: serials[0], operation: operation, at: t.addingTimeInterval(Double(index) * 3_600))
            }
            if status == .closed {
                let time = Fixture.day(3)
                try engine.execute(.closeWorkOrder(id: id, signature: Fixture.signature(Fixture.planner, .approval, at: time)), by: Fixture.planner, at: time)
            }
        case .created: break
        }
        #expect(engine.state.workOrders[id]?.status == status)
        return (engine, id)
    }

    enum Transition: String, CaseIterable { case release, hold, resume, cancel, close, delete, changeQuantity, start }

    /// Which transitions each status allows; everything else must be a typed 409.
    static let allowed: [WorkOrder.Status: Set<Transition>] = [
        .created: [.release, .cancel, .delete, .changeQuantity],
        .released: [.hold, .cancel, .start],
        .inProgress: [.hold, .cancel, .start],
        .onHold: [.resume, .cancel],
        .completed: [.close],
        .closed: [],
        .cancelled: [],
    ]

    static func attempt(_ transition: Transition, on id: String, in engine: MESEngine) throws {
        let t = Fixture.day(4)
        let command: Command
        switch transition {
        case .release: command = .releaseWorkOrder(id: id)
        case .hold: command = .holdWorkOrder(id: id, reason: "hold")
        case .resume: command = .resumeWorkOrder(id: id)
        case .cancel: command = .cancelWorkOrder(id: id, reason: "cancel")
        case .close: command = .closeWorkOrder(id: id, signature: Fixture.signature(Fixture.planner, .approval, at: t))
        case .delete: command = .deleteWorkOrder(id: id)
        case .changeQuantity: command = .updateWorkOrder(UpdateWorkOrder(id: id, quantity: 7))
        case .start:
            let serial = engine.state.workOrders[id]!.serials.first ?? "none"
            let next = engine.state.serials[serial]?.nextOperation?.number ?? 10
            command = .startOperation(StartOperation(workOrderId: id, serial: serial, operationNumber: next,
                                                     equipmentId: Fixture.equipmentFor[Fixture.blade]![next]!, operatorId: "op-1"))
        }
        try engine.execute(command, by: transition == .start ? Fixture.operatorOne : Fixture.planner, at: t)
    }

    @Test("every status × transition: allowed exactly as the lifecycle says, otherwise a typed 409 with the state unchanged",
          arguments: WorkOrder.Status.allCases)
    func lifecycle(_ status: WorkOrder.Status) throws {
        for transition in Transition.allCases {
            let (engine, id) = try Self.order(in: status)
            let before = engine.state
            let error = mesError { try Self.attempt(transition, on: id, in: engine) }
            if Self.allowed[status]!.contains(transition) {
                #expect(error == nil, "\(status) → \(transition) refused: \(String(describing: error))")
            } else {
                #expect(error?.httpStatus == 409, "\(status) → \(transition) gave \(String(describing: error))")
                #expect(engine.state == before, "\(status) → \(transition) changed state although refused")
            }
        }
    }

    @Test("an order on hold resumes to the status it had, and completes when its last serial finishes")
    func holdAndResume() throws {
        let (engine, id) = try Self.order(in: .inProgress)
        try engine.execute(.holdWorkOrder(id: id, reason: "awaiting MRB"), by: Fixture.supervisor, at: Fixture.day(3))
        #expect(engine.state.workOrders[id]?.holdReason == "awaiting MRB")
        try engine.execute(.resumeWorkOrder(id: id), by: Fixture.supervisor, at: Fixture.day(4))
        #expect(engine.state.workOrders[id]?.status == .inProgress && engine.state.workOrders[id]?.holdReason == nil)
        let serial = engine.state.workOrders[id]!.serials[0]
        try Fixture.perform(engine, order: id, serial: serial, operation: 20, at: Fixture.day(5))
        try Fixture.perform(engine, order: id, serial: serial, operation: 30, at: Fixture.day(6))
        #expect(engine.state.workOrders[id]?.status == .completed)
        #expect(engine.state.workOrders[id]?.completedAt == Fixture.day(6).addingTimeInterval(600))
    }

    @Test("an operation cannot start before its predecessor completes")
    func predecessor() throws {
        let engine = try Fixture.engine()
        let (id, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        let early = StartOperation(workOrderId: id, serial: serials[0], operationNumber: 20, equipmentId: "MILL-1", operatorId: "op-1")
        #expect(mesError { try engine.execute(.startOperation(early), by: Fixture.operatorOne, at: Fixture.day(2)) }
            == .precondition("operation 20 of \(serials[0]) cannot start before operation 10 is complete"))
        try engine.execute(.startOperation(StartOperation(workOrderId: id, serial: serials[0], operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: Fixture.day(2))
        #expect(mesError { try engine.execute(.startOperation(early), by: Fixture.operatorOne, at: Fixture.day(2)) }?.httpStatus == 409, "10 is started, not complete")
    }

    @Test("release generates one serial per unit and the per-serial operations from the routing; ids follow WO-yyyy-nnnnnn")
    func release() throws {
        let engine = try Fixture.engine()
        let (id, serials) = try Fixture.releasedOrder(engine, quantity: 10)
        #expect(id == "WO-2026-001001")
        #expect(serials.count == 10 && Set(serials).count == 10 && serials.first == "SN-2026-001001-01" && serials.last == "SN-2026-001001-10")
        for serial in serials {
            #expect(engine.state.serials[serial]?.operations.map(\.number) == [10, 20, 30])
            #expect(engine.state.serials[serial]?.operations.allSatisfy { $0.status == .pending } == true)
        }
        let order = engine.state.workOrders[id]!
        #expect(order.priority == .high && order.targetDate == "2026-03-31" && order.releasedAt == Fixture.day(1))
    }
}
