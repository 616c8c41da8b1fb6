import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESSampleData
import MESStore
import Testing

@testable import MESServer

/// What the API tests share: a fresh database with the sample shop, JSON in and out, login.
protocol APITestCase {}

extension APITestCase {
    var setupActor: Actor { Actor(id: "setup", name: "Set-up", roles: [.systemAdministrator]) }

    /// A fresh database with the sample shop's master data, an inspection plan at operation 30
    /// and the bootstrapped administrator `admin`.
    func setUp() throws -> APIServer.Configuration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = APIServer.Configuration(databasePath: folder.appendingPathComponent("mes.sqlite").path, port: 0)
        let engine = try MESEngine(store: SQLiteJournalStore(path: configuration.databasePath))
        try engine.execute(.loadMasterData(SampleShop.masterData(start: Date().addingTimeInterval(-86_400))), by: setupActor, at: Date().addingTimeInterval(-3_600))
        try engine.execute(.defineInspectionPlan(InspectionPlan(
            id: "IP-BLADE-30", partNumber: SampleShop.blade, revision: "A", operationNumber: 30,
            characteristics: [Characteristic(id: "ROOT-W", balloon: 1, description: "Root width", nominal: 10.0, lowerLimit: 9.95, upperLimit: 10.05, unit: "mm", method: "CMM")])),
            by: setupActor, at: Date().addingTimeInterval(-3_000))
        try APIServer.bootstrapAdministrator(configuration, username: "admin", password: "correct horse battery")
        #expect(throws: APIError.self) { try APIServer.bootstrapAdministrator(configuration, username: "again", password: "correct horse battery") }
        return configuration
    }

    func json(_ value: [String: Any]) throws -> ByteBuffer { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: value)) }

    func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func array(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
    }

    func login(_ client: some TestClientProtocol, _ user: String, _ password: String, totp: String? = nil) async throws -> HTTPFields {
        var body: [String: Any] = ["username": user, "password": password]
        if let totp { body["totp"] = totp }
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: json(body))
        #expect(response.status == .ok, "login \(user)")
        let token = try #require(try object(response)["accessToken"] as? String)
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    /// Creates a user with one role through the API, as the administrator.
    func addUser(_ client: some TestClientProtocol, admin: HTTPFields, _ username: String, _ role: Role, password: String = "long enough secret") async throws {
        let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                               body: json(["username": username, "name": username, "roles": [role.rawValue], "password": password]))
        #expect(created.status == .created, "user \(username)")
    }
}
