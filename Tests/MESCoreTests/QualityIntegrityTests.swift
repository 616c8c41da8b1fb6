import Foundation
import MESCore
import MESStore
import SPC
import Testing

/// Quality paths found open in review, each now closed.
@Suite("Quality integrity")
struct QualityIntegrityTests {
    typealias Q = QualityTests

    @Test("a certificate is refused while any characteristic's latest result is missing, even after a passing re-inspection of the failed one")
    func unmeasuredCharacteristicsBlockTheCertificate() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Q.toInspection(engine, order, serials[0], at: Fixture.day(3))
        try engine.execute(.createInspection(serial: serials[0], planId: Q.plan.id), by: Fixture.inspector, at: Fixture.day(3.1))
        let first = engine.state.inspections.keys.max()!
        try engine.execute(.recordResults(inspectionId: first, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10.08)]), by: Fixture.inspector, at: Fixture.day(3.1))
        #expect(engine.state.inspections[first]?.status == .open, "the inspection stays open until all is measured")
        try engine.execute(.recordResults(inspectionId: first, measurements: [MeasuredValue(characteristicId: "AIRFOIL-T", value: 2.0)]), by: Fixture.inspector, at: Fixture.day(3.1))
        try Q.complete(engine, order, serials[0], 30, at: Fixture.day(3.2))
        let ncr = engine.state.nonConformances.keys.first!
        let t = Fixture.day(4)
        let signature = Fixture.signature(Fixture.qualityEngineer, .approval, at: t)
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)), by: Fixture.qualityEngineer, at: t)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .rework, signature: signature), by: Fixture.qualityEngineer, at: t)
        try Fixture.perform(engine, order: order, serial: serials[0], operation: 31, at: t)
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serials[0], operationNumber: 32, equipmentId: "CMM-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: t.addingTimeInterval(700))
        try Q.inspect(engine, serials[0], ["ROOT-W": 10.0], at: t.addingTimeInterval(800))
        try Q.complete(engine, order, serials[0], 32, at: t.addingTimeInterval(900))
        try engine.execute(.closeNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t.addingTimeInterval(900))),
                           by: Fixture.qualityEngineer, at: t.addingTimeInterval(900))
        let sign = Fixture.signature(Fixture.qualityEngineer, .approval, at: t.addingTimeInterval(1_000))
        #expect(mesError { try engine.execute(.issueCertificate(workOrderId: order, signature: sign), by: Fixture.qualityEngineer, at: t.addingTimeInterval(1_000)) }
            == .precondition("certificate refused: SURF-RA of \(serials[0]) (IP-BLADE-30) is not measured"))
    }

    @Test("a re-inspection only accepts an inspection made since it started; a hand-raised NCR's rework can finish")
    func reinspectionNeedsAFreshInspection() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Q.toInspection(engine, order, serials[0], at: Fixture.day(3))
        try Q.inspect(engine, serials[0], Q.good, at: Fixture.day(3.1))
        try engine.execute(.openNonConformance(subject: EntityReference(.serial, serials[0]), description: "nick on the platform"), by: Fixture.inspector, at: Fixture.day(3.1))
        try Q.complete(engine, order, serials[0], 30, at: Fixture.day(3.2))
        let ncr = engine.state.nonConformances.keys.first!
        let t = Fixture.day(4)
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)), by: Fixture.qualityEngineer, at: t)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .rework, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        let reinspection = engine.state.serials[serials[0]]!.operations.last!.number
        try Fixture.perform(engine, order: order, serial: serials[0], operation: reinspection - 1, at: t)
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serials[0], operationNumber: reinspection, equipmentId: "CMM-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: t.addingTimeInterval(700))
        #expect(mesError { try Q.complete(engine, order, serials[0], reinspection, at: t.addingTimeInterval(750)) }?.httpStatus == 409, "the old passed inspection does not count")
        try Q.inspect(engine, serials[0], Q.good, at: t.addingTimeInterval(800))
        try Q.complete(engine, order, serials[0], reinspection, at: t.addingTimeInterval(900))
        try engine.execute(.closeNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t.addingTimeInterval(900))),
                           by: Fixture.qualityEngineer, at: t.addingTimeInterval(900))
        #expect(engine.state.serials[serials[0]]?.status == .completed)
    }

    @Test("a hand-raised NCR before the inspecting operation: its re-inspection clears it with the part's plan there and then")
    func handRaisedNCRReinspectedBeforeThePlansOperation() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        let serial = serials[0]
        try Fixture.perform(engine, order: order, serial: serial, operation: 10, at: Fixture.day(2.5))
        // Before operation 30 the plan cannot be used.
        #expect(mesError { try engine.execute(.createInspection(serial: serial, planId: Q.plan.id), by: Fixture.inspector, at: Fixture.day(2.6)) }?.httpStatus == 409)
        try engine.execute(.openNonConformance(subject: EntityReference(.serial, serial), description: "nick on the root"), by: Fixture.inspector, at: Fixture.day(2.6))
        let ncr = engine.state.nonConformances.keys.first!
        let t = Fixture.day(3)
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)), by: Fixture.qualityEngineer, at: t)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .rework, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        let added = engine.state.serials[serial]!.operations.filter { $0.nonConformanceId == ncr }
        #expect(added.map(\.kind) == [.rework, .reinspection])
        try Fixture.perform(engine, order: order, serial: serial, operation: added[0].number, at: t)
        let machine = engine.state.equipment.values.filter { $0.workCenter == added[1].workCenter }.map(\.id).min()!
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: added[1].number, equipmentId: machine, operatorId: "op-1")),
                           by: Fixture.operatorOne, at: t.addingTimeInterval(700))
        // The re-inspection in progress may use the part's plan though operation 30 is still ahead.
        _ = try Q.inspect(engine, serial, Q.good, at: t.addingTimeInterval(800))
        try Q.complete(engine, order, serial, added[1].number, at: t.addingTimeInterval(900))
        try engine.execute(.closeNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t.addingTimeInterval(900))),
                           by: Fixture.qualityEngineer, at: t.addingTimeInterval(900))
        #expect(engine.state.serials[serial]?.nextOperation?.number == 20 && engine.state.serials[serial]?.isOnHold == false)
    }

    @Test("scrapping a serial mid-operation ends the operation as scrap and frees the machine")
    func scrapMidOperation() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Q.toInspection(engine, order, serials[0], at: Fixture.day(3))
        var bad = Q.good
        bad["ROOT-W"] = 11
        try Q.inspect(engine, serials[0], bad, at: Fixture.day(3.1))
        let ncr = engine.state.nonConformances.keys.first!
        let t = Fixture.day(3.2)
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)), by: Fixture.qualityEngineer, at: t)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .scrap, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        #expect(engine.state.serials[serials[0]]?.operations.last?.status == .scrapped)
        #expect(engine.state.equipmentInUse["CMM-1"] == nil && engine.state.equipment["CMM-1"]?.state == .idle)
        #expect(engine.state.workOrders[order]?.status == .completed)
    }

    @Test("NCRs only against serials in process; held serials are not installed")
    func heldSerials() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Fixture.perform(engine, order: order, serial: serials[0], operation: 10, at: Fixture.day(3))
        try engine.execute(.openNonConformance(subject: EntityReference(.serial, serials[0]), description: "crack"), by: Fixture.inspector, at: Fixture.day(3.1))
        let disk = try Fixture.releasedOrder(engine, part: Fixture.disk, quantity: 1, at: Fixture.day(3.2))
        #expect(mesError { try engine.execute(.installComponent(assembly: disk.serials[0], component: serials[0]), by: Fixture.operatorOne, at: Fixture.day(3.3)) }?.httpStatus == 409)
    }

    @Test("first article: only results since it became due count; scrapped serials do not stand; only a Quality Engineer signs")
    func firstArticleRules() throws {
        let engine = try Q.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Q.toInspection(engine, order, serials[0], at: Fixture.day(3))
        try Q.inspect(engine, serials[0], Q.good, at: Fixture.day(3.1))
        let t = Fixture.day(3.2)
        #expect(mesError { try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serials[0],
                                                                    signature: Fixture.signature(Fixture.operatorOne, .approval, at: t)), by: Fixture.operatorOne, at: t) }
            == .forbidden(actor: "op-1", action: .update, resource: .qualityData))
        try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serials[0], signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        try Q.complete(engine, order, serials[0], 30, at: t)
        // Three idle years later a full FAI is due again: the old serial's results cannot clear it.
        let later = Fixture.day(3 * 365.25)
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: later)
        try engine.execute(.releaseWorkOrder(id: engine.state.newestWorkOrder!), by: Fixture.planner, at: later)
        #expect(mesError { try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serials[0],
                                                                    signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: later)), by: Fixture.qualityEngineer, at: later) }?
            .description.contains("lacks conforming results") == true)
    }

    @Test("a plan's required gauge cannot be swapped, and a cutting tool is no gauge")
    func requiredGauge() throws {
        let engine = try Fixture.engine()
        try engine.execute(.registerTool(ToolGauge(id: "CUTTER-9", kind: .tool, description: "end mill")), by: Fixture.admin, at: Fixture.day(1))
        try engine.execute(.registerTool(ToolGauge(id: "MIC-2", kind: .gauge, description: "micrometer")), by: Fixture.admin, at: Fixture.day(1))
        var plan = Q.plan
        plan.characteristics[0].gaugeId = "MIC-2"
        try engine.execute(.defineInspectionPlan(plan), by: Fixture.qualityEngineer, at: Fixture.day(1))
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Q.toInspection(engine, order, serials[0], at: Fixture.day(3))
        try engine.execute(.createInspection(serial: serials[0], planId: plan.id), by: Fixture.inspector, at: Fixture.day(3.1))
        let id = engine.state.inspections.keys.first!
        #expect(mesError { try engine.execute(.recordResults(inspectionId: id, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10, gaugeId: "CUTTER-9")]),
                                              by: Fixture.inspector, at: Fixture.day(3.1)) }
            == .validation(field: "measurements[ROOT-W].gaugeId", message: "the plan requires gauge 'MIC-2', got 'CUTTER-9'"))
    }

    @Test("an NCR on a lot quarantines it, and an open one on a consumed lot blocks the certificate")
    func lotNCRs() throws {
        let engine = try Q.engine()
        try engine.execute(.openNonConformance(subject: EntityReference(.lot, "L-IN718-002"), description: "chemistry"), by: Fixture.inspector, at: Fixture.day(2))
        #expect(engine.state.lots["L-IN718-002"]?.status == .quarantined)
    }

    @Test("a huge but finite measurement gives an SPC error, not a crash")
    func hugeValues() throws {
        #expect(throws: SPCError.self) { try Capability(values: [1e308, 1e308, 0], sigmaWithin: 1, lower: 0, upper: 1) }
        #expect(throws: SPCError.self) { try Capability(values: [1, 2, 3], sigmaWithin: 1, lower: .nan, upper: 1) }
    }

    @Test("zero spread: a departure is beyond every zone; k-of-m patterns at the start of a chart are seen")
    func ruleEdges() {
        let flat = ControlChart(kind: .individuals, points: [5, 5, 5, 5, 6], limits: Array(repeating: ControlLimits(center: 5, sigma: 0), count: 5))
        #expect(flat.violations([.nelson1]).map(\.index) == [4])
        let start = ControlChart(kind: .individuals, points: [2.5, 2.5, 0], limits: Array(repeating: ControlLimits(center: 0, sigma: 1), count: 3))
        #expect(start.violations([.westernElectric2]).map(\.index) == [1])
    }
}
