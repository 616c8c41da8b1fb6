/// A part (customer) flowing through a line: what the statistics need to know about it.
public struct Job: Sendable, Equatable {
    public let serial: Int
    /// When it entered the system.
    public let arrivedAt: Double
    /// When it joined the queue it is in (or last was in).
    public var queuedAt: Double
}
