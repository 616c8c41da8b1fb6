import Foundation
import MESCore
import MESStore
import SPC
import Testing

@Suite("Quality: inspections, NCRs, dispositions, first article, certificates")
struct QualityTests {
    static let plan = InspectionPlan(
        id: "IP-BLADE-30", partNumber: Fixture.blade, revision: "A", operationNumber: 30,
        characteristics: [
            Characteristic(id: "ROOT-W", balloon: 1, description: "Root width", nominal: 10.0, lowerLimit: 9.95, upperLimit: 10.05, unit: "mm", method: "CMM"),
            Characteristic(id: "AIRFOIL-T", balloon: 2, description: "Airfoil thickness", nominal: 2.0, lowerLimit: 1.95, upperLimit: 2.05, unit: "mm", method: "CMM"),
            Characteristic(id: "SURF-RA", balloon: 3, description: "Surface roughness", nominal: 0.4, lowerLimit: nil, upperLimit: 0.8, unit: "µm", method: "profilometer"),
        ])

    static func engine() throws -> MESEngine {
        let engine = try Fixture.engine()
        try engine.execute(.defineInspectionPlan(plan), by: Fixture.qualityEngineer, at: Fixture.day(1))
        return engine
    }

    static let good: [String: Double] = ["ROOT-W": 10.01, "AIRFOIL-T": 2.0, "SURF-RA": 0.5]

    /// Creates an inspection of `serial` and records `values`; returns the inspection id.
    @discardableResult
    static func inspect(_ engine: MESEngine, _ serial: String, _ values: [String: Double], at time: Date, gauge: String? = nil) throws -> String {
        try engine.execute(.createInspection(serial: serial, planId: plan.id), by: Fixture.inspector, at: time)
        let id = engine.state.inspections.keys.max()!
        let measurements = values.sorted { $0.key < $1.key }.map { MeasuredValue(characteristicId: $0.key, value: $0.value, gaugeId: gauge) }
        try engine.execute(.recordResults(inspectionId: id, measurements: measurements), by: Fixture.inspector, at: time)
        return id
    }

    /// Runs operations 10 and 20 of a blade and starts 30.
    static func toInspection(_ engine: MESEngine, _ order: String, _ serial: String, at time: Date) throws {
        try Fixture.perform(engine, order: order, serial: serial, operation: 10, at: time)
        try Fixture.perform(engine, order: order, serial: serial, operation: 20, at: time.addingTimeInterval(1_000))
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: 30, equipmentId: "CMM-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: time.addingTimeInterval(2_000))
    }

    static func complete(_ engine: MESEngine, _ order: String, _ serial: String, _ operation: Int, at time: Date) throws {
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: operation)), by: Fixture.operatorOne, at: time)
    }

    @Test("a failed characteristic opens an NCR and holds the serial; rework adds rework and re-inspection; the certificate lists the NCR once all is closed")
    func reworkToCertificate() throws {
        let engine = try Self.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 2, at: Fixture.day(2))
        #expect(engine.state.firstArticles["\(Fixture.blade)/A"]?.pending?.reason == "first production run")
        let t = Fixture.day(3)
        try Self.toInspection(engine, order, serials[0], at: t)
        var bad = Self.good
        bad["ROOT-W"] = 10.08
        try Self.inspect(engine, serials[0], bad, at: t.addingTimeInterval(2_100))
        let ncr = try #require(engine.state.nonConformances.values.first)
        #expect(ncr.characteristicIds == ["ROOT-W"] && ncr.status == .open && ncr.subject == EntityReference(.serial, serials[0]))
        #expect(ncr.description.contains("ROOT-W (balloon 1) measured 10.08 mm, specification [9.95, 10.05]"))
        #expect(engine.state.serials[serials[0]]?.holds == [ncr.id])
        try Self.complete(engine, order, serials[0], 30, at: t.addingTimeInterval(2_200))
        #expect(engine.state.serials[serials[0]]?.status == .inProcess, "a held serial does not complete")

        // The second blade goes through clean; the order is not complete, so no certificate yet.
        try Self.toInspection(engine, order, serials[1], at: t.addingTimeInterval(3_000))
        try Self.inspect(engine, serials[1], Self.good, at: t.addingTimeInterval(5_100))
        try Self.complete(engine, order, serials[1], 30, at: t.addingTimeInterval(5_200))
        let early = t.addingTimeInterval(5_300)
        #expect(mesError { try engine.execute(.issueCertificate(workOrderId: order, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: early)),
                                              by: Fixture.qualityEngineer, at: early) }
            == .illegalTransition(entity: "work order", id: order, from: "InProgress", command: "certify"))

        let review = t.addingTimeInterval(6_000)
        try engine.execute(.reviewNonConformance(id: ncr.id, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: review)), by: Fixture.qualityEngineer, at: review)
        try engine.execute(.dispositionNonConformance(id: ncr.id, disposition: .rework, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: review)),
                           by: Fixture.qualityEngineer, at: review)
        let route = try #require(engine.state.serials[serials[0]]?.operations)
        #expect(route.map(\.number) == [10, 20, 30, 31, 32])
        #expect(route[3].kind == .rework && route[3].workCenter == "MILL" && route[4].kind == .reinspection && route[4].workCenter == "CMM")
        #expect(engine.state.serials[serials[0]]?.holds.isEmpty == true)

        try Fixture.perform(engine, order: order, serial: serials[0], operation: 31, at: review.addingTimeInterval(100))
        try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serials[0], operationNumber: 32, equipmentId: "CMM-1", operatorId: "op-1")),
                           by: Fixture.operatorOne, at: review.addingTimeInterval(1_000))
        #expect(mesError { try Self.complete(engine, order, serials[0], 32, at: review.addingTimeInterval(1_050)) }?.httpStatus == 409,
                "the re-inspection cannot complete without a passed inspection")
        let reinspection = try Self.inspect(engine, serials[0], ["ROOT-W": 10.02], at: review.addingTimeInterval(1_100))
        #expect(engine.state.inspections[reinspection]?.characteristicIds == ["ROOT-W"] && engine.state.inspections[reinspection]?.status == .passed)
        try Self.complete(engine, order, serials[0], 32, at: review.addingTimeInterval(1_200))
        #expect(engine.state.serials[serials[0]]?.status == .completed && engine.state.workOrders[order]?.status == .completed)

        let sign = review.addingTimeInterval(2_000)
        let signature = Fixture.signature(Fixture.qualityEngineer, .approval, at: sign)
        #expect(mesError { try engine.execute(.issueCertificate(workOrderId: order, signature: signature), by: Fixture.qualityEngineer, at: sign) }
            == .precondition("certificate refused: NCR \(ncr.id) on \(serials[0]) is Dispositioned"))
        try engine.execute(.closeNonConformance(id: ncr.id, signature: signature), by: Fixture.qualityEngineer, at: sign)
        #expect(mesError { try engine.execute(.issueCertificate(workOrderId: order, signature: signature), by: Fixture.qualityEngineer, at: sign) }?
            .description.contains("first article of \(Fixture.blade)/A is pending") == true)
        try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serials[1], signature: signature), by: Fixture.qualityEngineer, at: sign)
        try engine.execute(.issueCertificate(workOrderId: order, signature: signature), by: Fixture.qualityEngineer, at: sign)

        let certificate = try #require(engine.state.certificates[order])
        #expect(certificate.serials == serials && certificate.quantity == 2 && certificate.partNumber == Fixture.blade && certificate.customerOrder == nil)
        #expect(certificate.nonConformances.map(\.id) == [ncr.id] && certificate.nonConformances[0].disposition == .rework)
        #expect(certificate.inspections.count == 3 && certificate.signature.printedName == "Quinn Engineer")
        let html = QualityDocuments.html(certificate)
        #expect(html.contains("<h1>Certificate of Conformance</h1>") && html.contains(ncr.id) && html.contains("Rework (Closed)"))
        let json = try JSONSerialization.jsonObject(with: TraceExport.json(certificate)) as? [String: Any]
        #expect((json?["serials"] as? [String]) == serials)
    }

    /// A blade with an open, reviewed NCR on ROOT-W after operation 30.
    static func reviewedNCR() throws -> (MESEngine, order: String, serial: String, ncr: String) {
        let engine = try Self.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try Self.toInspection(engine, order, serials[0], at: Fixture.day(3))
        var bad = Self.good
        bad["ROOT-W"] = 9.9
        try Self.inspect(engine, serials[0], bad, at: Fixture.day(3.1))
        try Self.complete(engine, order, serials[0], 30, at: Fixture.day(3.2))
        let ncr = engine.state.nonConformances.keys.first!
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: Fixture.day(3.3))), by: Fixture.qualityEngineer, at: Fixture.day(3.3))
        return (engine, order, serials[0], ncr)
    }

    @Test("use-as-is needs a Quality Engineer's approval signature and releases the serial")
    func useAsIs() throws {
        let (engine, order, serial, ncr) = try Self.reviewedNCR()
        let t = Fixture.day(4)
        #expect(mesError { try engine.execute(.dispositionNonConformance(id: ncr, disposition: .useAsIs, signature: Fixture.signature(Fixture.inspector, .approval, at: t)),
                                              by: Fixture.inspector, at: t) } == .forbidden(actor: "qi-1", action: .update, resource: .qualityData))
        #expect(mesError { try engine.execute(.dispositionNonConformance(id: ncr, disposition: .useAsIs, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)),
                                              by: Fixture.qualityEngineer, at: t) }?.httpStatus == 422)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .useAsIs, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        #expect(engine.state.serials[serial]?.status == .completed && engine.state.serials[serial]?.holds.isEmpty == true)
        #expect(engine.state.workOrders[order]?.status == .completed)
    }

    @Test("scrap ends the serial's genealogy as scrapped and reconciles the order")
    func scrap() throws {
        let (engine, order, serial, ncr) = try Self.reviewedNCR()
        let t = Fixture.day(4)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .scrap, signature: Fixture.signature(Fixture.inspector, .approval, at: t)), by: Fixture.inspector, at: t)
        #expect(engine.state.serials[serial]?.status == .scrapped)
        #expect(try Traceability(engine.state).genealogy(of: serial).status == .scrapped)
        #expect(engine.state.workOrders[order]?.status == .completed)
        #expect(mesError { try engine.execute(.closeNonConformance(id: ncr, signature: Fixture.signature(Fixture.inspector, .approval, at: t)), by: Fixture.inspector, at: t) }
            == .forbidden(actor: "qi-1", action: .update, resource: .qualityData), "closing an NCR is the Quality Engineer's")
        try engine.execute(.closeNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)), by: Fixture.qualityEngineer, at: t)
    }

    @Test("repair needs the customer's recorded approval and adds a repair operation")
    func repair() throws {
        let (engine, _, serial, ncr) = try Self.reviewedNCR()
        let t = Fixture.day(4)
        let signature = Fixture.signature(Fixture.qualityEngineer, .approval, at: t)
        #expect(mesError { try engine.execute(.dispositionNonConformance(id: ncr, disposition: .repair, signature: signature), by: Fixture.qualityEngineer, at: t) }
            == .validation(field: "customerApproval", message: "a repair needs the customer's recorded approval"))
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .repair, signature: signature, customerApproval: "RAA-CUST-0042"),
                           by: Fixture.qualityEngineer, at: t)
        #expect(engine.state.serials[serial]?.operations.map(\.kind) == [.routing, .routing, .routing, .repair, .reinspection])
        #expect(engine.state.nonConformances[ncr]?.customerApproval == "RAA-CUST-0042")
        #expect(mesError { try engine.execute(.closeNonConformance(id: ncr, signature: signature), by: Fixture.qualityEngineer, at: t) }?.httpStatus == 409,
                "closing waits for the repair and re-inspection")
    }

    @Test("return-to-vendor takes a lot out of inventory with a supplier return record")
    func returnToVendor() throws {
        let engine = try Self.engine()
        let t = Fixture.day(2)
        try engine.execute(.openNonConformance(subject: EntityReference(.lot, "L-IN718-002"), description: "mill cert chemistry out of AMS 5662"),
                           by: Fixture.inspector, at: t)
        let ncr = engine.state.nonConformances.keys.first!
        try engine.execute(.reviewNonConformance(id: ncr, signature: Fixture.signature(Fixture.qualityEngineer, .review, at: t)), by: Fixture.qualityEngineer, at: t)
        try engine.execute(.dispositionNonConformance(id: ncr, disposition: .returnToVendor, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        #expect(engine.state.lots["L-IN718-002"]?.status == .returned && engine.state.lots["L-IN718-002"]?.remaining == 0)
        #expect(engine.state.supplierReturns.first?.supplier == "Haynes" && engine.state.supplierReturns.first?.quantity == 50)
        #expect(try engine.inventory(by: Fixture.operatorOne).first { $0.material == "IN718-BAR" }?.lots == [Fixture.heatLot])
    }

    @Test("an Operator cannot disposition; a Planner cannot record or alter a result")
    func roles() throws {
        let (engine, _, serial, ncr) = try Self.reviewedNCR()
        let t = Fixture.day(4)
        #expect(mesError { try engine.execute(.dispositionNonConformance(id: ncr, disposition: .scrap, signature: Fixture.signature(Fixture.operatorOne, .approval, at: t)),
                                              by: Fixture.operatorOne, at: t) } == .forbidden(actor: "op-1", action: .delete, resource: .qualityData))
        let inspection = engine.state.inspections.keys.first!
        #expect(mesError { try engine.execute(.recordResults(inspectionId: inspection, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10)]),
                                              by: Fixture.planner, at: t) } == .forbidden(actor: "planner", action: .create, resource: .qualityData))
        #expect(mesError { try engine.execute(.updateInspection(inspectionId: inspection, inspectorId: nil, notes: "edited"), by: Fixture.planner, at: t) }
            == .forbidden(actor: "planner", action: .update, resource: .qualityData))
        #expect(engine.state.serials[serial]?.holds == [ncr])
    }

    @Test("bad results: unknown characteristic, non-numeric value, a result recorded twice, an uncalibrated gauge — clear errors, nothing changed")
    func badResults() throws {
        let engine = try Self.engine()
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        #expect(mesError { try engine.execute(.createInspection(serial: serials[0], planId: Self.plan.id), by: Fixture.inspector, at: Fixture.day(2)) }
            == .precondition("\(serials[0]) is not at operation 30 yet; IP-BLADE-30 inspects it there"))
        try Self.toInspection(engine, order, serials[0], at: Fixture.day(2))
        try engine.execute(.createInspection(serial: serials[0], planId: Self.plan.id), by: Fixture.inspector, at: Fixture.day(2.5))
        let id = engine.state.inspections.keys.first!
        let t = Fixture.day(12)
        func refused(_ measurements: [MeasuredValue]) -> MESError? {
            let before = engine.state
            let error = mesError { try engine.execute(.recordResults(inspectionId: id, measurements: measurements), by: Fixture.inspector, at: t) }
            #expect(engine.state == before)
            return error
        }
        #expect(refused([MeasuredValue(characteristicId: "TIP-GAP", value: 1)]) == .notFound(entity: "characteristic", id: "IP-BLADE-30/TIP-GAP"))
        #expect(refused([MeasuredValue(characteristicId: "ROOT-W", value: .nan)]) == .validation(field: "measurements[ROOT-W].value", message: "must be a finite number, got nan"))
        #expect(refused([MeasuredValue(characteristicId: "ROOT-W", value: 10), MeasuredValue(characteristicId: "ROOT-W", value: 10.01)])
            == .duplicate(entity: "result", id: "\(id)/ROOT-W"))
        #expect(refused([MeasuredValue(characteristicId: "ROOT-W", value: 10, gaugeId: "GAUGE-1")])?.description.contains("past its calibration date") == true)
        try engine.execute(.recordResults(inspectionId: id, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10)]), by: Fixture.inspector, at: t)
        #expect(refused([MeasuredValue(characteristicId: "ROOT-W", value: 10.02)]) == .duplicate(entity: "result", id: "\(id)/ROOT-W"))
    }

    @Test("first article: a first run that finishes with every serial scrapped hands the FAI to the next order instead of blocking the part for good")
    func firstArticleMovesOnWhenTheRunYieldsNoPart() throws {
        let engine = try Self.engine()
        let (first, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(2))
        let second = engine.state.newestWorkOrder!
        #expect(mesError { try engine.execute(.releaseWorkOrder(id: second), by: Fixture.planner, at: Fixture.day(2)) }?.httpStatus == 409, "blocked while the run is in production")
        try Fixture.perform(engine, order: first, serial: serials[0], operation: 10, at: Fixture.day(3), scrap: "cracked in turning")
        #expect(engine.state.workOrders[first]?.status == .completed)
        try engine.execute(.releaseWorkOrder(id: second), by: Fixture.planner, at: Fixture.day(4))
        let pending = try #require(engine.state.firstArticles["\(Fixture.blade)/A"]?.pending)
        #expect(pending.scope == .full && pending.since == Fixture.day(4), "the FAI now rides on the next run")
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(4))
        let third = engine.state.newestWorkOrder!
        #expect(mesError { try engine.execute(.releaseWorkOrder(id: third), by: Fixture.planner, at: Fixture.day(4)) }?.httpStatus == 409, "and blocks releases again")
    }

    @Test("first article: the first run blocks a second release; a tooling change asks for a partial FAI; a two-year lapse for a full one")
    func firstArticleTriggers() throws {
        let engine = try Self.engine()
        let (first, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: Fixture.day(2))
        let second = engine.state.newestWorkOrder!
        #expect(mesError { try engine.execute(.releaseWorkOrder(id: second), by: Fixture.planner, at: Fixture.day(2)) }
            == .precondition("first article of \(Fixture.blade) rev A is pending on \(first): sign it before releasing more orders"))
        try Self.toInspection(engine, first, serials[0], at: Fixture.day(3))
        try Self.inspect(engine, serials[0], Self.good, at: Fixture.day(3.1))
        try Self.complete(engine, first, serials[0], 30, at: Fixture.day(3.2))
        let t = Fixture.day(3.3)
        try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serials[0], signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: t)),
                           by: Fixture.qualityEngineer, at: t)
        try engine.execute(.releaseWorkOrder(id: second), by: Fixture.planner, at: t)

        let report = try #require(engine.state.firstArticles["\(Fixture.blade)/A"]?.reports.first)
        let forms = QualityDocuments.firstArticleForms(report, in: engine.state)
        #expect(forms.form1.fullOrPartial == "Full" && forms.form1.serialNumber == serials[0] && forms.form1.faiReportNumber == "FAI-\(Fixture.blade)-A-1")
        #expect(forms.form3.map(\.characteristicNumber) == [1, 2, 3] && forms.form3[0].designRequirement == "10.0 mm [9.95, 10.05]")
        #expect(forms.form3[2].designRequirement == "≤ 0.8 µm" && forms.form3[0].results == ["10.01 mm"])
        #expect(try JSONSerialization.jsonObject(with: TraceExport.json(forms)) is [String: Any])

        try engine.execute(.recordProcessChange(partNumber: Fixture.blade, revision: "A",
                                                change: ProcessChange(kind: .tooling, description: "new root form cutter", affectedCharacteristics: ["ROOT-W"])),
                           by: Fixture.qualityEngineer, at: Fixture.day(4))
        let partial = try #require(engine.state.firstArticles["\(Fixture.blade)/A"]?.pending)
        #expect(partial.scope == .partial && partial.characteristicIds == ["ROOT-W"] && partial.reason == "tooling change: new root form cutter")

        // Clear the partial FAI on the second order's serial, then come back after two idle years.
        let serial2 = engine.state.workOrders[second]!.serials[0]
        try Self.toInspection(engine, second, serial2, at: Fixture.day(5))
        try Self.inspect(engine, serial2, Self.good, at: Fixture.day(5.1))
        try Self.complete(engine, second, serial2, 30, at: Fixture.day(5.2))
        let sign = Fixture.day(5.3)
        try engine.execute(.completeFirstArticle(partNumber: Fixture.blade, revision: "A", serial: serial2, signature: Fixture.signature(Fixture.qualityEngineer, .approval, at: sign)),
                           by: Fixture.qualityEngineer, at: sign)
        #expect(engine.state.firstArticles["\(Fixture.blade)/A"]?.reports.last?.scope == .partial)
        let later = Fixture.day(5.3 + 2 * 365.25 + 1)
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: Fixture.planner, at: later)
        try engine.execute(.releaseWorkOrder(id: engine.state.newestWorkOrder!), by: Fixture.planner, at: later)
        let lapse = try #require(engine.state.firstArticles["\(Fixture.blade)/A"]?.pending)
        #expect(lapse.scope == .full && lapse.reason.hasPrefix("production lapse of more than two years"))
    }
}

@Suite("Quality: SPC of recorded results, sampling")
struct QualitySPCTests {
    @Test("SPC of a characteristic from the recorded results matches the charts of the same values, and sees a shift")
    func spcFromResults() throws {
        let engine = try Fixture.engine()
        let plan = InspectionPlan(id: "IP-BLADE-10", partNumber: Fixture.blade, revision: "A", operationNumber: 10,
                                  characteristics: QualityTests.plan.characteristics)
        try engine.execute(.defineInspectionPlan(plan), by: Fixture.qualityEngineer, at: Fixture.day(1))
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 20, at: Fixture.day(2))
        // Root widths wandering around 10.00; the last five shifted up by 0.03 mm (still in specification).
        let widths: [Double] = [10.00, 10.01, 9.99, 10.00, 10.02, 9.98, 10.01, 10.00, 9.99, 10.01, 10.00, 10.02, 9.99, 10.00, 10.01,
                                10.03, 10.04, 10.03, 10.04, 10.03]
        for (index, (serial, width)) in zip(serials, widths).enumerated() {
            let time = Fixture.day(3).addingTimeInterval(Double(index) * 3_600)
            try Fixture.perform(engine, order: order, serial: serial, operation: 10, at: time)
            try engine.execute(.createInspection(serial: serial, planId: plan.id), by: Fixture.inspector, at: time.addingTimeInterval(900))
            let measurements = QualityTests.good.merging(["ROOT-W": width]) { $1 }.sorted { $0.key < $1.key }.map { MeasuredValue(characteristicId: $0.key, value: $0.value) }
            try engine.execute(.recordResults(inspectionId: engine.state.inspections.keys.max()!, measurements: measurements), by: Fixture.inspector,
                               at: time.addingTimeInterval(900))
        }
        let spc = try engine.spc(planId: plan.id, characteristicId: "ROOT-W", limits: .frozen(baseline: 0..<15), by: Fixture.qualityEngineer)
        #expect(spc.values == widths && spc.serials == serials)
        let direct = try ShewhartCharts.individuals(widths, limits: .frozen(baseline: 0..<15))
        #expect(spc.charts == direct)
        #expect(spc.violations.contains { $0.rule == .nelson1 || $0.rule == .nelson5 || $0.rule == .nelson6 }, "the shift is flagged: \(spc.violations)")
        #expect(spc.capability.count == 20 && spc.capability.cp != nil)
        let subgrouped = try engine.spc(planId: plan.id, characteristicId: "ROOT-W", subgroupSize: 5, by: Fixture.qualityEngineer)
        #expect(subgrouped.charts.location.points.count == 4)
        #expect(mesError { _ = try engine.spc(planId: plan.id, characteristicId: "NOPE", by: Fixture.qualityEngineer) }
            == .notFound(entity: "characteristic", id: "IP-BLADE-10/NOPE"))
    }

    @Test("sampling picks every serial, every n-th, or the first and last of an order")
    func sampling() {
        #expect((0..<6).filter { InspectionPlan.Sampling.every.selects(position: $0, of: 6) } == [0, 1, 2, 3, 4, 5])
        #expect((0..<7).filter { InspectionPlan.Sampling.everyNth(3).selects(position: $0, of: 7) } == [0, 3, 6])
        #expect((0..<6).filter { InspectionPlan.Sampling.firstAndLast.selects(position: $0, of: 6) } == [0, 5])
    }

    @Test("a plan's required role limits who records results")
    func requiredRole() throws {
        let engine = try Fixture.engine()
        var plan = QualityTests.plan
        plan.requiredRole = .qualityInspector
        try engine.execute(.defineInspectionPlan(plan), by: Fixture.qualityEngineer, at: Fixture.day(1))
        let (order, serials) = try Fixture.releasedOrder(engine, quantity: 1, at: Fixture.day(2))
        try QualityTests.toInspection(engine, order, serials[0], at: Fixture.day(2))
        try engine.execute(.createInspection(serial: serials[0], planId: plan.id), by: Fixture.inspector, at: Fixture.day(2.5))
        let id = engine.state.inspections.keys.first!
        #expect(mesError { try engine.execute(.recordResults(inspectionId: id, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10)]),
                                              by: Fixture.operatorOne, at: Fixture.day(2.5)) } == .forbidden(actor: "op-1", action: .create, resource: .qualityData))
        try engine.execute(.recordResults(inspectionId: id, measurements: [MeasuredValue(characteristicId: "ROOT-W", value: 10)]), by: Fixture.inspector, at: Fixture.day(2.5))
    }
}

@Suite("Quality: results arriving as JSON")
struct ResultDecodingTests {
    @Test("a non-numeric value in a results request is a decoding error naming the field")
    func nonNumeric() throws {
        let json = #"[{"characteristicId": "ROOT-W", "value": 10.01}, {"characteristicId": "AIRFOIL-T", "value": "two"}]"#
        do {
            _ = try JSONDecoder().decode([MeasuredValue].self, from: Data(json.utf8))
            Issue.record("accepted a non-numeric value")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["Index 1", "value"])
        }
        let ok = try JSONDecoder().decode([MeasuredValue].self, from: Data(#"[{"characteristicId": "ROOT-W", "value": 10.01}]"#.utf8))
        #expect(ok == [MeasuredValue(characteristicId: "ROOT-W", value: 10.01)])
    }
}
