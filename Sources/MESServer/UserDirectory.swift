import Foundation
import GRDB
import HummingbirdBcrypt
import MESCore

/// The API's users: username, name, roles and a bcrypt password hash, in their own SQLite file
/// (security data, kept out of the MES journal), plus the key that signs the access tokens.
/// No user exists until an administrator is bootstrapped with a password the deployer chooses.
public final class UserDirectory: Sendable {
    private let database: DatabaseQueue

    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, password_hash TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                """)
        }
    }

    public var isEmpty: Bool {
        get throws { try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 } == 0 }
    }

    /// The token-signing key, made at random on first use and kept.
    public func signingKey() throws -> [UInt8] {
        try database.write { db in
            if let stored = try Data.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'jwt-key'") { return [UInt8](stored) }
            var generator = SystemRandomNumberGenerator()
            let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('jwt-key', ?)", arguments: [Data(key)])
            return key
        }
    }

    /// Creates a user; a password shorter than 12 characters is refused.
    public func add(username: String, name: String, roles: Set<Role>, password: String) throws {
        guard !username.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError(.unprocessableContent, "username must not be empty", pointer: "/username") }
        guard password.count >= 12 else { throw APIError(.unprocessableContent, "a password needs at least 12 characters", pointer: "/password") }
        guard !roles.isEmpty else { throw APIError(.unprocessableContent, "a user needs at least one role", pointer: "/roles") }
        let hash = Bcrypt.hash(password, cost: 10)
        do {
            try database.write { db in
                try db.execute(sql: "INSERT INTO users (username, name, roles, password_hash) VALUES (?, ?, ?, ?)",
                               arguments: [username, name, roles.map(\.rawValue).sorted().joined(separator: ","), hash])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw APIError(.conflict, "user '\(username)' already exists")
        }
    }

    /// The actor for a username and password, or nil (the same answer for an unknown user and a wrong password).
    public func authenticate(username: String, password: String) throws -> Actor? {
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT name, roles, password_hash FROM users WHERE username = ?", arguments: [username]) }
        guard let row, Bcrypt.verify(password, hash: row["password_hash"]) else { return nil }
        let roles = Set((row["roles"] as String).split(separator: ",").compactMap { Role(rawValue: String($0)) })
        return Actor(id: username, name: row["name"], roles: roles)
    }
}
