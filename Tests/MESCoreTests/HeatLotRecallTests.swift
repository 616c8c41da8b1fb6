import Foundation
import MESCore
import MESStore
import Testing

@Suite("Traceability: heat-lot recall")
struct HeatLotRecallTests {
    /// Blades from heat H-7781 (two through a split sub-lot, one scrapped), two of them
    /// installed into a disk; one blade from another heat that must stay out of the recall.
    static func shop() throws -> (engine: MESEngine, blades: [String], disk: String, other: String) {
        let engine = try Fixture.engine()
        let planner = Fixture.planner
        try engine.execute(.splitLot(parentLot: Fixture.heatLot, newLot: "SUB-A", quantity: 20), by: planner, at: Fixture.day(1))
        let order = try Fixture.releasedOrder(engine, quantity: 3)
        let blades = order.serials
        let sources = ["SUB-A", "SUB-A", Fixture.heatLot]
        for (serial, lot) in zip(blades, sources) {
            try engine.execute(.consumeMaterial(lotCode: lot, serial: serial, quantity: 2.5, operationNumber: 10), by: Fixture.operatorOne, at: Fixture.day(1.1))
        }
        var time = Fixture.day(1.2)
        for serial in blades {
            for operation in [10, 20, 30] {
                let scrap = serial == blades[2] && operation == 20 ? "airfoil gouge" : nil
                try Fixture.perform(engine, order: order.id, serial: serial, operation: operation, at: time, scrap: scrap)
                time = time.addingTimeInterval(3_600)
                if scrap != nil { break }
            }
        }
        let other = try Fixture.releasedOrder(engine, quantity: 1, at: time)
        try engine.execute(.consumeMaterial(lotCode: "L-IN718-002", serial: other.serials[0], quantity: 2.5), by: Fixture.operatorOne, at: time)
        let diskOrder = try Fixture.releasedOrder(engine, part: Fixture.disk, quantity: 1, at: time)
        let disk = diskOrder.serials[0]
        try engine.execute(.consumeMaterial(lotCode: "L-TI64-001", serial: disk, quantity: 10), by: Fixture.operatorOne, at: time)
        try Fixture.perform(engine, order: diskOrder.id, serial: disk, operation: 10, at: time.addingTimeInterval(60))
        for blade in blades.prefix(2) {
            try engine.execute(.installComponent(assembly: disk, component: blade), by: Fixture.operatorOne, at: time.addingTimeInterval(1_000))
        }
        try Fixture.perform(engine, order: diskOrder.id, serial: disk, operation: 20, at: time.addingTimeInterval(2_000))
        return (engine, blades, disk, other.serials[0])
    }

    @Test("quarantining a heat lot; forward trace finds every serial, order and scrapped unit; backward trace returns the heat")
    func recall() throws {
        let (engine, blades, disk, other) = try Self.shop()
        try engine.execute(.quarantineLot(lotCode: Fixture.heatLot, reason: "supplier recall of heat H-7781"), by: Fixture.qualityEngineer, at: Fixture.day(5))
        #expect(engine.state.lots[Fixture.heatLot]?.status == .quarantined)
        #expect(engine.state.lots["SUB-A"]?.status == .quarantined, "the recall reaches the split sub-lot")

        let trace = try engine.traceability(by: Fixture.supervisor)
        let forward = try trace.forward(from: Fixture.heatLot)
        #expect(forward.lots == [Fixture.heatLot, "SUB-A"])
        #expect(Set(forward.serials.map(\.serial)) == Set(blades + [disk]))
        #expect(forward.serials.first { $0.serial == blades[2] }?.status == .scrapped)
        #expect(forward.serials.first { $0.serial == blades[0] }?.installedIn == disk)
        #expect(forward.workOrders == [engine.state.serials[blades[0]]!.workOrderId, engine.state.serials[disk]!.workOrderId].sorted())
        #expect(!forward.serials.contains { $0.serial == other })

        for serial in forward.serials.map(\.serial) {
            let backward = try trace.backward(from: serial)
            #expect(backward.lots.contains { $0.lotCode == Fixture.heatLot && $0.heatNumber == "H-7781" }, "\(serial) does not lead back to the heat")
        }
        let diskBack = try trace.backward(from: disk)
        #expect(Set(diskBack.lots.map(\.lotCode)) == [Fixture.heatLot, "SUB-A", "L-TI64-001"])
        #expect(diskBack.components == blades.prefix(2).sorted())

        // Quarantined material cannot be drawn any more.
        let next = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(6))
        #expect(mesError { try engine.execute(.consumeMaterial(lotCode: "SUB-A", serial: next.serials[0], quantity: 1), by: Fixture.operatorOne, at: Fixture.day(6)) }
            == .illegalTransition(entity: "material lot", id: "SUB-A", from: "Quarantined", command: "consume from"))
    }

    @Test("forward and backward traces are exact inverses over every lot and serial")
    func inverses() throws {
        let (engine, _, _, _) = try Self.shop()
        let trace = Traceability(engine.state)
        var pairsForward = Set<String>()
        for lot in engine.state.lots.keys {
            for serial in try trace.forward(from: lot).serials { pairsForward.insert("\(lot)|\(serial.serial)") }
        }
        var pairsBackward = Set<String>()
        for serial in engine.state.serials.keys {
            for lot in try trace.backward(from: serial).lots { pairsBackward.insert("\(lot.lotCode)|\(serial)") }
        }
        #expect(!pairsForward.isEmpty)
        #expect(pairsForward == pairsBackward)
    }

    @Test("the genealogy tree holds operations, equipment, operators, lots with heat and ancestry, and components; it exports as JSON and CSV")
    func genealogy() throws {
        let (engine, blades, disk, _) = try Self.shop()
        let tree = try Traceability(engine.state).genealogy(of: disk)
        #expect(tree.operations.map(\.equipmentId) == ["LATHE-1", "BENCH-1"])
        #expect(tree.materials.map(\.heatNumber) == ["H-2201"])
        #expect(tree.components.map(\.serial) == Array(blades.prefix(2)))
        let blade = tree.components[0]
        #expect(blade.materials.first?.lotAncestry == [Fixture.heatLot])
        #expect(blade.operations.allSatisfy { $0.operatorId == "op-1" && $0.completedAt != nil })

        let json = try JSONSerialization.jsonObject(with: TraceExport.json(tree)) as? [String: Any]
        #expect(json?["serial"] as? String == disk)
        let csv = TraceExport.csv(tree)
        let rows = csv.split(separator: "\r\n")
        #expect(rows.first == "serial,installed_in,kind,id,status_or_heat,equipment_or_supplier,operator_or_material,start,end,quantity")
        #expect(rows.count == 1 + 2 + 1 + 2 * (3 + 1))  // header, disk ops and material, two blades' three ops and material
        #expect(rows.contains { $0.hasPrefix("\(blades[0]),\(disk),material,SUB-A,H-7781,Special Metals,IN718-BAR") })
        let forwardCSV = TraceExport.csv(try Traceability(engine.state).forward(from: Fixture.heatLot))
        #expect(forwardCSV.split(separator: "\r\n").count == 1 + 4)
    }

    @Test("material reconciles: consumption per serial, scrap included, matches what left the lots")
    func reconciliation() throws {
        let (engine, blades, _, _) = try Self.shop()
        let consumed = blades.compactMap { engine.state.serials[$0] }.flatMap(\.consumptions).reduce(0) { $0 + $1.quantity }
        let heat = engine.state.lots[Fixture.heatLot]!
        let sub = engine.state.lots["SUB-A"]!
        #expect(consumed == 7.5)
        let drawnFromHeat = heat.quantity - heat.remaining - sub.quantity  // what left the heat lot other than the split
        let drawnFromSub = sub.quantity - sub.remaining
        #expect(drawnFromHeat + drawnFromSub == consumed)
        let order = engine.state.workOrders[engine.state.serials[blades[0]]!.workOrderId]!
        #expect(order.status == .completed)
        #expect(order.serials.compactMap { engine.state.serials[$0]?.status } == [.completed, .completed, .scrapped])
    }
}
