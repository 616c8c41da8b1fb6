import Foundation

/// A person on the shop floor, with the certifications that gate which operations they may start.
public struct Operator: Codable, Sendable, Hashable {
    public let id: String
    public var name: String
    public var roles: Set<Role>
    public var certifications: [Certification]

    public init(id: String, name: String, roles: Set<Role> = [.operator], certifications: [Certification] = []) {
        self.id = id
        self.name = name
        self.roles = roles
        self.certifications = certifications
    }

    enum CodingKeys: String, CodingKey { case id, name, roles, certifications }

    /// Roles sorted, as for `Actor`: the encoding is hashed into the journal.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(roles.sortedForEncoding, forKey: .roles)
        try container.encode(certifications, forKey: .certifications)
    }

    /// Whether the operator holds `skill`, issued no later than and expiring no earlier than `time`.
    public func isCertified(for skill: String, at time: Date) -> Bool {
        certifications.contains { $0.skill == skill && $0.issued <= time && time <= $0.expires }
    }
}

public struct Certification: Codable, Sendable, Hashable {
    public let skill: String
    public let issued: Date
    public let expires: Date

    public init(skill: String, issued: Date, expires: Date) {
        self.skill = skill
        self.issued = issued
        self.expires = expires
    }
}
