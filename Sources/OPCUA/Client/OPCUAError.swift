/// What went wrong talking to an OPC UA server, said so that a commissioning engineer can act
/// on it: the status code by name, and which request or node it concerned.
public enum OPCUAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with a Bad status (a ServiceFault, an ERR message, a Bad service result).
    case status(StatusCode, String)
    /// The peer broke the protocol: a frame, chunk or message that cannot be right.
    case protocolViolation(String)
    case decoding(UADecodingError, context: String)
    /// A security check failed: signature, certificate, trust.
    case security(String)
    case connectionClosed(String)
    case timeout(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .status(let status, let context): "\(context): \(status)"
        case .protocolViolation(let text): "protocol violation: \(text)"
        case .decoding(let error, let context): "cannot decode \(context): \(error)"
        case .security(let text): "security: \(text)"
        case .connectionClosed(let text): "connection closed: \(text)"
        case .timeout(let text): "timed out: \(text)"
        case .invalidArgument(let text): text
        }
    }

    /// The status code this error carries, if the server gave one.
    public var statusCode: StatusCode? {
        if case .status(let status, _) = self { return status }
        return nil
    }
}
