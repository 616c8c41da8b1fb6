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

    enum CodingKeys: String, CodingKey { case id, name, roles }

    /// Roles are written sorted: a set's order changes from process to process, and the journal's
    /// hashes are taken over this encoding.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(roles.sortedForEncoding, forKey: .roles)
    }
}

extension Set<Role> {
    /// The roles in a fixed order (by name), for encodings that are hashed or compared as bytes.
    var sortedForEncoding: [Role] { sorted { $0.rawValue < $1.rawValue } }
}
