import Foundation
import MESCore

/// One event as dashboards and webhooks receive it: the journaled domain event with a running
/// id (for `Last-Event-ID` resumption), its category and type, and the entities it touches.
/// Alarms (`alarm.machineDown`, `alarm.ncrOpened`, `alarm.pmOverdue`) are derived events for
/// notifications.
public struct LiveEvent: Codable, Sendable {
    public let id: Int
    public let type: String
    public let category: String
    public let time: Date
    public let entities: [EntityReference]
    public let data: DomainEvent?
    public let message: String?

    /// The categories `GET /api/v1/events?types=` filters by.
    public static let categories = ["workOrder", "operation", "ncr", "quality", "equipment", "maintenance", "material", "masterData", "alarm"]

    /// The §5.2 resource whose read permission a subscriber needs to see events of a category.
    static func resource(of category: String) -> ProtectedResource {
        switch category {
        case "workOrder", "operation", "masterData": .workOrders
        case "ncr", "quality": .qualityData
        case "material": .materials
        default: .equipment
        }
    }

    static func category(of event: DomainEvent) -> String? {
        switch event {
        case .workOrderCreated, .workOrderUpdated, .workOrderDeleted, .workOrderReleased, .workOrderStatusChanged, .workOrderClosed: "workOrder"
        case .operationStarted, .operationCompleted, .serialStatusChanged: "operation"
        case .nonConformanceOpened, .nonConformanceReviewed, .nonConformanceDispositioned, .nonConformanceClosed: "ncr"
        case .inspectionPlanDefined, .inspectionCreated, .inspectionUpdated, .inspectionDeleted, .resultsRecorded, .firstArticleRequired, .firstArticleCompleted,
            .certificateIssued:
            "quality"
        case .equipmentStateChanged, .equipmentRegistered, .equipmentDeleted, .machinePartsCounted: "equipment"
        case .maintenanceScheduled, .maintenanceStarted, .maintenanceCompleted: "maintenance"
        case .lotReceived, .lotSplit, .materialAllocated, .materialDeallocated, .materialConsumed, .componentInstalled, .substitutionApproved, .lotStatusChanged,
            .lotCertificateAdded, .lotDeleted, .lotReturnedToVendor:
            "material"
        case .partDefined, .materialDefined, .toolRegistered, .operatorRegistered, .operatorCertified: "masterData"
        case .commandRejected: nil
        }
    }

    /// The case name of a domain event ("operationCompleted").
    static func name(of event: DomainEvent) -> String {
        Mirror(reflecting: event).children.first?.label ?? String(describing: event)
    }
}

/// Fans the MES's events out to live subscribers (Server-Sent Events, webhooks) in journal
/// order, and keeps the last events so a reconnecting client can resume where it left off.
/// Publishing happens inside the MES service's turn, so it takes a lock rather than a hop.
public final class EventHub: @unchecked Sendable {
    public enum Signal: Sendable {
        case event(LiveEvent)
        case heartbeat
    }

    private struct Subscriber {
        let accepts: @Sendable (LiveEvent) -> Bool
        let continuation: AsyncStream<Signal>.Continuation
    }

    private let lock = NSLock()
    /// Names this process's numbering: event ids start at 1 again after a restart, so a stream's
    /// position is "epoch-id", and a position from another epoch is known to be stale.
    public let epoch = String(UUID().uuidString.prefix(8)).lowercased()
    private var nextId = 1
    private var recent: [LiveEvent] = []
    private var subscribers: [UUID: Subscriber] = [:]
    private var closed = false
    let retained: Int

    public init(retained: Int = 1_000) { self.retained = retained }

    /// Publishes what one command recorded, and the alarms it raises.
    func publish(_ events: [DomainEvent], at time: Date) {
        var live: [(String, String, [EntityReference], DomainEvent?, String?)] = []
        for event in events {
            guard let category = LiveEvent.category(of: event) else { continue }
            live.append((category, category + "." + LiveEvent.name(of: event), event.affectedEntities, event, nil))
            switch event {
            case .equipmentStateChanged(let id, .aborted, _):
                live.append(("alarm", "alarm.machineDown", [EntityReference(.equipment, id)], event, "\(id) is down (Aborted)"))
            case .nonConformanceOpened(let report):
                live.append(("alarm", "alarm.ncrOpened", [EntityReference(.nonConformance, report.id), report.subject], event, "\(report.id): \(report.description)"))
            default: break
            }
        }
        for (category, type, entities, data, message) in live { emit(category: category, type: type, entities: entities, data: data, message: message, at: time) }
    }

    /// Publishes an alarm that no single command caused (a PM falling overdue).
    func alarm(_ type: String, about entities: [EntityReference], message: String, at time: Date) {
        emit(category: "alarm", type: "alarm." + type, entities: entities, data: nil, message: message, at: time)
    }

    private func emit(category: String, type: String, entities: [EntityReference], data: DomainEvent?, message: String?, at time: Date) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        let event = LiveEvent(id: nextId, type: type, category: category, time: time, entities: entities, data: data, message: message)
        nextId += 1
        recent.append(event)
        if recent.count > retained { recent.removeFirst(recent.count - retained) }
        for subscriber in subscribers.values where subscriber.accepts(event) { subscriber.continuation.yield(.event(event)) }
    }

    /// Where a client resumes from a `Last-Event-ID` ("epoch-id"): after that event when this
    /// process issued it and still holds what followed; otherwise everything held, flagged as a
    /// gap (the client should reload what it shows).
    public func resumption(from lastEventId: String?) -> (after: Int?, gap: Bool) {
        guard let lastEventId else { return (nil, false) }
        let parts = lastEventId.split(separator: "-", maxSplits: 1)
        lock.lock()
        defer { lock.unlock() }
        let oldest = recent.first?.id ?? nextId
        guard parts.count == 2, parts[0] == epoch, let id = Int(parts[1]), id < nextId else { return (0, true) }
        return id + 1 >= oldest ? (id, false) : (0, true)
    }

    /// The stream position of an event, as `id:` lines and webhook delivery ids carry it.
    public func position(of event: LiveEvent) -> String { "\(epoch)-\(event.id)" }

    /// A stream of the events `accepts` lets through, starting after event `lastId` when the
    /// hub still holds it (else from now on). Ends when the hub closes (server shutdown).
    public func subscribe(after lastId: Int?, accepts: @escaping @Sendable (LiveEvent) -> Bool) -> AsyncStream<Signal> {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(10_000))
        let key = UUID()
        lock.lock()
        defer { lock.unlock() }
        if closed {
            continuation.finish()
            return stream
        }
        if let lastId { for event in recent where event.id > lastId && accepts(event) { continuation.yield(.event(event)) } }
        subscribers[key] = Subscriber(accepts: accepts, continuation: continuation)
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(key) }
        return stream
    }

    private func unsubscribe(_ key: UUID) {
        lock.lock()
        subscribers[key] = nil
        lock.unlock()
    }

    /// Keeps idle connections open through proxies.
    func heartbeat() {
        lock.lock()
        defer { lock.unlock() }
        for subscriber in subscribers.values { subscriber.continuation.yield(.heartbeat) }
    }

    /// Ends every stream: the server is shutting down.
    func close() {
        lock.lock()
        closed = true
        let all = subscribers.values.map(\.continuation)
        subscribers.removeAll()
        lock.unlock()
        for continuation in all { continuation.finish() }
    }

    var subscriberCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return subscribers.count
    }
}
