import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MESCore
import MESStore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

@testable import MESServer

/// Reads a Server-Sent Events stream over a plain socket until `enough` holds or `seconds` pass
/// (the test client collects whole bodies, and an event stream never ends). Polls without
/// blocking, so the tests running beside it keep their threads.
final class EventStreamReader: @unchecked Sendable {
    private let socket: Int32
    private(set) var text = ""

    /// `token` nil sends no Authorization header (the path may carry `?access_token=`).
    init(port: Int, path: String, token: String?, lastEventId: String? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw APIError(.serviceUnavailable, "cannot connect to 127.0.0.1:\(port)") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        if let lastEventId { request += "Last-Event-ID: \(lastEventId)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
    }

    /// Reads until `enough(text)` or the deadline; returns whether it held.
    func read(for seconds: Double, until enough: (String) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if enough(text) { return true }
            if poll() == nil { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return enough(text)
    }

    /// The stream was closed by the server.
    func closedByServer(within seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if poll() == nil { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Takes what has arrived; nil once the server closed the connection.
    private func poll() -> Int? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while true {
            let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                text += String(decoding: buffer[0..<count], as: UTF8.self)
                total += count
            } else if count == 0 {
                return nil
            } else {
                return total
            }
        }
    }

    deinit { close(socket) }
}

/// Counts webhook deliveries; refuses the first `failures` with 503.
actor WebhookReceiver {
    var deliveries: [(body: Data, signature: String?, event: String?)] = []
    var attempts = 0
    let failures: Int

    init(failures: Int) { self.failures = failures }

    func receive(_ body: Data, signature: String?, event: String?) -> HTTPResponse.Status {
        attempts += 1
        guard attempts > failures else { return .serviceUnavailable }
        deliveries.append((body, signature, event))
        return .ok
    }
}

/// Operations over real HTTP: metrics, request ids, live events, webhooks with retry, and a
/// graceful shutdown of the real `mes serve` process.
@Suite("HTTP API: metrics, request ids, live events, webhooks, shutdown")
struct OperationsAPITests: APITestCase {
    @Test("/metrics counts requests per route and shows the MES's figures; request ids are echoed")
    func metricsAndRequestIds() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                             body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])).status == .created)
            _ = try await client.execute(uri: "/api/v1/workorders/WO-0000-000000", method: .get, headers: admin)
            var withId = admin
            withId[RequestLogMiddleware.header] = "client-req-42"
            let echoed = try await client.execute(uri: "/api/v1/workorders", method: .get, headers: withId)
            #expect(echoed.headers[RequestLogMiddleware.header] == "client-req-42")
            let fresh = try await client.execute(uri: "/api/v1/nowhere", method: .get, headers: admin)
            #expect((fresh.headers[RequestLogMiddleware.header]?.count ?? 0) == 36, "a new id when the client sends none")
            var hostile = admin
            hostile[RequestLogMiddleware.header] = "bad id\u{7f}<script>"
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: hostile).headers[RequestLogMiddleware.header] != "bad id\u{7f}<script>")
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(text.contains(#"jetmes_http_requests_total{route="/api/v1/workorders",method="POST",status="201"} 1"#), "\(text.prefix(2_000))")
            #expect(text.contains(#"status="404""#))
            #expect(text.contains("jetmes_http_request_duration_seconds_bucket"))
            #expect(text.contains(#"jetmes_work_orders{status="Created"} 1"#))
            #expect(text.contains(#"jetmes_ncrs{status="Open"} 0"#))
            #expect(text.contains("jetmes_operations_completed 0") && text.contains("jetmes_journal_entries"))
        }
    }

    @Test("events stream as SSE, filtered by type, resumable with Last-Event-ID; unknown types are 400")
    func serverSentEvents() async throws {
        var configuration = try setUp()
        configuration.eventInterval = .milliseconds(200)
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                 body: json(["username": "admin", "password": "correct horse battery"]))
            let token = try #require(try object(login)["accessToken"] as? String)
            let admin: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            #expect(try await client.execute(uri: "/api/v1/events?types=weather", method: .get, headers: admin).status == .badRequest)
            let reader = try EventStreamReader(port: port, path: "/api/v1/events?types=ncr,alarm", token: token)
            #expect(await reader.read(for: 5) { $0.contains(": JetMES events") }, "stream opened: \(reader.text)")
            let order = try object(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                            body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])))
            let id = try #require(order["id"] as? String)
            let released = try object(try await client.execute(uri: "/api/v1/workorders/\(id)/release", method: .post, headers: admin))
            let serial = try #require((released["serials"] as? [String])?.first)
            #expect(try await client.execute(uri: "/api/v1/ncrs", method: .post, headers: admin,
                                             body: json(["subject": ["kind": "serial", "id": serial], "description": "nick on the root"])).status == .created)
            #expect(await reader.read(for: 5) { $0.contains("event: alarm.ncrOpened") && $0.contains("event: ncr.nonConformanceOpened") }, "\(reader.text)")
            #expect(!reader.text.contains("event: workOrder."), "filtered out")
            #expect(await reader.read(for: 2) { $0.contains(": keep-alive") })
            // Reconnect after the first event: the rest is replayed.
            // Positions are "epoch-id": resume from just before the first event this stream saw.
            let first = try #require(reader.text.components(separatedBy: "id: ").dropFirst().first.map { String($0.prefix { $0 != "\n" }) })
            let parts = first.split(separator: "-")
            let before = "\(parts[0])-\(try #require(Int(parts[1]))  - 1)"
            let resumed = try EventStreamReader(port: port, path: "/api/v1/events?types=alarm", token: token, lastEventId: before)
            #expect(await resumed.read(for: 5) { $0.contains("event: alarm.ncrOpened") && $0.contains("nick on the root") }, "\(resumed.text)")
            #expect(!resumed.text.contains("event: ncr.nonConformanceOpened") && !resumed.text.contains("event: gap"))
            // A position from another process (before a restart) is a gap: everything held is sent after a gap event.
            let stale = try EventStreamReader(port: port, path: "/api/v1/events?types=alarm", token: token, lastEventId: "0ldepoch-3")
            #expect(await stale.read(for: 5) { $0.contains("event: gap") && $0.contains("event: alarm.ncrOpened") }, "\(stale.text)")
        }
    }

    @Test("a machine whose preventive maintenance is overdue raises alarm.pmOverdue once")
    func pmOverdue() async throws {
        var configuration = try setUp()
        configuration.eventInterval = .milliseconds(100)
        let engine = try MESEngine(store: SQLiteJournalStore(path: configuration.databasePath))
        try engine.execute(.registerEquipment(Equipment(id: "GRIND-9", equipmentClass: "grinder", workCenter: "GRIND", preventiveMaintenanceIntervalDays: 30,
                                                        lastPreventiveMaintenance: Date().addingTimeInterval(-40 * 86_400))),
                           by: setupActor, at: Date().addingTimeInterval(-1_000))
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                 body: json(["username": "admin", "password": "correct horse battery"]))
            let token = try #require(try object(login)["accessToken"] as? String)
            let reader = try EventStreamReader(port: try #require(client.port), path: "/api/v1/events?types=alarm.pmOverdue", token: token, lastEventId: "x-0")
            #expect(await reader.read(for: 5) { $0.contains("event: alarm.pmOverdue") && $0.contains("GRIND-9") }, "\(reader.text)")
            _ = await reader.read(for: 0.5) { _ in false }
            #expect(reader.text.components(separatedBy: "event: alarm.pmOverdue").count == 2, "once per due date")
        }
    }

    @Test("webhook receivers on the server's own network are refused unless allowed", arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.20.0.1", true), ("192.168.1.10", true), ("169.254.169.254", true), ("0.0.0.0", true),
        ("100.64.0.1", true), ("localhost", true), ("api.localhost", true), ("[::1]", true), ("fe80::1", true), ("fd00::1", true),
        ("::ffff:10.0.0.1", true), ("8.8.8.8", false), ("172.32.0.1", false), ("hooks.example.com", false), ("2001:db8::1", false),
    ])
    func privateTargets(host: String, refused: Bool) async throws {
        #expect(WebhookRegistry.isPrivate(host: host) == refused, "\(host)")
    }

    @Test("by default a webhook to a loopback receiver is a 422")
    func loopbackWebhookRefused() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            let refused = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: admin,
                                                   body: json(["url": "http://127.0.0.1:9/hook", "events": ["ncrOpened"], "secret": "a shared secret of some length"]))
            #expect(try refused.status == .unprocessableContent && (try object(refused)["pointer"] as? String) == "/url")
        }
    }

    @Test("a webhook gets the NCR alarm, signed, after two refused attempts")
    func webhookRetries() async throws {
        let receiver = WebhookReceiver(failures: 2)
        let hook = Router()
        hook.post("/hook") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await receiver.receive(Data(buffer: body), signature: request.headers[HTTPField.Name("X-JetMES-Signature")!],
                                          event: request.headers[HTTPField.Name("X-JetMES-Event")!])
        }
        let receiverApp = Application(router: hook, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiverApp.test(.live) { receiverClient in
            let hookPort = try #require(receiverClient.port)
            var configuration = try setUp()
            configuration.webhookBackoff = .milliseconds(50)
            configuration.webhookAttempts = 4
            configuration.webhooksToPrivateAddresses = true
            let app = try await APIServer.application(configuration)
            try await app.test(.live) { client in
                let admin = try await login(client, "admin", "correct horse battery")
                let secret = "a shared secret of some length"
                let bad = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: admin,
                                                   body: json(["url": "ftp://x", "events": ["ncrOpened"], "secret": secret]))
                #expect(try bad.status == .unprocessableContent && (try object(bad)["pointer"] as? String) == "/url")
                let unknown = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: admin,
                                                       body: json(["url": "http://127.0.0.1:\(hookPort)/hook", "events": ["ncrOpened", "rain"], "secret": secret]))
                #expect(try unknown.status == .unprocessableContent && (try object(unknown)["pointer"] as? String) == "/events/1")
                let created = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: admin,
                                                       body: json(["url": "http://127.0.0.1:\(hookPort)/hook", "events": ["ncrOpened", "machineDown"], "secret": secret]))
                #expect(created.status == .created)
                let hookId = try #require(try object(created)["id"] as? String)
                #expect(try object(created)["secret"] == nil, "the secret is never shown back")
                let order = try object(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                                body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])))
                let released = try object(try await client.execute(uri: "/api/v1/workorders/\(try #require(order["id"] as? String))/release", method: .post,
                                                                   headers: admin))
                let serial = try #require((released["serials"] as? [String])?.first)
                #expect(try await client.execute(uri: "/api/v1/ncrs", method: .post, headers: admin,
                                                 body: json(["subject": ["kind": "serial", "id": serial], "description": "burr"])).status == .created)
                var delivered = false
                for _ in 0..<100 where !delivered {
                    try await Task.sleep(for: .milliseconds(50))
                    delivered = await !receiver.deliveries.isEmpty
                }
                let deliveries = await receiver.deliveries
                #expect(await receiver.attempts == 3)
                let delivery = try #require(deliveries.first)
                #expect(delivery.event == "alarm.ncrOpened")
                #expect(delivery.signature == WebhookRegistry.signature(of: delivery.body, secret: secret))
                #expect(String(decoding: delivery.body, as: UTF8.self).contains("burr"))
                let status = try object(try await client.execute(uri: "/api/v1/webhooks/\(hookId)", method: .get, headers: admin))
                #expect(status["lastStatus"] as? Int == 200 && status["failedDeliveries"] as? Int == 0)
                let planner = try await { () async throws -> HTTPFields in
                    try await addUser(client, admin: admin, "pat", .productionPlanner)
                    return try await login(client, "pat", "long enough secret")
                }()
                #expect(try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: planner).status == .forbidden)
                #expect(try await client.execute(uri: "/api/v1/webhooks/\(hookId)", method: .delete, headers: admin).status == .noContent)
                #expect(try await client.execute(uri: "/api/v1/webhooks/\(hookId)", method: .get, headers: admin).status == .notFound)
            }
        }
    }

    @Test("mes serve shuts down gracefully on SIGTERM, ending open event streams")
    func gracefulShutdown() async throws {
        let configuration = try setUp()
        let server = try ServeProcess(["--db", configuration.databasePath])
        let reader = try EventStreamReader(port: server.port, path: "/api/v1/events", token: try await server.login("admin", "correct horse battery"))
        #expect(await reader.read(for: 5) { $0.contains(": JetMES events") })
        try await server.terminate()
        #expect(await reader.closedByServer(within: 10), "the event stream ends on shutdown")
        #expect(!server.process.isRunning && server.process.terminationStatus == 0 && server.process.terminationReason == .exit)
        let log = server.standardError
        #expect(log.contains("\"message\":\"request\""), "JSON request log lines: \(log.prefix(500))")
    }

    @Test("mes serve --plant loads a plant's master data into an empty MES once; --bootstrap-admin needs the password from the environment")
    func servePlant() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("plant.sqlite").path
        let plant = repositoryRoot.appendingPathComponent("Plants/hpt-blade-cell.yaml").path
        let refused = try ServeProcess(["--db", database, "--bootstrap-admin", "admin"], environment: ["JETMES_ADMIN_PASSWORD": ""])
        refused.process.waitUntilExit()
        #expect(refused.process.terminationStatus != 0 && refused.standardError.contains("JETMES_ADMIN_PASSWORD"))
        let server = try ServeProcess(["--db", database, "--plant", plant, "--bootstrap-admin", "admin"],
                                      environment: ["JETMES_ADMIN_PASSWORD": "correct horse battery"])
        let token = try await server.login("admin", "correct horse battery")
        let equipment = await server.request("/api/v1/equipment?limit=1000", token: token)
        let machines = (equipment?.body as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(equipment?.status == 200 && machines.count >= 5, "\(machines)")
        try await server.terminate()
        #expect(server.standardOutput.contains("loaded "))
        // A second start keeps the record as it is.
        let again = try ServeProcess(["--db", database, "--plant", plant])
        _ = try await again.login("admin", "correct horse battery")
        try await again.terminate()
        #expect(again.standardOutput.contains("has master data already"))
    }
}
