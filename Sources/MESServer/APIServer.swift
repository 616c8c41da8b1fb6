import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Equipment
import MESCore

/// `mes serve`: the MES core over HTTP — every §4 route, §5 authentication and roles, live
/// events and webhooks, health and metrics.
public enum APIServer {
    public struct Configuration: Sendable {
        public var databasePath: String
        public var host: String
        public var port: Int
        /// How often event streams get a keep-alive and overdue PMs are looked for.
        public var eventInterval: Duration = .seconds(15)
        /// Webhook deliveries: attempts, and the first wait between them (doubling).
        public var webhookAttempts = 5
        public var webhookBackoff: Duration = .seconds(1)
        /// Allows webhook receivers on loopback, private and link-local addresses.
        public var webhooksToPrivateAddresses = false
        /// Real machines (e.g. OPC UA) whose states, counts and alarms the MES records while it serves.
        public var equipmentSources: [any EquipmentEventSource] = []

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
        }

        /// The users (and sessions) live beside the MES database, and so do webhook subscriptions.
        public var usersPath: String { databasePath + ".users" }
        public var webhooksPath: String { databasePath + ".webhooks" }
    }

    struct Health: Codable, ResponseEncodable {
        let status: String
        let journalEntries: Int?
    }

    /// The application, ready to run (or to test). `runService()` runs it until SIGTERM or
    /// SIGINT, then stops accepting connections and lets requests in flight finish
    /// (swift-service-lifecycle's graceful shutdown).
    public static func application(_ configuration: Configuration, logger: Logger = Logger(label: "JetMES")) async throws -> some ApplicationProtocol {
        let (router, services) = try await parts(configuration, logger: logger)
        return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "JetMES"),
                           services: services, logger: logger)
    }

    /// The same API on a service made elsewhere (a training run's, whose clock is a simulated
    /// plant), with `routes` added under the authenticated `/api/v1` and `services` run beside it.
    /// `openAPI` is the document served at `/openapi.json` (the API's own when nil): one that documents the added routes too.
    public static func application(_ configuration: Configuration, service: MESService, routes: (RouterGroup<MESRequestContext>) -> Void,
                                   services extra: [any Service], openAPI: Data? = nil,
                                   logger: Logger = Logger(label: "JetMES")) async throws -> some ApplicationProtocol {
        let (router, services) = try await parts(configuration, service: service, routes: routes, openAPI: openAPI, logger: logger)
        return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "JetMES"),
                           services: services + extra, logger: logger)
    }

    /// The OpenAPI 3.1 document of the API, as committed (`Sources/MESServer/openapi.json`, written by `scripts/make_openapi.py`).
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw APIError(.internalServerError, "openapi.json is missing") }
        return try Data(contentsOf: url)
    }

    /// Every route of the API, and the services that run beside it.
    static func parts(_ configuration: Configuration, logger: Logger = Logger(label: "JetMES")) async throws -> (Router<MESRequestContext>, [any Service]) {
        try checkBootstrapped(configuration)
        return try await parts(configuration, service: try MESService(databasePath: configuration.databasePath), routes: { _ in }, logger: logger)
    }

    /// Refuses to serve before the first administrator exists.
    public static func checkBootstrapped(_ configuration: Configuration) throws {
        guard try !UserDirectory(path: configuration.usersPath).isEmpty else {
            throw APIError(.serviceUnavailable, "no users yet: bootstrap the administrator first (mes serve --bootstrap-admin NAME with JETMES_ADMIN_PASSWORD set)")
        }
    }

    /// Every route on `service`, plus `routes` under the authenticated `/api/v1`; `openAPI` (the API's own document when nil) at `/openapi.json`.
    public static func parts(_ configuration: Configuration, service: MESService, routes: (RouterGroup<MESRequestContext>) -> Void, openAPI: Data? = nil,
                             logger: Logger = Logger(label: "JetMES")) async throws -> (Router<MESRequestContext>, [any Service]) {
        try checkBootstrapped(configuration)
        let users = try UserDirectory(path: configuration.usersPath)
        let webhooks = try WebhookRegistry(path: configuration.webhooksPath, allowsPrivateTargets: configuration.webhooksToPrivateAddresses)
        let tokens = await TokenService(secret: try users.signingKey(), revokedSessions: try users.revokedSessions(now: Date()))
        let metrics = APIMetrics()
        let router = Router(context: MESRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemDetailsMiddleware())
        router.get("/metrics") { _, _ in
            let (state, entries) = (await service.state, await service.journalLength)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(of: state, journalEntries: entries))))
        }
        router.get("/health/live") { _, _ in Health(status: "live", journalEntries: nil) }
        router.get("/health/ready") { _, _ in Health(status: "ready", journalEntries: await service.journalLength) }
        let document = try openAPI ?? openAPIDocument()
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        try UIRoutes().register(on: router)
        let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(tokens: tokens))
        let throttle = LoginThrottle()
        AuthRoutes(users: users, tokens: tokens, throttle: throttle).register(on: api)
        UserAdministrationRoutes(users: users, tokens: tokens).register(on: api)
        WorkOrderRoutes(service: service).register(on: api.group("workorders"))
        let signing = ElectronicSigning(users: users, throttle: throttle)
        QualityRoutes(service: service, signing: signing).register(on: api)
        TraceabilityRoutes(service: service).register(on: api)
        MaterialAndResourceRoutes(service: service).register(on: api)
        MaintenanceRoutes(service: service, signing: signing).register(on: api)
        ExportRoutes(service: service).register(on: api)
        LiveEventRoutes(hub: service.hub, tokens: tokens).register(on: api)
        SPCRoutes(service: service).register(on: api)
        WebhookRoutes(registry: webhooks).register(on: api)
        routes(api)
        var services: [any Service] = [
            LiveEventService(hub: service.hub, service: service, interval: configuration.eventInterval),
            WebhookDispatcher(hub: service.hub, registry: webhooks, attempts: configuration.webhookAttempts, backoff: configuration.webhookBackoff,
                              logger: logger),
        ]
        if !configuration.equipmentSources.isEmpty {
            services.append(EquipmentService(sources: configuration.equipmentSources, service: service, logger: logger))
        }
        return (router, services)
    }

    /// Creates the first administrator; refused once any user exists. The password comes from
    /// the deployer (no default password ships).
    public static func bootstrapAdministrator(_ configuration: Configuration, username: String, password: String) throws {
        let users = try UserDirectory(path: configuration.usersPath)
        guard try users.isEmpty else { throw APIError(.conflict, "users exist already; the administrator is bootstrapped only once") }
        try users.addBlocking(username: username, name: username, roles: [.systemAdministrator], password: password)
    }
}
