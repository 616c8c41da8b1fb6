import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESServer
import Testing
import Training
import Twin

extension TrainingAPITests {
    /// The trainer console's events, score and finish over HTTP: trainer roles only, unknown
    /// machines and fields refused, the event in the score, the report written.
    @Test func injectScoreAndFinishOverHTTP() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        let reports = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().appendingPathComponent("reports")
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: work, speed: 60, paused: true, session: "http",
                                                 reportsDirectory: reports)
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.live) { client in
            let admin = try await login(client, "trainer", "correct horse battery")
            let operatorUser = try await addUser(client, admin: admin, "OP-E-ED1", .operator)
            let uri = "/api/v1/training/events"
            let event: [String: Any] = ["breakdown": ["machine": "EDM-2", "repairMinutes": 60, "at": 7.5]]
            #expect(try await client.execute(uri: uri, method: .post, headers: operatorUser, body: json(event)).status == .forbidden)
            let created = try await client.execute(uri: uri, method: .post, headers: admin, body: json(event))
            #expect(created.status == .created)
            #expect(try object(created)["hours"] as? Double == 7.5)
            let unknown = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["breakdown": ["machine": "NOPE", "repairMinutes": 60]]))
            #expect(unknown.status == .unprocessableContent)
            let typo = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["badLot": ["lot": "CB1-24152", "att": 1]]))
            #expect(typo.status == .badRequest)
            let now = try await client.execute(uri: uri, method: .post, headers: admin, body: json(["badLot": ["lot": "CB1-24152"]]))
            #expect(try object(now)["hours"] as? Double == 0)

            let score = try object(try await client.execute(uri: "/api/v1/training/score", method: .get, headers: admin))
            let events = try #require(score["trainingEvents"] as? [[String: Any]])
            #expect(events.map { $0["kind"] as? String } == ["badLot"], "the breakdown at 7.5 h has not happened yet")
            #expect(try await client.execute(uri: "/api/v1/training/score", method: .get, headers: operatorUser).status == .forbidden)

            let finished = try object(try await client.execute(uri: "/api/v1/training/finish", method: .post, headers: admin))
            #expect(finished["session"] as? String == "http")
            let directory = try #require(finished["directory"] as? String)
            #expect(FileManager.default.fileExists(atPath: directory + "/summary.md"))
            #expect(FileManager.default.fileExists(atPath: directory + "/score.json"))
        }
    }
}
