import Foundation
import MESCore
import MESStore
import Testing

@Suite("Skill gating and maintenance lockout")
struct GatingTests {
    @Test("an operator whose certification expired yesterday cannot start the operation; the refusal is audited")
    func expiredCertification() throws {
        let engine = try Fixture.engine()
        let order = try Fixture.releasedOrder(engine, quantity: 1)
        let serial = order.serials[0]
        let before = engine.state
        let today = Fixture.day(3)  // op-2's CNC-TURN expired at day 2
        let start = StartOperation(workOrderId: order.id, serial: serial, operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-2")
        let error = mesError { try engine.execute(.startOperation(start), by: Fixture.operatorTwo, at: today) }
        #expect(error == .precondition("operator 'op-2' holds no valid certification 'CNC-TURN' for operation 10"))
        #expect(error?.httpStatus == 409)
        #expect(engine.state == before)

        let trail = try engine.auditTrail(of: EntityReference(.serial, serial), by: Fixture.supervisor)
        let refusal = try #require(trail.last)
        #expect(refusal.action == .refused && refusal.actorId == "op-2" && refusal.time == today && refusal.command == "start operation")
        #expect(refusal.reason?.contains("CNC-TURN") == true)

        // The day before it expired, the same start was allowed.
        let engine2 = try Fixture.engine()
        let order2 = try Fixture.releasedOrder(engine2, quantity: 1)
        try engine2.execute(.startOperation(StartOperation(workOrderId: order2.id, serial: order2.serials[0], operationNumber: 10,
                                                           equipmentId: "LATHE-1", operatorId: "op-2")), by: Fixture.operatorTwo, at: Fixture.day(1.5))
        #expect(engine2.state.serials[order2.serials[0]]?.operations[0].status == .inProgress)
    }

    @Test("equipment overdue for PM blocks starts until its maintenance order completes")
    func preventiveMaintenanceLockout() throws {
        let engine = try Fixture.engine()
        let order = try Fixture.releasedOrder(engine, quantity: 1)
        let late = Fixture.day(40)  // LATHE-1: last PM day -1, every 30 days
        let start = StartOperation(workOrderId: order.id, serial: order.serials[0], operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1")
        let refused = mesError { try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: late) }
        #expect(refused?.description.contains("overdue for preventive maintenance") == true)

        try engine.execute(.scheduleMaintenance(assetId: "LATHE-1", kind: .preventive, description: "30-day PM"), by: Fixture.technician, at: late)
        let maintenance = try #require(engine.state.maintenanceOrders.keys.first)
        #expect(maintenance == "MO-2026-000001")
        try engine.execute(.startMaintenance(orderId: maintenance), by: Fixture.technician, at: late)
        #expect(engine.state.equipment["LATHE-1"]?.state == .maintenance)
        #expect(mesError { try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: late) } == .precondition("equipment 'LATHE-1' is Maintenance"))
        #expect(mesError { try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .idle), by: Fixture.technician, at: late) }?.httpStatus == 409)

        let done = late.addingTimeInterval(7_200)
        #expect(mesError {
            try engine.execute(.completeMaintenance(orderId: maintenance, signature: Fixture.signature(Fixture.technician, .approval, at: done)), by: Fixture.technician, at: done)
        } == .validation(field: "signature.meaning", message: "must be 'responsibility', got 'approval'"))
        try engine.execute(.completeMaintenance(orderId: maintenance, signature: Fixture.signature(Fixture.technician, .responsibility, at: done)),
                           by: Fixture.technician, at: done)
        #expect(engine.state.equipment["LATHE-1"]?.lastPreventiveMaintenance == done)
        try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: done)
        #expect(engine.state.equipment["LATHE-1"]?.state == .execute)
    }

    @Test("a gauge past its calibration date blocks starts until its calibration order completes")
    func gaugeCalibrationLockout() throws {
        let engine = try Fixture.engine()
        let order = try Fixture.releasedOrder(engine, quantity: 1)
        let late = Fixture.day(12)  // GAUGE-1 due at day 10
        let start = StartOperation(workOrderId: order.id, serial: order.serials[0], operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1",
                                   toolIds: ["GAUGE-1"])
        #expect(mesError { try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: late) }?.description.contains("gauge 'GAUGE-1' is past its calibration date") == true)
        try engine.execute(.scheduleMaintenance(assetId: "GAUGE-1", kind: .calibration, description: "annual calibration"), by: Fixture.technician, at: late)
        let calibration = try #require(engine.state.maintenanceOrders.keys.first)
        try engine.execute(.startMaintenance(orderId: calibration), by: Fixture.technician, at: late)
        #expect(mesError { try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: late) } == .precondition("gauge 'GAUGE-1' is in maintenance"))
        try engine.execute(.completeMaintenance(orderId: calibration, signature: Fixture.signature(Fixture.technician, .responsibility, at: late)),
                           by: Fixture.technician, at: late)
        #expect(engine.state.tools["GAUGE-1"]?.calibrationDue == late.addingTimeInterval(90 * 86_400))
        try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: late)
        #expect(engine.state.serials[order.serials[0]]?.operations[0].toolIds == ["GAUGE-1"])
    }

    @Test("a broken-down machine (Aborted) refuses starts; equipment of the wrong work centre is refused; an alternate work centre is accepted")
    func equipmentAvailability() throws {
        let engine = try Fixture.engine()
        let order = try Fixture.releasedOrder(engine, quantity: 2)
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .aborted), by: Fixture.supervisor, at: Fixture.day(2))
        func start(_ serial: String, on machine: String) throws {
            try engine.execute(.startOperation(StartOperation(workOrderId: order.id, serial: serial, operationNumber: 10, equipmentId: machine, operatorId: "op-1")),
                               by: Fixture.operatorOne, at: Fixture.day(2))
        }
        #expect(mesError { try start(order.serials[0], on: "LATHE-1") } == .precondition("equipment 'LATHE-1' is Aborted"))
        #expect(mesError { try start(order.serials[0], on: "MILL-1") }?.description.contains("cannot perform operation 10") == true)
        try start(order.serials[0], on: "LATHE-2")
        #expect(mesError { try start(order.serials[1], on: "LATHE-2") } == .precondition("equipment 'LATHE-2' is busy (Execute)"))
    }
}

@Suite("Breakdowns mid-operation")
struct BreakdownRepairTests {
    @Test("a machine that broke down mid-operation is repaired under a corrective order, held, then resumes the operation")
    func correctiveRepairUnderRunningOperation() throws {
        let engine = try Fixture.engine()
        let order = try Fixture.releasedOrder(engine, quantity: 1)
        let serial = order.serials[0]
        let start = StartOperation(workOrderId: order.id, serial: serial, operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1")
        try engine.execute(.startOperation(start), by: Fixture.operatorOne, at: Fixture.day(1.1))
        let gateway = Actor(id: "gateway", name: "Gateway", roles: [.maintenanceTechnician])
        // Preventive work may not start under a running operation, nor corrective work before the machine is down.
        try engine.execute(.scheduleMaintenance(assetId: "LATHE-1", kind: .corrective, description: "spindle fault E42"), by: Fixture.technician, at: Fixture.day(1.2))
        let repair = try #require(engine.state.maintenanceOrders.values.first { $0.kind == .corrective }?.id)
        #expect(mesError { try engine.execute(.startMaintenance(orderId: repair), by: Fixture.technician, at: Fixture.day(1.2)) }?.httpStatus == 409)
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .aborted), by: gateway, at: Fixture.day(1.2))
        try engine.execute(.startMaintenance(orderId: repair), by: Fixture.technician, at: Fixture.day(1.2))
        #expect(engine.state.equipment["LATHE-1"]?.state == .maintenance)
        #expect(engine.state.serials[serial]?.operations[0].status == .inProgress, "the part stays in the machine, its operation running")
        try engine.execute(.completeMaintenance(orderId: repair, signature: Fixture.signature(Fixture.technician, .responsibility, at: Fixture.day(1.3))),
                           by: Fixture.technician, at: Fixture.day(1.3))
        #expect(engine.state.equipment["LATHE-1"]?.state == .held)
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .execute), by: gateway, at: Fixture.day(1.3))
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order.id, serial: serial, operationNumber: 10)), by: Fixture.operatorOne, at: Fixture.day(1.4))
        #expect(engine.state.equipment["LATHE-1"]?.state == .idle)
    }
}
