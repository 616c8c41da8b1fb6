import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB
import Hummingbird
import Logging
import MESCore
import ServiceLifecycle

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outgoing webhooks for alerts: an administrator subscribes a URL to alarm types
/// (`machineDown`, `ncrOpened`, `pmOverdue`); each alarm is POSTed as JSON with an HMAC-SHA256
/// signature of the body (`X-JetMES-Signature: sha256=…`, keyed with the subscription's secret),
/// retried with exponential backoff until the receiver answers 2xx or the attempts run out.
/// Subscriptions and the outcome of their last delivery are kept in `<db>.webhooks`.
public final class WebhookRegistry: Sendable {
    public static let alarmTypes = ["machineDown", "ncrOpened", "pmOverdue"]
    private let database: DatabaseQueue
    /// Whether receivers on loopback, private and link-local addresses are allowed (off by
    /// default: a webhook must not become a way to reach the server's own network).
    let allowsPrivateTargets: Bool

    public struct Subscription: Codable, Sendable, Equatable, ResponseEncodable {
        public let id: String
        public let url: String
        public let events: [String]
        public let createdAt: Date
        public let createdBy: String
        /// The receiver's last answer (HTTP status, or 0 when it could not be reached).
        public let lastStatus: Int?
        public let lastDeliveredAt: Date?
        public let failedDeliveries: Int
    }

    public init(path: String, allowsPrivateTargets: Bool = false) throws {
        self.allowsPrivateTargets = allowsPrivateTargets
        database = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("webhooks") { db in
            try db.execute(sql: """
                CREATE TABLE webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL, secret TEXT NOT NULL, created_at REAL NOT NULL,
                                       created_by TEXT NOT NULL, last_status INTEGER, last_delivered_at REAL, failed_deliveries INTEGER NOT NULL DEFAULT 0)
                """)
        }
        try migrator.migrate(database)
    }

    func add(url: String, events: [String], secret: String, by actor: String, at time: Date) throws -> Subscription {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false else {
            throw APIError(.unprocessableContent, "url must be an absolute http or https URL, got '\(url)'", pointer: "/url")
        }
        if !allowsPrivateTargets, let host = parsed.host, Self.isPrivate(host: host) {
            throw APIError(.unprocessableContent, "url names a loopback, private or link-local address ('\(host)'); mes serve --webhooks-to-private-addresses allows them",
                           pointer: "/url")
        }
        guard !events.isEmpty else { throw APIError(.unprocessableContent, "subscribe to at least one of \(Self.alarmTypes.joined(separator: ", "))", pointer: "/events") }
        for (index, event) in events.enumerated() where !Self.alarmTypes.contains(event) {
            throw APIError(.unprocessableContent, "unknown alarm '\(event)'; alarms: \(Self.alarmTypes.joined(separator: ", "))", pointer: "/events/\(index)")
        }
        guard secret.utf8.count >= 16 else { throw APIError(.unprocessableContent, "the signing secret needs at least 16 bytes", pointer: "/secret") }
        let id = "WH-" + UUID().uuidString.prefix(8).lowercased()
        try database.write { db in
            try db.execute(sql: "INSERT INTO webhooks (id, url, events, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, url, Array(Set(events)).sorted().joined(separator: ","), secret, time.timeIntervalSince1970, actor])
        }
        return try subscription(id)
    }

    func subscriptions() throws -> [Subscription] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY created_at, id").map(Self.subscription) }
    }

    func subscription(_ id: String) throws -> Subscription {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]) else { throw APIError(.notFound, "no webhook '\(id)'") }
            return Self.subscription(row)
        }
    }

    func remove(_ id: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw APIError(.notFound, "no webhook '\(id)'") }
        }
    }

    /// The subscriptions an alarm goes to, with their secrets.
    func targets(of alarm: String) throws -> [(id: String, url: String, secret: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, url, events, secret FROM webhooks").compactMap { row in
                (row["events"] as String).split(separator: ",").contains(Substring(alarm)) ? (row["id"], row["url"], row["secret"]) : nil
            }
        }
    }

    /// Notes an attempt's answer; a delivery that ran out of attempts counts as failed.
    func recordDelivery(_ id: String, status: Int, failedForGood: Bool, at time: Date) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE webhooks SET last_status = ?, last_delivered_at = ?, failed_deliveries = failed_deliveries + ? WHERE id = ?",
                           arguments: [status, time.timeIntervalSince1970, failedForGood ? 1 : 0, id])
        }
    }

    private static func subscription(_ row: Row) -> Subscription {
        Subscription(id: row["id"], url: row["url"], events: (row["events"] as String).split(separator: ",").map(String.init),
                     createdAt: Date(timeIntervalSince1970: row["created_at"]), createdBy: row["created_by"], lastStatus: row["last_status"],
                     lastDeliveredAt: (row["last_delivered_at"] as Double?).map(Date.init(timeIntervalSince1970:)), failedDeliveries: row["failed_deliveries"])
    }

    /// A host that is a loopback, private, link-local or unspecified address literal, or localhost.
    /// (A name that resolves to such an address is not caught here; a firewall must.)
    static func isPrivate(host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            let a = UInt32(bigEndian: v4.s_addr)
            let (first, second) = (a >> 24, (a >> 16) & 0xff)
            return first == 0 || first == 10 || first == 127 || (first == 169 && second == 254) || (first == 172 && (16...31).contains(second))
                || (first == 192 && second == 168) || (first == 100 && (64...127).contains(second))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            let loopbackOrUnspecified = bytes[0..<15].allSatisfy { $0 == 0 } && (bytes[15] == 1 || bytes[15] == 0)
            let uniqueLocal = bytes[0] & 0xfe == 0xfc
            let linkLocal = bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80
            let mappedV4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            return loopbackOrUnspecified || uniqueLocal || linkLocal
                || (mappedV4 && isPrivate(host: "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"))
        }
        return false
    }

    /// The signature header's value for a body.
    public static func signature(of body: Data, secret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}

/// Delivers alarms to the webhook subscriptions, each delivery in its own task so a slow
/// receiver holds up no other; attempts at `backoff`, doubling, up to `attempts`. Alarms raised
/// while the server shuts down are not queued for later: there is no outbox yet.
struct WebhookDispatcher: Service {
    let hub: EventHub
    let registry: WebhookRegistry
    let attempts: Int
    let backoff: Duration
    /// Where an alarm that could not be encoded, or subscriptions that could not be read, are reported.
    let logger: Logger

    func run() async throws {
        let alarms = hub.subscribe(after: nil) { $0.category == "alarm" }
        await withDiscardingTaskGroup { group in
            for await signal in alarms.cancelOnGracefulShutdown() {
                guard case .event(let event) = signal else { continue }
                let body: Data, targets: [(id: String, url: String, secret: String)]
                do {
                    // The same bytes the event stream sends.
                    body = Data(try ResponseJSONEncoder().encode(event))
                    targets = try registry.targets(of: String(event.type.dropFirst("alarm.".count)))
                } catch {
                    logger.error("webhook alarm not delivered", metadata: ["event": .string(event.type), "error": .string(String(describing: error))])
                    continue
                }
                for target in targets {
                    let position = hub.position(of: event)
                    group.addTask { await deliver(body, type: event.type, delivery: position, to: target) }
                }
            }
        }
    }

    func deliver(_ body: Data, type: String, delivery: String, to target: (id: String, url: String, secret: String)) async {
        guard let url = URL(string: target.url) else { return }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(type, forHTTPHeaderField: "X-JetMES-Event")
        request.setValue(delivery, forHTTPHeaderField: "X-JetMES-Delivery")
        request.setValue(WebhookRegistry.signature(of: body, secret: target.secret), forHTTPHeaderField: "X-JetMES-Signature")
        var wait = backoff
        for attempt in 1...max(1, attempts) {
            let status: Int
            do {
                let (_, response) = try await Self.session.data(for: request)
                status = (response as? HTTPURLResponse)?.statusCode ?? 0
            } catch {
                status = 0
            }
            let succeeded = (200..<300).contains(status)
            let last = attempt >= attempts || Task.isCancelled || Task.isShuttingDownGracefully
            record(target.id, status: status, failedForGood: !succeeded && last)
            if succeeded || last { return }
            // A shutdown does not wait out the backoff: the delivery counts as failed.
            do {
                let pause = wait
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                record(target.id, status: status, failedForGood: true)
                return
            }
            wait *= 2
        }
    }

    /// Notes an attempt in the subscription; a store that cannot take it is logged, not ignored.
    private func record(_ id: String, status: Int, failedForGood: Bool) {
        do {
            try registry.recordDelivery(id, status: status, failedForGood: failedForGood, at: Date())
        } catch {
            logger.error("webhook delivery not recorded", metadata: ["webhook": .string(id), "status": .stringConvertible(status), "error": .string(String(describing: error))])
        }
    }

    /// No redirects: a receiver's 3xx is an answer, not a way to send the alarm (and its
    /// signature) somewhere else.
    static let session = URLSession(configuration: .ephemeral, delegate: RefuseRedirects(), delegateQueue: nil)
}

final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
                    completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// `/api/v1/webhooks`: System Administrators subscribe receivers to alarms.
struct WebhookRoutes {
    let registry: WebhookRegistry

    struct NewSubscription: Codable {
        let url: String
        let events: [String]
        let secret: String
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("webhooks") { _, context -> [WebhookRegistry.Subscription] in
            try context.requireAdministrator("manages webhooks")
            return try registry.subscriptions()
        }
        api.post("webhooks") { request, context -> EditedResponse<WebhookRegistry.Subscription> in
            let actor = try context.requireAdministrator("manages webhooks")
            let body = try await decode(NewSubscription.self, request, context)
            let subscription = try registry.add(url: body.url, events: body.events, secret: body.secret, by: actor.id, at: Date())
            return EditedResponse(status: .created, headers: [.location: "/api/v1/webhooks/\(subscription.id)"], response: subscription)
        }
        api.get("webhooks/:id") { _, context -> WebhookRegistry.Subscription in
            try context.requireAdministrator("manages webhooks")
            return try registry.subscription(try context.parameters.require("id"))
        }
        api.delete("webhooks/:id") { _, context -> Response in
            try context.requireAdministrator("manages webhooks")
            try registry.remove(try context.parameters.require("id"))
            return Response(status: .noContent)
        }
    }
}
