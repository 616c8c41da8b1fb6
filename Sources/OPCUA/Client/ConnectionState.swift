/// Where a client's connection stands, as a driver reports it to the MES.
public enum ConnectionState: Sendable, Equatable, CustomStringConvertible {
    case disconnected
    case connected
    /// The connection dropped; the client is trying again (attempt count, why it dropped).
    case reconnecting(attempt: Int, reason: String)
    case closed

    public var description: String {
        switch self {
        case .disconnected: "disconnected"
        case .connected: "connected"
        case .reconnecting(let attempt, let reason): "reconnecting (attempt \(attempt)): \(reason)"
        case .closed: "closed"
        }
    }
}
