import Foundation

/// Who changed which entity, when, by which command, from what to what — or why they were refused.
public struct AuditRecord: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable { case created, modified, deleted, refused }

    public let entity: EntityReference
    public let action: Action
    public let actorId: String
    public let actorName: String
    public let time: Date
    public let command: String
    /// Canonical JSON of the entity before the command (nil when created or refused).
    public let before: String?
    /// Canonical JSON of the entity after the command (nil when deleted or refused).
    public let after: String?
    /// Why a command was refused.
    public let reason: String?

    public init(
        entity: EntityReference, action: Action, actorId: String, actorName: String, time: Date, command: String, before: String?, after: String?,
        reason: String?
    ) {
        self.entity = entity
        self.action = action
        self.actorId = actorId
        self.actorName = actorName
        self.time = time
        self.command = command
        self.before = before
        self.after = after
        self.reason = reason
    }
}
