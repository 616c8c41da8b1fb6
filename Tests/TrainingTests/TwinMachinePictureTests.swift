import Foundation
import Hummingbird
import HummingbirdTesting
import MESServer
import Testing
import Training
import Twin

extension TrainingAPITests {
    /// The twin's simulated machines report through the twin's own equipment gateway; their
    /// process values, counts and alarms still reach `GET /equipment/{id}/status` as its
    /// `machine` report, as a real machine's would.
    @Test func twinMachinesFillTheEquipmentStatus() async throws {
        let (service, configuration) = try pausedTraining()
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.live) { client in
            let admin = try await login(client, "trainer", "correct horse battery")
            let status = { (machine: String) async throws -> [String: Any] in
                try object(try await client.execute(uri: "/api/v1/equipment/\(machine)/status", method: .get, headers: admin))
            }
            let runTo = { (hours: Double) async throws in
                let response = try await client.execute(uri: "/api/v1/training/run-to", method: .post, headers: admin, body: try json(["at": hours]))
                #expect(response.status == .ok, "run to \(hours) h")
            }
            // Before the first order reaches grinding (about noon) nothing has cycled: no machine report.
            try await runTo(11)
            #expect(try await status("GRIND-1")["machine"] == nil)
            try await runTo(14)
            let report = try #require(try await status("GRIND-1")["machine"] as? [String: Any], "GRIND-1 has a machine report by 14:00")
            let values = try #require(report["processValues"] as? [[String: Any]])
            #expect(values.map { $0["tag"] as? String } == ["spindle-power"])
            let power = try #require(values.first)
            #expect(power["equipmentId"] as? String == "GRIND-1")
            #expect(power["unit"] as? String == "kW")
            #expect(abs((power["value"] as? Double ?? 0) - 18) < 5, "spindle power \(power["value"] ?? "none") kW, nominal 18")
            #expect((report["partsGood"] as? Int ?? 0) + (report["partsBad"] as? Int ?? 0) > 0)
            #expect((report["alarms"] as? [Any])?.isEmpty == true)
            // An EDM machine's tag is its own sensor's.
            let edm = try await status("EDM-1")["machine"] as? [String: Any]
            #expect((edm?["processValues"] as? [[String: Any]])?.contains { $0["tag"] as? String == "gap-voltage" } != true,
                    "EDM work is the trainees': EDM-1 has not cycled")
            #expect(((try await status("GRIND-2")["machine"] as? [String: Any])?["processValues"] as? [[String: Any]])?.first?["tag"] as? String
                    == "spindle-power")

            // A breakdown: the machine's fault alarm is active until the repair, then cleared.
            let injected = try await client.execute(uri: "/api/v1/training/events", method: .post, headers: admin,
                                                    body: try json(["breakdown": ["machine": "GRIND-1", "at": 14.25, "repairMinutes": 90]]))
            #expect(injected.status == .created)
            try await runTo(14.5)
            let broken = try await status("GRIND-1")
            #expect(["Aborted", "Maintenance"].contains(broken["state"] as? String), "GRIND-1 is down (under repair by now): \(broken["state"] ?? "")")
            let alarms = try #require((broken["machine"] as? [String: Any])?["alarms"] as? [[String: Any]])
            #expect(alarms.count == 1)
            #expect(alarms.first?["code"] as? String == "BREAKDOWN")
            #expect(alarms.first?["severity"] as? String == "Fault")
            #expect(alarms.first?["active"] as? Bool == true)
            #expect(alarms.first?["time"] as? String == "2026-01-05T14:15:00Z")
            try await runTo(16)
            let repaired = try await status("GRIND-1")
            #expect(!["Aborted", "Maintenance"].contains(repaired["state"] as? String), "GRIND-1 is back: \(repaired["state"] ?? "")")
            #expect(((repaired["machine"] as? [String: Any])?["alarms"] as? [Any])?.isEmpty == true)
        }
    }
}
