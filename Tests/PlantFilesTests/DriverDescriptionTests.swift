import Foundation
import Testing

@testable import PlantFiles

/// A machine's OPC UA driver in a plant file: accepted when complete, refused with the place of
/// the problem when not.
@Suite struct DriverDescriptionTests {
    func plant(driver: String) -> String {
        """
        name: Cell
        workCenters: [{id: TURN}]
        machines:
          - id: LATHE-01
            workCenter: TURN
            equipmentClass: lathe
            driver:
        \(driver.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        parts:
          - partNumber: P-1
            revision: A
            description: Disk
            routing: [{operation: 10, description: Turn, workCenter: TURN, cycleTime: 10}]
        """
    }

    let complete = """
        type: opcua
        endpoint: opc.tcp://plc:4840/
        namespace: urn:cell
        state: {node: "nsu=urn:cell;s=Lathe.State", model: packml}
        counters: {good: /Machines/Lathe/Good, bad: "nsu=urn:cell;i=7"}
        commands: {write: "nsu=urn:cell;s=Lathe.Command"}
        """

    func error(_ driver: String) -> String? {
        do {
            _ = try PlantLoader.load(plant(driver: driver), file: "cell.yaml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aCompleteMappingLoads() throws {
        let loaded = try PlantLoader.load(plant(driver: complete), file: "cell.yaml")
        let driver = try #require(loaded.machines.first?.driver)
        #expect(driver.type == .opcua)
        #expect(driver.counters?.good?.browsePath.map(\.name) == ["Machines", "Lathe", "Good"])
        #expect(driver.state?.model == .packml)
    }

    @Test func problemsAreReportedWhereTheyAre() {
        let index = error(complete.replacingOccurrences(of: "nsu=urn:cell;s=Lathe.State", with: "ns=3;s=Lathe.State"))
        #expect(index?.contains("cell.yaml:") == true)
        #expect(index?.contains("machines.[0].driver.state.node") == true, "\(index ?? "")")
        #expect(index?.contains("by index") == true)
        #expect(error(complete.replacingOccurrences(of: "endpoint: opc.tcp://plc:4840/\n", with: ""))?.contains("needs an endpoint") == true)
        #expect(error(complete.replacingOccurrences(of: "opc.tcp://", with: "http://"))?.contains("not an opc.tcp:// URL") == true)
        #expect(error(complete + "\nsecurity: Basic128")?.contains("unknown security") == true)
        #expect(error(complete + "\nsecurity: Basic256Sha256:Sign")?.contains("trustedCertificates") == true)
        #expect(error(complete + "\nuser: mes")?.contains("passwordEnvironment") == true)
        #expect(error(complete.replacingOccurrences(of: "namespace: urn:cell\n", with: ""))?.contains("needs the driver's namespace") == true)
        #expect(error(complete + "\nstateNode: x")?.contains("stateNode") == true, "an unknown key is refused")
        #expect(error(complete.replacingOccurrences(of: "model: packml", with: "model: isa95")) != nil)
        #expect(error("type: simulated\nendpoint: opc.tcp://plc:4840/")?.contains("takes no OPC UA") == true)
    }
}
