import Foundation
import Testing

@testable import OPCUA

/// `mes opcua …` and `mes serve --plant` with OPC UA machines, as their users run them.
@Suite(.serialized) struct MESCommandLineOPCUATests {
    static let ns = "nsu=urn:jetmes:test:machines;s="

    @Test func diagnosticsPrintOneLinePerValue() async throws {
        let server = try await SharedServer.get()
        let url = server.endpointURL
        let endpoints = try MESBinary.run(["opcua", "endpoints", url, "--json"])
        #expect(endpoints.status == 0, "\(endpoints.error)")
        let listed = MESBinary.jsonLines(endpoints.output)
        #expect(Set(listed.compactMap { $0["securityMode"] as? String }) == ["None", "Sign", "SignAndEncrypt"])

        let read = try MESBinary.run(["opcua", "read", url, Self.ns + "Test.Tags.Tag007", Self.ns + "Lathe-01.CoolantTemperature", Self.ns + "No.Such", "--json"])
        #expect(read.status == 0, "\(read.error)")
        let values = MESBinary.jsonLines(read.output)
        #expect(values.count == 3)
        #expect(values.first?["status"] as? String == "Good")
        #expect(values.first?["type"] as? String == "Double")
        #expect(values[1]["status"] as? String == "BadSensorFailure")
        #expect(values[2]["status"] as? String == "BadNodeIdUnknown")
        #expect(values.first?["sourceTimestamp"] as? String != nil)

        let text = try MESBinary.run(["opcua", "read", url, Self.ns + "Lathe-01.UnitMode"])
        #expect(text.output.hasPrefix(Self.ns + "Lathe-01.UnitMode  "), "node, value, status, source timestamp")
        #expect(text.output.contains("  Good  "))

        let write = try MESBinary.run(["opcua", "write", url, Self.ns + "Lathe-01.AlarmCode", "E-17", "--type", "String"])
        #expect(write.status == 0, "\(write.error)")
        #expect(write.output.contains("E-17"))

        let call = try MESBinary.run(["opcua", "call", url, Self.ns + "Test", Self.ns + "Test.Scale", "Double[]:1,2,4", "Double:0.5", "--json"])
        #expect(call.status == 0, "\(call.error)")
        let outputs = MESBinary.jsonLines(call.output)
        #expect(outputs.count == 2)
        #expect(outputs.last?["value"] as? Double == 3.5)

        let browse = try MESBinary.run(["opcua", "browse", url, Self.ns + "Machines"])
        #expect(browse.output.contains("Lathe-01") && browse.output.contains("Mill-02"))

        let subscribe = try MESBinary.run(["opcua", "subscribe", url, Self.ns + "Test.Counter", "--duration", "1.5", "--interval", "100", "--json"])
        let counts = MESBinary.jsonLines(subscribe.output).compactMap { $0["value"] as? Double }
        #expect(counts.count >= 4, "\(subscribe.output)")
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 < $1 })

        let secured = try MESBinary.run(
            ["opcua", "read", url, Self.ns + "Test.Tags.Tag001", "--security", "Basic256Sha256:SignAndEncrypt", "--user", "operator",
             "--accept-any-certificate"], environment: ["JETMES_OPCUA_PASSWORD": "secret-1"])
        #expect(secured.status == 0, "\(secured.error)")
        #expect(secured.output.contains("  Good  "))

        let refused = try MESBinary.run(["opcua", "read", url, "i=2258", "--user", "operator", "--password", "wrong", "--accept-any-certificate"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("BadUserAccessDenied"), "\(refused.error)")
        // On an unsecured channel the password is encrypted for the server's certificate, which
        // must be trusted first.
        let untrusted = try MESBinary.run(["opcua", "read", url, "i=2258", "--user", "operator", "--password", "secret-1"])
        #expect(untrusted.status != 0)
        #expect(untrusted.error.contains("untrusted") || untrusted.error.contains("not trusted"), "\(untrusted.error)")

        let badNode = try MESBinary.run(["opcua", "read", url, "ns=3;q=1"])
        #expect(badNode.status != 0)
        #expect(badNode.error.contains("is not a node id"))
    }

    @Test func serveRecordsTheOPCUAMachinesOfItsPlant() async throws {
        let server = try await OPCUATestServer.start(keepsStateAcrossRestarts: false)
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-serve-opcua-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("trusted"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: server.serverCertificatePath, toPath: folder.appendingPathComponent("trusted/server.der").path)
        let plant = """
            name: OPC UA cell
            workCenters: [{id: TURN}]
            machines:
              - id: LATHE-01
                workCenter: TURN
                equipmentClass: lathe
                driver:
                  type: opcua
                  endpoint: \(server.endpointURL)
                  security: Basic256Sha256:SignAndEncrypt
                  user: operator
                  passwordEnvironment: CELL_OPCUA_PASSWORD
                  certificate: pki/jetmes.der
                  privateKey: pki/jetmes.key
                  trustedCertificates: trusted
                  namespace: urn:jetmes:test:machines
                  state: {node: "\(Self.ns)Lathe-01.State", model: packml}
                  counters: {good: /Machines/Lathe-01/GoodCount, bad: /Machines/Lathe-01/BadCount}
                  processValues: [{tag: spindle-load, unit: "%", node: "\(Self.ns)Lathe-01.SpindleLoad"}]
                  alarms: [{code: SPINDLE, severity: fault, active: "\(Self.ns)Lathe-01.AlarmActive", text: "\(Self.ns)Lathe-01.AlarmText"}]
                  idealCycleSeconds: 30
            parts:
              - partNumber: P-1
                revision: A
                description: Disk
                routing: [{operation: 10, description: Turn, workCenter: TURN, cycleTime: 10}]
            """
        let plantPath = folder.appendingPathComponent("cell.yaml").path
        try plant.write(toFile: plantPath, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("mes.sqlite").path
        let serve = try MESServeProcess(
            ["--db", db, "--plant", plantPath, "--bootstrap-admin", "admin", "--log-format", "text"],
            environment: ["JETMES_ADMIN_PASSWORD": "admin-password-1", "CELL_OPCUA_PASSWORD": "secret-1"])
        defer { serve.terminate() }
        let token = try await serve.login("admin", "admin-password-1")

        let panel = try SharedServer.client(server)
        try await panel.connect()
        func node(_ name: String) async throws -> NodeId { try await SharedServer.node(name, panel) }
        func machine() async -> [String: Any]? {
            guard let (status, body) = await serve.request("/api/v1/equipment/LATHE-01/status", token: token), status == 200 else { return nil }
            return (body as? [String: Any])?["machine"] as? [String: Any]
        }
        func waitFor(_ condition: ([String: Any]) -> Bool) async -> [String: Any]? {
            for _ in 0..<150 {
                if let report = await machine(), condition(report) { return report }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return await machine()
        }
        try await panel.writeValue(try await node("Lathe-01.SpindleLoad"), .double(42))
        let first = await waitFor { (($0["processValues"] as? [[String: Any]])?.first?["value"] as? Double) == 42 }
        // The OPC UA side starts beside the HTTP server, so the certificate is there once values flow, not necessarily at login.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("pki/jetmes.der").path), "the client certificate is made for the engineer to trust")
        #expect((first?["processValues"] as? [[String: Any]])?.first?["quality"] as? String == "Good")
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.ProduceParts"), arguments: [.scalar(.uint32(4)), .scalar(.uint32(1))])
        let counted = await waitFor { ($0["partsGood"] as? Int) == 4 && ($0["partsBad"] as? Int) == 1 }
        let latest = await machine() ?? [:]
        #expect(counted != nil, "\(latest)")
        try await panel.writeValue(try await node("Lathe-01.AlarmActive"), .boolean(true))
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.SendCommand"), arguments: [.int32(8)])
        let alarmed = await waitFor { (($0["alarms"] as? [[String: Any]])?.first?["code"] as? String) == "SPINDLE" }
        #expect(alarmed != nil)
        let status = await serve.request("/api/v1/equipment/LATHE-01/status", token: token)
        #expect((status?.body as? [String: Any])?["state"] as? String == "Aborted", "the breakdown is the MES's equipment state")
        await panel.disconnect()
        serve.terminate()

        // The counts are in the MES record: the KPI report of the production database has them.
        let out = folder.appendingPathComponent("report").path
        let report = try MESBinary.run(["report", "--db", db, "--out", out])
        #expect(report.status == 0, "\(report.error)")
        let kpis = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("kpis.json"))) as? [String: Any]
        let machines = (kpis?["machines"] as? [[String: Any]]) ?? []
        let lathe = machines.first { $0["id"] as? String == "LATHE-01" }
        #expect(lathe != nil, "\(String(describing: kpis?.keys))")
    }
}
