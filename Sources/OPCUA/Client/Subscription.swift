import Foundation

/// A value reported by a monitored item: the node it belongs to and the DataValue with its
/// status — a Bad status (a failed sensor, an unknown node) arrives here as data.
public struct MonitoredValue: Sendable, Equatable {
    public let nodeId: NodeId
    public let value: DataValue
}

/// A subscription as its owner sees it: the values of its nodes as they change, for as long
/// as the client lives, across reconnections.
public struct Subscription: Sendable {
    public let key: Int
    public let nodes: [NodeId]
    public let values: AsyncStream<MonitoredValue>
    /// Nodes the server refused to monitor, with why (their bad status also arrives as a value).
    public let refused: [NodeId: StatusCode]
}

/// Counts a subscription keeps, to show that nothing was lost or duplicated.
public struct SubscriptionStatistics: Sendable, Equatable {
    public var notificationMessages = 0
    public var valuesDelivered = 0
    public var keepAlives = 0
    /// Messages fetched again with Republish after a gap in sequence numbers.
    public var republished = 0
    /// Messages the server could no longer republish.
    public var lost = 0
    /// Times the subscription was created again on a new session.
    public var recreated = 0
}

struct MonitoredItemSpec: Sendable {
    let clientHandle: UInt32
    let nodeId: NodeId
    let samplingInterval: Double
    let queueSize: UInt32
}

/// The client's own record of a subscription, from which it can be recreated on a new session.
struct SubscriptionRecord {
    let key: Int
    var serverId: UInt32
    let publishingInterval: Double
    var items: [UInt32: MonitoredItemSpec]
    let continuation: AsyncStream<MonitoredValue>.Continuation
    var lastSequenceNumber: UInt32?
    /// Messages received ahead of a gap, by sequence number.
    var waiting: [UInt32: NotificationMessage] = [:]
    var statistics = SubscriptionStatistics()
}
