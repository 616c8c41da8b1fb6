import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESServer
import MESStore
import Testing
import Training
import Twin

extension TrainingAPITests {
    /// The MES record of the scenario run straight to `hours` by a live twin of its own (no
    /// service, no server, no clock), on a fresh SQLite journal like the service's.
    func straightRecord(_ model: TwinModel, seed: UInt64, work: TraineeWork, through hours: Double) throws -> [JournalEntry] {
        let configuration = try temporaryDatabase()
        let twin = try LiveTwin(model, seed: seed, engine: try MESEngine(store: SQLiteJournalStore(path: configuration.databasePath)), traineeWork: work)
        twin.run(through: hours)
        #expect(twin.fault == nil, "\(twin.fault ?? "")")
        return try twin.journal()
    }

    /// `POST /training/run-to` takes the paused floor exactly to the time asked (hours, or an
    /// ISO 8601 time), and the MES records exactly what a twin run straight there records.
    /// A time in the past, beyond the horizon or not a time is a 422 naming `/at`, and the
    /// clock stays where it was.
    @Test func runToTakesThePausedFloorExactlyThere() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: work, speed: 60, paused: true)
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.live) { client in
            let admin = try await login(client, "trainer", "correct horse battery")
            let uri = "/api/v1/training/run-to"

            let early = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["at": 2.5]))
            #expect(early.status == .ok)
            let status = try object(early)
            #expect(status["simulatedHours"] as? Double == 2.5)
            #expect(status["paused"] as? Bool == true)
            #expect(status["simulatedTime"] as? String == "2026-01-05T02:30:00Z")
            #expect(try journal(configuration) == (try straightRecord(model, seed: seed, work: work, through: 2.5)))

            // An ISO 8601 time, into the first orders' grinding: the floor has worked by then.
            let later = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["at": "2026-01-05T13:30:00Z"]))
            #expect(try object(later)["simulatedHours"] as? Double == 13.5)
            let record = try journal(configuration)
            let straight = try straightRecord(model, seed: seed, work: work, through: 13.5)
            #expect(record.count == straight.count)
            #expect(record == straight)
            #expect(record.contains { $0.command.name == "start operation" }, "the record at 13.5 h holds operations")
            // And the comparison can tell runs apart: the straight run to 14 h has more in it.
            #expect(try straightRecord(model, seed: seed, work: work, through: 14).count > record.count)

            // Refusals: 422, a message saying what is wrong, the pointer /at, the clock unmoved.
            let refused: [(body: [String: Any], says: String)] = [
                (["at": 2.5], "is in the past: simulated time is 13.5 h"),
                (["at": "2026-01-05T13:00:00Z"], "is in the past"),
                (["at": 700], "is beyond the horizon of 672.0 h"),
                (["at": "2026-03-01T00:00:00Z"], "is beyond the horizon"),
                (["at": "tomorrow morning"], "at: 'tomorrow morning' is not a time"),
            ]
            for (body, says) in refused {
                let response = try await client.execute(uri: uri, method: .post, headers: admin, body: json(body))
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try object(response)
                #expect(problem["pointer"] as? String == "/at", "\(body)")
                let detail = problem["detail"] as? String ?? ""
                #expect(detail.contains(says), "\(body): \(detail)")
            }
            #expect(try object(try await client.execute(uri: "/api/v1/training", method: .get, headers: admin))["simulatedHours"] as? Double == 13.5)
            #expect(try journal(configuration) == record)

            // Not a number or a string: a malformed body (400) pointing at the field, as everywhere in the API.
            let wrongType = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["at": true]))
            #expect(wrongType.status == .badRequest)
            #expect(try object(wrongType)["pointer"] as? String == "/at")
            #expect(try await client.execute(uri: uri, method: .post, headers: admin, body: json([:])).status == .badRequest)

            // The trainer's only.
            let trainee = try await addUser(client, admin: admin, "OP-E-ED1", .operator)
            #expect(try await client.execute(uri: uri, method: .post, headers: trainee, body: json(["at": 14])).status == .forbidden)
        }
    }
}
