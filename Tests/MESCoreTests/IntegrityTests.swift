import Foundation
import GRDB
import MESCore
import MESStore
import Testing

/// Paths that once let the state go inconsistent or a rule be bypassed (found in review), each
/// now refused with a typed error and the state unchanged.
@Suite("Integrity: rules that cannot be bypassed")
struct IntegrityTests {
    func start(_ engine: MESEngine, _ order: String, _ serial: String, _ operation: Int, on machine: String, by actor: Actor = Fixture.operatorOne,
               as person: String = "op-1", tools: [String] = [], at time: Date) throws {
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: operation, equipmentId: machine,
                                                          operatorId: person, toolIds: tools)), by: actor, at: time)
    }

    @Test("a running machine can be held or aborted, not idled, stopped or taken into maintenance; completion leaves a held machine held")
    func busyMachine() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 2)
        try start(engine, order, serials[0], 10, on: "LATHE-1", at: Fixture.day(2))
        #expect(mesError { try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .idle), by: Fixture.supervisor, at: Fixture.day(2)) }
            == .precondition("equipment 'LATHE-1' is running operation \(serials[0])/10; complete it before setting Idle"))
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .held), by: Fixture.supervisor, at: Fixture.day(2))
        try engine.execute(.scheduleMaintenance(assetId: "LATHE-1", kind: .corrective, description: "spindle noise"), by: Fixture.technician, at: Fixture.day(2))
        let maintenance = engine.state.maintenanceOrders.keys.first!
        #expect(mesError { try engine.execute(.startMaintenance(orderId: maintenance), by: Fixture.technician, at: Fixture.day(2)) }?.httpStatus == 409)
        #expect(mesError { try start(engine, order, serials[1], 10, on: "LATHE-1", at: Fixture.day(2)) }?.httpStatus == 409)
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serials[0], operationNumber: 10)), by: Fixture.operatorOne, at: Fixture.day(2.1))
        #expect(engine.state.equipment["LATHE-1"]?.state == .held)
        try engine.execute(.startMaintenance(orderId: maintenance), by: Fixture.technician, at: Fixture.day(2.2))
        #expect(engine.state.equipment["LATHE-1"]?.state == .maintenance)
    }

    @Test("a gauge in use cannot go for calibration")
    func gaugeInUse() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        try start(engine, order, serials[0], 10, on: "LATHE-1", tools: ["GAUGE-1"], at: Fixture.day(2))
        try engine.execute(.scheduleMaintenance(assetId: "GAUGE-1", kind: .calibration, description: "cal"), by: Fixture.technician, at: Fixture.day(2))
        #expect(mesError { try engine.execute(.startMaintenance(orderId: engine.state.maintenanceOrders.keys.first!), by: Fixture.technician, at: Fixture.day(2)) }
            == .precondition("tool 'GAUGE-1' is in use by operation \(serials[0])/10; complete it first"))
    }

    @Test("an operator cannot start work under a colleague's certification; a supervisor may book it")
    func borrowedCertification() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 2)
        #expect(mesError { try start(engine, order, serials[0], 10, on: "LATHE-1", by: Fixture.operatorTwo, as: "op-1", at: Fixture.day(5)) }?.httpStatus == 409)
        try start(engine, order, serials[0], 10, on: "LATHE-1", by: Fixture.supervisor, as: "op-1", at: Fixture.day(5))
    }

    @Test("a sub-lot cannot be deleted, nor released while its parent heat is quarantined")
    func subLots() throws {
        let engine = try Fixture.engine()
        try engine.execute(.splitLot(parentLot: Fixture.heatLot, newLot: "SUB", quantity: 10), by: Fixture.supervisor, at: Fixture.day(1))
        #expect(mesError { try engine.execute(.deleteLot(lotCode: "SUB"), by: Fixture.admin, at: Fixture.day(1)) }?.httpStatus == 409)
        try engine.execute(.quarantineLot(lotCode: Fixture.heatLot, reason: "bad heat"), by: Fixture.qualityEngineer, at: Fixture.day(1))
        #expect(mesError { try engine.execute(.releaseLot(lotCode: "SUB"), by: Fixture.qualityEngineer, at: Fixture.day(1)) }
            == .precondition("material lot 'SUB' was split from '\(Fixture.heatLot)', which is quarantined; release that first"))
    }

    @Test("allocations are given back when their order is deleted, cancelled or completed")
    func allocationsFollowTheirOrder() throws {
        let engine = try Fixture.engine()
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(1))
        let deleted = engine.state.newestWorkOrder!
        try engine.execute(.allocateMaterial(lotCode: "L-IN718-002", workOrderId: deleted, quantity: 50), by: Fixture.planner, at: Fixture.day(1))
        try engine.execute(.deleteWorkOrder(id: deleted), by: Fixture.planner, at: Fixture.day(1))
        #expect(engine.state.lots["L-IN718-002"]?.allocated == 0 && engine.state.allocations.isEmpty)
        let (cancelled, _) = try Fixture.releasedOrder(engine, quantity: 1)
        try engine.execute(.allocateMaterial(lotCode: "L-IN718-002", workOrderId: cancelled, quantity: 20), by: Fixture.planner, at: Fixture.day(1))
        try engine.execute(.cancelWorkOrder(id: cancelled, reason: "customer"), by: Fixture.planner, at: Fixture.day(2))
        #expect(engine.state.lots["L-IN718-002"]?.allocated == 0)
    }

    @Test("no material goes into serials of orders on hold or cancelled")
    func consumeOnlyIntoActiveOrders() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        try engine.execute(.holdWorkOrder(id: order, reason: "MRB"), by: Fixture.supervisor, at: Fixture.day(2))
        #expect(mesError { try engine.execute(.consumeMaterial(lotCode: Fixture.heatLot, serial: serials[0], quantity: 2.5), by: Fixture.operatorOne, at: Fixture.day(2)) }
            == .illegalTransition(entity: "work order", id: order, from: "OnHold", command: "consume material into"))
    }

    @Test("non-finite dates, new equipment in odd states and empty loads are refused")
    func validation() throws {
        let engine = try Fixture.engine()
        let nan = Date(timeIntervalSinceReferenceDate: .nan)
        #expect(mesError { try engine.execute(.registerEquipment(Equipment(id: "L9", equipmentClass: "lathe", workCenter: "TURN", calibrationDue: nan, calibrationIntervalDays: 1)),
                                              by: Fixture.admin, at: Fixture.day(1)) } == .validation(field: "equipment.calibrationDue", message: "is not a finite date"))
        #expect(mesError { try engine.execute(.registerEquipment(Equipment(id: "L9", equipmentClass: "lathe", workCenter: "TURN", state: .maintenance)),
                                              by: Fixture.admin, at: Fixture.day(1)) }?.httpStatus == 422)
        #expect(mesError { try engine.execute(.registerEquipment(Equipment(id: "L9", equipmentClass: "lathe", workCenter: "TURN", calibrationDue: Fixture.day(3))),
                                              by: Fixture.admin, at: Fixture.day(1)) }?.httpStatus == 422)
        #expect(mesError { try engine.execute(.loadMasterData(MasterData()), by: Fixture.admin, at: Fixture.day(1)) }
            == .validation(field: "masterData", message: "there is nothing to load"))
        #expect(mesError { try engine.execute(.holdWorkOrder(id: "x", reason: "y"), by: Fixture.admin, at: nan) }?.httpStatus == 422)
    }

    @Test("the journal only moves forward in time")
    func noBackdating() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(20))
        let length = engine.journalLength
        #expect(mesError { try start(engine, order, serials[0], 10, on: "LATHE-1", tools: ["GAUGE-1"], at: Fixture.day(5)) }?.httpStatus == 422)
        #expect(engine.journalLength == length)
    }

    @Test("a lot can be drawn to exactly zero through decimal amounts")
    func decimalQuantities() throws {
        let engine = try Fixture.engine()
        try engine.execute(.receiveLot(MaterialLot(lotCode: "SMALL", material: "IN718-BAR", heatNumber: "H-3", supplier: "S", quantity: 0.3, unit: "kg")),
                           by: Fixture.admin, at: Fixture.day(1))
        let (_, serials) = try Fixture.releasedOrder(engine, quantity: 3)
        for serial in serials { try engine.execute(.consumeMaterial(lotCode: "SMALL", serial: serial, quantity: 0.1), by: Fixture.operatorOne, at: Fixture.day(2)) }
        #expect(engine.state.lots["SMALL"]?.remaining == 0 && engine.state.lots["SMALL"]?.status == .consumed)
    }

    @Test("revisions compare numerically: 10 is newer than 9")
    func revisions() throws {
        let engine = try Fixture.engine()
        var part = Fixture.masterData.parts[0]
        for revision in ["9", "10"] {
            part = Part(partNumber: "ENG-VANE-002", revision: revision, description: "vane", billOfMaterials: part.billOfMaterials, routing: part.routing)
            try engine.execute(.definePart(part), by: Fixture.admin, at: Fixture.day(1))
        }
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: "ENG-VANE-002", quantity: 1)), by: Fixture.planner, at: Fixture.day(1))
        #expect(engine.state.workOrders[engine.state.newestWorkOrder!]?.revision == "10")
    }

    @Test("times survive a reopen bit for bit, whatever their fraction")
    func dateRoundTrip() throws {
        let odd = Date(timeIntervalSinceReferenceDate: 790_000_000.123456789)
        let database = TemporaryDatabase()
        let expected: MESState
        do {
            let engine = try MESEngine(store: SQLiteJournalStore(path: database.path))
            try engine.execute(.loadMasterData(SampleShopData.data(at: odd)), by: Fixture.admin, at: odd)
            expected = engine.state
        }
        #expect(try MESEngine(store: SQLiteJournalStore(path: database.path)).state == expected)
    }

    @Test("verification catches edited columns, non-canonical entry text and a forged read model; a broken journal does not open")
    func verificationHoles() throws {
        for tamper in [
            "UPDATE audit_log SET actor_name = 'Forged' WHERE id = 3", "UPDATE audit_log SET reason = 'forged' WHERE id = 3",
            "UPDATE journal SET actor_id = 'forged' WHERE sequence = 4", "UPDATE journal SET time = 0 WHERE sequence = 4",
            "UPDATE entities SET json = '{\"forged\":true}' WHERE rowid = 1",
            "UPDATE journal SET entry = '{\"approvedBy\":\"mallory\",' || substr(entry, 2) WHERE sequence = 3",
        ] {
            let database = TemporaryDatabase()
            do { try StoreTests.drive(try MESEngine(store: SQLiteJournalStore(path: database.path)), commands: 20) }
            let store = try SQLiteJournalStore(path: database.path)
            #expect(try store.verify() == .intact(entries: 21))
            #expect(try store.head().entries == 21)
            try DatabaseQueue(path: database.path).write { db in try db.execute(sql: tamper) }
            if case .intact = try store.verify() { Issue.record("undetected: \(tamper)") }
            #expect(throws: StoreError.self, "opened after: \(tamper)") { _ = try MESEngine(store: store) }
        }
    }
}

/// Master data dated from any instant, for the round-trip test.
enum SampleShopData {
    static func data(at time: Date) -> MasterData {
        var data = Fixture.masterData
        data.equipment = data.equipment.map { machine in
            var copy = machine
            copy.lastPreventiveMaintenance = machine.lastPreventiveMaintenance.map { _ in time }
            return copy
        }
        return data
    }
}

@Suite("Equipment resuming an operation")
struct EquipmentResumeTests {
    @Test("a machine that breaks down mid-operation goes back to Execute when repaired; Execute cannot be set on an idle machine")
    func resume() throws {
        let engine = try Fixture.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        #expect(mesError { try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .execute), by: Fixture.supervisor, at: Fixture.day(2)) }?.httpStatus == 422)
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serials[0], operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: Fixture.day(2))
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .aborted), by: Fixture.supervisor, at: Fixture.day(2.1))
        try engine.execute(.setEquipmentState(equipmentId: "LATHE-1", state: .execute), by: Fixture.supervisor, at: Fixture.day(2.2))
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serials[0], operationNumber: 10)), by: Fixture.operatorOne, at: Fixture.day(2.3))
        #expect(engine.state.equipment["LATHE-1"]?.state == .idle)
    }
}
