/// Why the core refused a command. Each case maps to one HTTP status, so every client reports
/// refusals the same way; the state is unchanged whenever one is thrown.
public enum MESError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The actor's roles do not grant `action` on `resource` (403).
    case forbidden(actor: String, action: AccessAction, resource: ProtectedResource)
    /// No entity of that kind has that id (404).
    case notFound(entity: String, id: String)
    /// The entity's state does not allow the command (409).
    case illegalTransition(entity: String, id: String, from: String, command: String)
    /// The command is well-formed but breaks a business rule: a precondition of the shop floor (409).
    case precondition(String)
    /// A field of the command is invalid (422).
    case validation(field: String, message: String)
    /// The entity already exists (409).
    case duplicate(entity: String, id: String)

    public var httpStatus: Int {
        switch self {
        case .forbidden: 403
        case .notFound: 404
        case .illegalTransition, .precondition, .duplicate: 409
        case .validation: 422
        }
    }

    public var description: String {
        switch self {
        case .forbidden(let actor, let action, let resource):
            "\(actor) may not \(Self.verb(action)) \(resource.rawValue)"
        case .notFound(let entity, let id): "\(entity) '\(id)' does not exist"
        case .illegalTransition(let entity, let id, let from, let command): "\(entity) '\(id)' is \(from): cannot \(command)"
        case .precondition(let message): message
        case .validation(let field, let message): "\(field): \(message)"
        case .duplicate(let entity, let id): "\(entity) '\(id)' already exists"
        }
    }

    static func verb(_ action: AccessAction) -> String {
        switch action {
        case .create: "create"
        case .read: "read"
        case .update: "update"
        case .delete: "delete"
        }
    }
}
