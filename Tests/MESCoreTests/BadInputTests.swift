import Foundation
import MESCore
import MESStore
import Testing

@Suite("Bad input: typed errors, state unchanged")
struct BadInputTests {
    static func expectRefused(_ engine: MESEngine, _ command: Command, by actor: Actor = Fixture.admin, _ expected: MESError) {
        let before = engine.state
        let journal = engine.journalLength
        let error = mesError { try engine.execute(command, by: actor, at: Fixture.day(2)) }
        #expect(error == expected)
        #expect(engine.state == before, "state changed by a refused \(command.name)")
        #expect(engine.journalLength == journal + 1, "the refusal is journaled once")
    }

    @Test("unknown part number")
    func unknownPart() throws {
        let engine = try Fixture.engine()
        Self.expectRefused(engine, .createWorkOrder(CreateWorkOrder(partNumber: "ENG-NOPE-999", quantity: 3)), .notFound(entity: "part", id: "ENG-NOPE-999"))
        Self.expectRefused(engine, .createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, revision: "Z", quantity: 3)),
                           .notFound(entity: "part", id: "\(Fixture.blade)/Z"))
    }

    @Test("negative or zero quantities and malformed dates")
    func quantities() throws {
        let engine = try Fixture.engine()
        Self.expectRefused(engine, .createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: -5)),
                           .validation(field: "quantity", message: "must be between 1 and 100000, got -5"))
        Self.expectRefused(engine, .createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 2, targetDate: "2026-02-30")),
                           .validation(field: "targetDate", message: "must be a date yyyy-MM-dd, got '2026-02-30'"))
        Self.expectRefused(engine, .splitLot(parentLot: Fixture.heatLot, newLot: "S-1", quantity: -1),
                           .validation(field: "quantity", message: "must be a positive number, got -1.0"))
        Self.expectRefused(engine, .splitLot(parentLot: Fixture.heatLot, newLot: "S-1", quantity: .nan),
                           .validation(field: "quantity", message: "must be a positive number, got nan"))
    }

    @Test("duplicate serial numbers, within a release or against existing serials")
    func duplicateSerials() throws {
        let engine = try Fixture.engine()
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 2)), by: Fixture.planner, at: Fixture.day(1))
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(1))
        let ids = engine.state.workOrders.keys.sorted()
        Self.expectRefused(engine, .releaseWorkOrder(id: ids[0], serials: ["B-1", "B-1"]), .duplicate(entity: "serial", id: "B-1"))
        try engine.execute(.releaseWorkOrder(id: ids[0], serials: ["B-1", "B-2"]), by: Fixture.planner, at: Fixture.day(2))
        Self.expectRefused(engine, .releaseWorkOrder(id: ids[1], serials: ["B-2"]), .duplicate(entity: "serial", id: "B-2"))
        Self.expectRefused(engine, .releaseWorkOrder(id: ids[1], serials: ["B-3", "B-4"]),
                           .validation(field: "serials", message: "1 serial numbers needed, got 2"))
    }

    @Test("consuming more than a lot holds, or a material not in the bill of materials")
    func overConsumption() throws {
        let engine = try Fixture.engine()
        let (_, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        Self.expectRefused(engine, .consumeMaterial(lotCode: "L-IN718-002", serial: serials[0], quantity: 50.5), by: Fixture.operatorOne,
                           .validation(field: "quantity", message: "50.5 kg exceeds the 50.0 kg of L-IN718-002 available to WO-2026-001001"))
        Self.expectRefused(engine, .consumeMaterial(lotCode: "L-TI64-001", serial: serials[0], quantity: 1), by: Fixture.operatorOne,
                           .precondition("material TI64-BAR is not in the bill of materials of ENG-BLADE-001 rev A and no substitution is approved"))
        Self.expectRefused(engine, .consumeMaterial(lotCode: "L-NOPE", serial: serials[0], quantity: 1), by: Fixture.operatorOne,
                           .notFound(entity: "material lot", id: "L-NOPE"))
    }

    @Test("allocation reserves stock for an order: others cannot draw it, the order can")
    func allocation() throws {
        let engine = try Fixture.engine()
        let first = try Fixture.releasedOrder(engine, quantity: 1)
        let second = try Fixture.releasedOrder(engine, quantity: 1)
        try engine.execute(.allocateMaterial(lotCode: "L-IN718-002", workOrderId: first.id, quantity: 48), by: Fixture.planner, at: Fixture.day(1))
        Self.expectRefused(engine, .consumeMaterial(lotCode: "L-IN718-002", serial: second.serials[0], quantity: 2.5), by: Fixture.operatorOne,
                           .validation(field: "quantity", message: "2.5 kg exceeds the 2.0 kg of L-IN718-002 available to \(second.id)"))
        try engine.execute(.consumeMaterial(lotCode: "L-IN718-002", serial: first.serials[0], quantity: 2.5), by: Fixture.operatorOne, at: Fixture.day(2))
        #expect(engine.state.lots["L-IN718-002"]?.allocated == 45.5)
        let inventory = try engine.inventory(by: Fixture.operatorOne).first { $0.material == "IN718-BAR" }
        #expect(inventory?.available == 100 + 47.5 && inventory?.allocated == 45.5)
    }

    @Test("an approved substitution (with an approval e-signature) lets a substitute material in")
    func substitution() throws {
        let engine = try Fixture.engine()
        let (_, serials) = try Fixture.releasedOrder(engine, quantity: 1)
        try engine.execute(.receiveLot(MaterialLot(lotCode: "L-FORGE-1", material: "IN718-FORGING", heatNumber: "H-5", supplier: "PCC", quantity: 30, unit: "kg")),
                           by: Fixture.admin, at: Fixture.day(1))
        let consume = Command.consumeMaterial(lotCode: "L-FORGE-1", serial: serials[0], quantity: 3)
        #expect(mesError { try engine.execute(consume, by: Fixture.operatorOne, at: Fixture.day(2)) }?.httpStatus == 409)
        let t = Fixture.day(2)
        let wrongSigner = Substitution(partNumber: Fixture.blade, material: "IN718-BAR", substitute: "IN718-FORGING",
                                       signature: Fixture.signature(Fixture.planner, .approval, at: t))
        Self.expectRefused(engine, .approveSubstitution(wrongSigner), by: Fixture.supervisor,
                           .validation(field: "signature.signerId", message: "must be the signing actor 'supervisor', got 'planner'"))
        try engine.execute(.approveSubstitution(Substitution(partNumber: Fixture.blade, material: "IN718-BAR", substitute: "IN718-FORGING",
                                                             signature: Fixture.signature(Fixture.supervisor, .approval, at: t))),
                           by: Fixture.supervisor, at: t)
        try engine.execute(consume, by: Fixture.operatorOne, at: t)
        #expect(engine.state.serials[serials[0]]?.consumptions.map(\.lotCode) == ["L-FORGE-1"])
    }

    @Test("master data with a duplicate anywhere is refused whole")
    func masterDataAtomic() throws {
        let engine = try MESEngine(store: InMemoryJournalStore())
        var data = Fixture.masterData
        data.equipment.append(data.equipment[0])
        let error = mesError { try engine.execute(.loadMasterData(data), by: Fixture.admin, at: Fixture.start) }
        #expect(error == .duplicate(entity: "equipment", id: "LATHE-1"))
        #expect(engine.state == MESState())
    }
}
