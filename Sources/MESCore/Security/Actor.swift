/// Who issues a command: a person (through the API or the UI), a simulated operator or an
/// equipment adapter. Every command and every audit record names one.
public struct Actor: Codable, Sendable, Hashable {
    public let id: String
    public let name: String
    public let roles: Set<Role>

    public init(id: String, name: String, roles: Set<Role>) {
        self.id = id
        self.name = name
        self.roles = roles
    }
}
