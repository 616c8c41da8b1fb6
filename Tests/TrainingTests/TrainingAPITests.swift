import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESServer
import Testing
import Training
import Twin

/// The training server over real HTTP: the API of `mes serve` on the twin's engine, and the trainer's routes.
@Suite struct TrainingAPITests {
    func json(_ value: [String: Any]) throws -> ByteBuffer { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: value)) }

    func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func login(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> HTTPFields {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                body: json(["username": user, "password": password]))
        #expect(response.status == .ok, "login \(user)")
        let token = try #require(try object(response)["accessToken"] as? String)
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    func addUser(_ client: some TestClientProtocol, admin: HTTPFields, _ username: String, _ role: Role) async throws -> HTTPFields {
        let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                               body: json(["username": username, "name": username, "roles": [role.rawValue], "password": "long enough secret"]))
        #expect(created.status == .created, "user \(username)")
        return try await login(client, username, "long enough secret")
    }

    /// Two trainees start the same operation at once, on two machines: exactly one start is
    /// accepted, the other is a 409 problem detail naming the conflict.
    @Test func twoTraineesCannotBothStartTheSameOperation() async throws {
        let (service, configuration) = try pausedTraining()
        // The trainer takes the paused floor to the first serial waiting for EDM (the trainees' work).
        let waiting = await service.withClock { clock -> (workOrder: String, serial: String, operation: Int)? in
            let clock = clock as! TrainingClock
            while clock.step() {
                if let found = waitingAtEDM(clock.twin.mesState) { return found }
            }
            return nil
        }
        let (order, serial, number) = try #require(waiting)
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.live) { client in
            let admin = try await login(client, "trainer", "correct horse battery")
            let first = try await addUser(client, admin: admin, "OP-E-ED1", .operator)
            let second = try await addUser(client, admin: admin, "OP-E-ED2", .operator)
            let uri = "/api/v1/workorders/\(order)/operations/\(number)/start"
            async let a = client.execute(uri: uri, method: .post, headers: first,
                                         body: try json(["serial": serial, "equipmentId": "EDM-1", "operatorId": "OP-E-ED1"]))
            async let b = client.execute(uri: uri, method: .post, headers: second,
                                         body: try json(["serial": serial, "equipmentId": "EDM-2", "operatorId": "OP-E-ED2"]))
            let responses = try await [a, b]
            let statuses = responses.map(\.status.code).sorted()
            #expect(statuses.count == 2 && (200..<300).contains(statuses[0]) && statuses[1] == 409, "statuses \(statuses)")
            let loser = try #require(responses.first { $0.status == .conflict })
            #expect(loser.headers[.contentType] == "application/problem+json")
            let problem = try object(loser)
            #expect(problem["status"] as? Int == 409)
            #expect((problem["detail"] as? String)?.isEmpty == false)

            // The trainer's console: status, and the clock stood still while paused.
            let status = try object(try await client.execute(uri: "/api/v1/training", method: .get, headers: admin))
            #expect(status["paused"] as? Bool == true)
            #expect(status["speed"] as? Double == 60)
            let forbidden = try await client.execute(uri: "/api/v1/training/resume", method: .post, headers: first)
            #expect(forbidden.status == .forbidden)
            let faster = try await client.execute(uri: "/api/v1/training/speed", method: .put, headers: admin, body: try json(["speed": 600]))
            #expect(try object(faster)["speed"] as? Double == 600)
            let bad = try await client.execute(uri: "/api/v1/training/speed", method: .put, headers: admin, body: try json(["speed": -1]))
            #expect(bad.status == .unprocessableContent)
            let before = try object(try await client.execute(uri: "/api/v1/training", method: .get, headers: admin))["simulatedHours"] as? Double
            let stepped = try object(try await client.execute(uri: "/api/v1/training/step", method: .post, headers: admin))
            #expect(stepped["paused"] as? Bool == true)
            #expect(try #require(stepped["simulatedHours"] as? Double) > (before ?? .infinity) - 1e-12)
            let resumed = try object(try await client.execute(uri: "/api/v1/training/resume", method: .post, headers: admin))
            #expect(resumed["paused"] as? Bool == false)
            let paused = try object(try await client.execute(uri: "/api/v1/training/pause", method: .post, headers: admin))
            #expect(paused["paused"] as? Bool == true)
        }
    }
}
