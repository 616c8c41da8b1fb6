import Foundation
import MESCore
import MESStore
import Testing

@Suite("Master data, certificates and maintenance planning")
struct MasterDataTests {
    @Test("master data round-trips through JSON, as plant files will carry it")
    func codable() throws {
        let data = Fixture.masterData
        let json = try CanonicalJSON.encoder.encode(data)
        #expect(try CanonicalJSON.decoder.decode(MasterData.self, from: json) == data)
    }

    @Test("certifications by lot code, inherited by sub-lots; unknown lots are 404")
    func certificates() throws {
        let engine = try Fixture.engine()
        try engine.execute(.splitLot(parentLot: Fixture.heatLot, newLot: "SUB-B", quantity: 10), by: Fixture.supervisor, at: Fixture.day(1))
        try engine.execute(.addLotCertificate(lotCode: Fixture.heatLot, certificate: MaterialCertificate(id: "UT-1", type: "ultrasonic test report",
                                                                                                         issuer: "NDT Lab", issued: Fixture.day(1))),
                           by: Fixture.supervisor, at: Fixture.day(1))
        #expect(try engine.certifications(of: Fixture.heatLot, by: Fixture.operatorOne).map(\.id) == ["MC-7781", "UT-1"])
        #expect(try engine.certifications(of: "SUB-B", by: Fixture.operatorOne).map(\.id) == ["MC-7781"])
        #expect(mesError { _ = try engine.certifications(of: "L-NONE", by: Fixture.operatorOne) } == .notFound(entity: "material lot", id: "L-NONE"))
    }

    @Test("preventive maintenance falls due from the PM plan, and drops off once an order is open")
    func maintenanceDue() throws {
        let engine = try Fixture.engine()
        #expect(try engine.preventiveMaintenanceDue(by: Fixture.day(20), actor: Fixture.technician).isEmpty)
        let due = try engine.preventiveMaintenanceDue(by: Fixture.day(30), actor: Fixture.technician)
        #expect(due.map(\.equipment) == ["LATHE-1"] && due.first?.due == Fixture.day(29))
        try engine.execute(.scheduleMaintenance(assetId: "LATHE-1", kind: .preventive, description: "PM"), by: Fixture.technician, at: Fixture.day(28))
        #expect(try engine.preventiveMaintenanceDue(by: Fixture.day(30), actor: Fixture.technician).isEmpty)
        #expect(mesError { try engine.execute(.scheduleMaintenance(assetId: "MILL-1", kind: .preventive, description: "PM"), by: Fixture.technician, at: Fixture.day(28)) }
            == .validation(field: "kind", message: "equipment 'MILL-1' has no preventive-maintenance plan"))
    }

    @Test("operator certification is granted, renewed and checked at the time of the start")
    func certify() throws {
        let engine = try Fixture.engine()
        try engine.execute(.certifyOperator(operatorId: "op-2", certification: Certification(skill: "CNC-TURN", issued: Fixture.day(3), expires: Fixture.day(400))),
                           by: Fixture.supervisor, at: Fixture.day(3))
        #expect(engine.state.operators["op-2"]?.certifications.count == 1)
        #expect(engine.state.operators["op-2"]?.isCertified(for: "CNC-TURN", at: Fixture.day(10)) == true)
        #expect(mesError { try engine.execute(.certifyOperator(operatorId: "op-9", certification: Certification(skill: "X", issued: Fixture.day(1), expires: Fixture.day(2))),
                                              by: Fixture.supervisor, at: Fixture.day(3)) } == .notFound(entity: "operator", id: "op-9"))
    }
}
