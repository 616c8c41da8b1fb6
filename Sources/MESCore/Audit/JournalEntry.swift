import Crypto
import Foundation

/// One command's record in the journal: who, when, what was asked, what it decided and the
/// audit records, sealed into a SHA-256 hash chain so that changing any stored entry — or
/// removing or reordering entries — breaks verification from that point on.
public struct JournalEntry: Codable, Sendable, Equatable {
    public let sequence: Int
    public let time: Date
    public let actor: Actor
    public let command: Command
    public let events: [DomainEvent]
    public let audit: [AuditRecord]
    public let previousHash: String
    public let hash: String

    /// The hash of the first entry's predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)

    public init(sequence: Int, time: Date, actor: Actor, command: Command, events: [DomainEvent], audit: [AuditRecord], previousHash: String) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.command = command
        self.events = events
        self.audit = audit
        self.previousHash = previousHash
        self.hash = Self.digest(Body(sequence: sequence, time: time, actor: actor, command: command, events: events, audit: audit), previousHash)
    }

    /// An entry of an events-only journal: no hash chain, so no tamper evidence.
    public init(unsealedSequence sequence: Int, time: Date, actor: Actor, command: Command, events: [DomainEvent]) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.command = command
        self.events = events
        audit = []
        previousHash = ""
        hash = ""
    }

    /// Whether this entry belongs to an events-only journal.
    public var isSealed: Bool { !hash.isEmpty }

    /// Whether the stored hash is the hash of the stored content.
    public var isIntact: Bool {
        hash == Self.digest(Body(sequence: sequence, time: time, actor: actor, command: command, events: events, audit: audit), previousHash)
    }

    struct Body: Encodable {
        let sequence: Int
        let time: Date
        let actor: Actor
        let command: Command
        let events: [DomainEvent]
        let audit: [AuditRecord]
    }

    static func digest(_ body: Body, _ previousHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previousHash.utf8))
        hasher.update(data: CanonicalJSON.data(body))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Verification of a journal's hash chain.
public enum AuditChain {
    public enum Verdict: Equatable, Sendable {
        case intact(entries: Int)
        /// An events-only journal: complete, but not sealed, so tampering cannot be detected.
        case unsealed(entries: Int)
        /// The first entry whose content, hash link or sequence number is wrong.
        case broken(sequence: Int, reason: String)
    }

    public static func verify(_ entries: some Sequence<JournalEntry>) -> Verdict {
        var previous = JournalEntry.genesisHash
        var expected = 1
        var count = 0
        var unsealed = 0
        for entry in entries {
            if entry.sequence != expected { return .broken(sequence: entry.sequence, reason: "expected sequence \(expected)") }
            if !entry.isSealed {
                guard count == unsealed else { return .broken(sequence: entry.sequence, reason: "an unsealed entry in a sealed journal") }
                // An unsealed entry carries events only: anything else is a sealed entry with its seal removed.
                guard entry.audit.isEmpty && entry.previousHash.isEmpty else {
                    return .broken(sequence: entry.sequence, reason: "an entry with audit data but no seal")
                }
                unsealed += 1
                expected += 1
                count += 1
                continue
            }
            if unsealed > 0 { return .broken(sequence: entry.sequence, reason: "a sealed entry in an events-only journal") }
            if entry.previousHash != previous { return .broken(sequence: entry.sequence, reason: "does not link to the previous entry's hash") }
            if !entry.isIntact { return .broken(sequence: entry.sequence, reason: "content does not match its hash") }
            previous = entry.hash
            expected += 1
            count += 1
        }
        return unsealed > 0 ? .unsealed(entries: count) : .intact(entries: count)
    }
}
