import Foundation
import Hummingbird
import MESCore

/// `mes serve`: the MES core over HTTP — login, the §4 routes that have landed, health.
public enum APIServer {
    public struct Configuration: Sendable {
        public var databasePath: String
        public var host: String
        public var port: Int

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
        }

        /// The users live beside the MES database.
        public var usersPath: String { databasePath + ".users" }
    }

    struct LoginRequest: Codable {
        let username: String
        let password: String
    }

    struct LoginResponse: Codable, ResponseEncodable {
        let accessToken: String
        let tokenType: String
        let expiresAt: Date
        let roles: [String]
    }

    struct NewUser: Codable {
        let username: String
        let name: String
        let roles: [String]
        let password: String
    }

    struct Health: Codable, ResponseEncodable {
        let status: String
        let journalEntries: Int?
    }

    /// The application, ready to run (or to test).
    public static func application(_ configuration: Configuration) async throws -> some ApplicationProtocol {
        Application(router: try await router(configuration), configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "JetMES"))
    }

    /// The OpenAPI 3.1 document of the API, as committed (`Sources/MESServer/openapi.json`, written by `scripts/make_openapi.py`).
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw APIError(.internalServerError, "openapi.json is missing") }
        return try Data(contentsOf: url)
    }

    /// Every route of the API.
    static func router(_ configuration: Configuration) async throws -> Router<MESRequestContext> {
        let users = try UserDirectory(path: configuration.usersPath)
        guard try !users.isEmpty else {
            throw APIError(.serviceUnavailable, "no users yet: bootstrap the administrator first (mes serve --bootstrap-admin NAME with JETMES_ADMIN_PASSWORD set)")
        }
        let service = try MESService(databasePath: configuration.databasePath)
        let tokens = await TokenService(secret: try users.signingKey())
        let router = Router(context: MESRequestContext.self)
        router.add(middleware: ProblemDetailsMiddleware())
        router.get("/health/live") { _, _ in Health(status: "live", journalEntries: nil) }
        router.get("/health/ready") { _, _ in Health(status: "ready", journalEntries: await service.journalLength) }
        let document = try openAPIDocument()
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(tokens: tokens))
        api.post("auth/login") { request, context -> LoginResponse in
            let body = try await decode(LoginRequest.self, request, context)
            guard let actor = try users.authenticate(username: body.username, password: body.password) else {
                throw APIError(.unauthorized, "unknown user or wrong password")
            }
            let (token, expires) = try await tokens.issue(for: actor)
            return LoginResponse(accessToken: token, tokenType: "Bearer", expiresAt: expires, roles: actor.roles.map(\.rawValue).sorted())
        }
        api.post("auth/logout") { _, context -> Response in
            _ = try context.requireActor()
            if let id = context.tokenId { await tokens.revoke(id) }
            return Response(status: .noContent)
        }
        api.post("users") { request, context -> Response in
            let actor = try context.requireActor()
            guard actor.roles.contains(.systemAdministrator) else { throw APIError(.forbidden, "only a System Administrator administers users") }
            let body = try await decode(NewUser.self, request, context)
            let roles = try Set(body.roles.enumerated().map { index, name in
                guard let role = Role(rawValue: name) else {
                    throw APIError(.unprocessableContent, "unknown role '\(name)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))", pointer: "/roles/\(index)")
                }
                return role
            })
            try users.add(username: body.username, name: body.name, roles: roles, password: body.password)
            return Response(status: .created)
        }
        WorkOrderRoutes(service: service).register(on: api.group("workorders"))
        QualityRoutes(service: service, users: users).register(on: api)
        TraceabilityRoutes(service: service).register(on: api)
        MaterialAndResourceRoutes(service: service).register(on: api)
        return router
    }

    /// Creates the first administrator; refused once any user exists. The password comes from
    /// the deployer (no default password ships).
    public static func bootstrapAdministrator(_ configuration: Configuration, username: String, password: String) throws {
        let users = try UserDirectory(path: configuration.usersPath)
        guard try users.isEmpty else { throw APIError(.conflict, "users exist already; the administrator is bootstrapped only once") }
        try users.add(username: username, name: username, roles: [.systemAdministrator], password: password)
    }
}
