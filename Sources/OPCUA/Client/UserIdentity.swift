/// Who the client acts as on the server: anonymous, or a user name and password (the
/// password encrypted with the server's certificate whenever the token policy asks for it).
public enum UserIdentity: Sendable, Equatable, CustomStringConvertible {
    case anonymous
    case userName(String, password: String)

    public var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .userName(let name, _): "user '\(name)'"
        }
    }
}
