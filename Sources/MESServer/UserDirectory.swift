import Crypto
import Foundation
import GRDB
import HummingbirdBcrypt
import MESCore
import NIOPosix

/// The API's users: username, name, roles, a bcrypt password hash and an optional TOTP secret,
/// in their own SQLite file (security data, kept out of the MES journal), with the roles an
/// administrator marked as needing a second factor, the login sessions and their refresh
/// tokens, and the key that signs the access tokens. No user exists until an administrator is
/// bootstrapped with a password the deployer chooses.
public final class UserDirectory: Sendable {
    private let database: DatabaseQueue

    /// A user as administrators see it (never the hash or the secret).
    public struct User: Codable, Sendable, Equatable {
        public let username: String
        public let name: String
        public let roles: [String]
        public let disabled: Bool
        public let mfaEnrolled: Bool
        /// One of the user's roles needs a second factor.
        public let mfaRequired: Bool
    }

    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        // The first schema was created before migrations were tracked, hence IF NOT EXISTS.
        migrator.registerMigration("users") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, password_hash TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                """)
        }
        migrator.registerMigration("sessions and second factor") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN totp_secret BLOB;
                ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
                ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE role_policies (role TEXT PRIMARY KEY, requires_mfa INTEGER NOT NULL);
                CREATE TABLE sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL,
                                       revoked INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id),
                                             superseded INTEGER NOT NULL DEFAULT 0);
                """)
        }
        try migrator.migrate(database)
    }

    public var isEmpty: Bool {
        get throws { try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 } == 0 }
    }

    /// The token-signing key, made at random on first use and kept.
    public func signingKey() throws -> [UInt8] {
        try database.write { db in
            if let stored = try Data.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'jwt-key'") { return [UInt8](stored) }
            let key = Self.randomBytes(32)
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('jwt-key', ?)", arguments: [Data(key)])
            return key
        }
    }

    // MARK: Users

    /// Creates a user; a password shorter than 12 characters is refused.
    public func add(username: String, name: String, roles: Set<Role>, password: String) async throws {
        try Self.check(username: username, roles: roles, password: password)
        try insert(username: username, name: name, roles: roles, hash: try await Self.slowHash(password))
    }

    /// `add`, hashing on the calling thread: for the one-time bootstrap before the server runs.
    public func addBlocking(username: String, name: String, roles: Set<Role>, password: String) throws {
        try Self.check(username: username, roles: roles, password: password)
        try insert(username: username, name: name, roles: roles, hash: Bcrypt.hash(password, cost: 10))
    }

    private static func check(username: String, roles: Set<Role>, password: String) throws {
        guard !username.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError(.unprocessableContent, "username must not be empty", pointer: "/username") }
        guard username.count <= 64, !username.contains("/") else {
            throw APIError(.unprocessableContent, "a username has at most 64 characters and no '/'", pointer: "/username")
        }
        try checkPassword(password)
        guard !roles.isEmpty else { throw APIError(.unprocessableContent, "a user needs at least one role", pointer: "/roles") }
    }

    private func insert(username: String, name: String, roles: Set<Role>, hash: String) throws {
        do {
            try database.write { db in
                try db.execute(sql: "INSERT INTO users (username, name, roles, password_hash) VALUES (?, ?, ?, ?)",
                               arguments: [username, name, Self.encode(roles), hash])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw APIError(.conflict, "user '\(username)' already exists")
        }
    }

    public func users() throws -> [User] {
        try database.read { db in
            let required = try Self.rolesRequiringMFA(db)
            return try Row.fetchAll(db, sql: "SELECT username, name, roles, disabled, totp_secret IS NOT NULL AS enrolled FROM users ORDER BY username").map {
                Self.user($0, required)
            }
        }
    }

    public func user(_ username: String) throws -> User {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT username, name, roles, disabled, totp_secret IS NOT NULL AS enrolled FROM users WHERE username = ?",
                                             arguments: [username])
            else { throw APIError(.notFound, "no user '\(username)'") }
            return Self.user(row, try Self.rolesRequiringMFA(db))
        }
    }

    /// Changes a user's name, roles, password or whether they may log in. Changing anything but
    /// the name ends the user's sessions (their tokens carry the old roles). The last enabled
    /// System Administrator cannot be removed from the role or disabled.
    public func update(_ username: String, name: String?, roles: Set<Role>?, password: String?, disabled: Bool?) async throws {
        if let password { try Self.checkPassword(password) }
        if let roles, roles.isEmpty { throw APIError(.unprocessableContent, "a user needs at least one role", pointer: "/roles") }
        let hash: String? = if let password { try await Self.slowHash(password) } else { nil }
        try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT roles, disabled FROM users WHERE username = ?", arguments: [username]) else {
                throw APIError(.notFound, "no user '\(username)'")
            }
            let wasAdministrator = Self.decode(row["roles"]).contains(.systemAdministrator) && !(row["disabled"] as Bool)
            let staysAdministrator = (roles ?? Self.decode(row["roles"])).contains(.systemAdministrator) && !(disabled ?? row["disabled"])
            if wasAdministrator && !staysAdministrator { try Self.requireAnotherAdministrator(db, than: username) }
            if let name { try db.execute(sql: "UPDATE users SET name = ? WHERE username = ?", arguments: [name, username]) }
            if let roles { try db.execute(sql: "UPDATE users SET roles = ? WHERE username = ?", arguments: [Self.encode(roles), username]) }
            if let hash { try db.execute(sql: "UPDATE users SET password_hash = ? WHERE username = ?", arguments: [hash, username]) }
            if let disabled { try db.execute(sql: "UPDATE users SET disabled = ? WHERE username = ?", arguments: [disabled, username]) }
        }
    }

    /// Removes a user (their sessions end); the last enabled System Administrator stays.
    public func remove(_ username: String) throws {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT roles, disabled FROM users WHERE username = ?", arguments: [username]) else {
                throw APIError(.notFound, "no user '\(username)'")
            }
            if Self.decode(row["roles"]).contains(.systemAdministrator) && !(row["disabled"] as Bool) { try Self.requireAnotherAdministrator(db, than: username) }
            try db.execute(sql: "DELETE FROM users WHERE username = ?", arguments: [username])
        }
    }

    /// The actor for a username and password, or nil: the same answer, after the same work, for
    /// an unknown user, a wrong password and a disabled account (a hash is checked every time), so
    /// neither the answer nor its time tells an attacker which usernames exist.
    public func authenticate(username: String, password: String) async throws -> Actor? {
        let row = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT name, roles, password_hash, disabled FROM users WHERE username = ?", arguments: [username])
        }
        let hash: String = row?["password_hash"] ?? Self.decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let row, matches, !(row["disabled"] as Bool) else { return nil }
        return Actor(id: username, name: row["name"], roles: Self.decode(row["roles"]))
    }

    /// Checked when there is no user, so a miss costs what a wrong password costs.
    private static let decoyHash = Bcrypt.hash("no user has this password", cost: 10)

    /// bcrypt takes tens of milliseconds by design: it runs on NIO's blocking pool, not on the
    /// threads that serve requests.
    static func slowHash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: 10) }
    }

    // MARK: Second factor

    /// Roles an administrator marked as needing a one-time code at login.
    public func rolesRequiringMFA() throws -> Set<Role> { try database.read(Self.rolesRequiringMFA) }

    /// Enabled users with `role`, and whether each has an authenticator enrolled.
    public func members(of role: Role) throws -> [(username: String, enrolled: Bool)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT username, roles, totp_secret IS NOT NULL AS enrolled FROM users WHERE disabled = 0 ORDER BY username").compactMap { row in
                Self.decode(row["roles"]).contains(role) ? (row["username"], row["enrolled"]) : nil
            }
        }
    }

    public func setRole(_ role: Role, requiresMFA: Bool) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO role_policies (role, requires_mfa) VALUES (?, ?) ON CONFLICT(role) DO UPDATE SET requires_mfa = excluded.requires_mfa",
                           arguments: [role.rawValue, requiresMFA])
        }
    }

    /// A new TOTP secret for the user (replacing any earlier one), to hand to their authenticator.
    public func enrolTOTP(_ username: String) throws -> TOTP {
        let secret = Self.randomBytes(20)
        try database.write { db in
            try db.execute(sql: "UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE username = ?", arguments: [Data(secret), username])
            guard db.changesCount == 1 else { throw APIError(.notFound, "no user '\(username)'") }
        }
        return TOTP(secret: secret)
    }

    public func removeTOTP(_ username: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE username = ?", arguments: [username])
            guard db.changesCount == 1 else { throw APIError(.notFound, "no user '\(username)'") }
        }
    }

    /// Checks the second factor of an authenticated actor: nothing to check unless one of their
    /// roles needs it; then the code must match and must not have been used before (a code
    /// seen once is spent, RFC 6238 §5.2).
    public func checkSecondFactor(of actor: Actor, code: String?, at time: Date) throws {
        try database.write { db in
            let required = try Self.rolesRequiringMFA(db).intersection(actor.roles)
            guard let role = required.sorted(by: { $0.rawValue < $1.rawValue }).first else { return }
            guard let row = try Row.fetchOne(db, sql: "SELECT totp_secret, totp_last_step FROM users WHERE username = ?", arguments: [actor.id]),
                  let secret = row["totp_secret"] as Data?
            else {
                throw APIError(.unauthorized, "the role \(role.rawValue) needs a one-time code, and '\(actor.id)' has no authenticator enrolled: a System Administrator enrols one (POST /api/v1/users/\(actor.id)/totp)")
            }
            guard let code, !code.isEmpty else { throw APIError(.unauthorized, "the role \(role.rawValue) needs a one-time code from the authenticator", pointer: "/totp") }
            guard let step = TOTP(secret: [UInt8](secret)).matchingStep(of: code, at: time) else {
                throw APIError(.unauthorized, "the one-time code does not match", pointer: "/totp")
            }
            if let last = row["totp_last_step"] as Int64?, Int64(step) <= last {
                throw APIError(.unauthorized, "that one-time code was used already; wait for the next one", pointer: "/totp")
            }
            try db.execute(sql: "UPDATE users SET totp_last_step = ? WHERE username = ?", arguments: [Int64(step), actor.id])
        }
    }

    // MARK: Sessions

    /// Opens a login session; returns its id and first refresh token.
    public func openSession(for username: String, now: Date, lifetime: TimeInterval) throws -> (session: String, refreshToken: String) {
        let session = UUID().uuidString, token = "rt_" + Data(Self.randomBytes(32)).urlSafeBase64()
        try database.write { db in
            try db.execute(sql: "INSERT INTO sessions (id, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [session, username, now.timeIntervalSince1970, now.addingTimeInterval(lifetime).timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO refresh_tokens (token_hash, session_id) VALUES (?, ?)", arguments: [Self.hash(token), session])
        }
        return (session, token)
    }

    /// A refresh token used a second time: it was copied, and its session is revoked.
    public struct RefreshTokenReused: Error {
        public let session: String
    }

    /// Exchanges a refresh token for the next one of its session (rotation). A token used twice
    /// means it was copied: the whole session is revoked (`RefreshTokenReused`).
    public func rotate(refreshToken: String, now: Date) throws -> (session: String, username: String, refreshToken: String, expires: Date) {
        let next = "rt_" + Data(Self.randomBytes(32)).urlSafeBase64()
        let outcome: Result<(String, String, Double), any Error> = try database.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.superseded, s.id, s.username, s.expires_at, s.revoked FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE r.token_hash = ?
                """, arguments: [Self.hash(refreshToken)])
            else { return .failure(APIError(.unauthorized, "the refresh token is not valid", pointer: "/refreshToken")) }
            let session: String = row["id"]
            if row["revoked"] as Bool { return .failure(APIError(.unauthorized, "the session has ended (logged out or revoked); log in again")) }
            if row["superseded"] as Bool {
                try db.execute(sql: "UPDATE sessions SET revoked = 1 WHERE id = ?", arguments: [session])
                return .failure(RefreshTokenReused(session: session))
            }
            if (row["expires_at"] as Double) <= now.timeIntervalSince1970 { return .failure(APIError(.unauthorized, "the session has expired; log in again")) }
            try db.execute(sql: "UPDATE refresh_tokens SET superseded = 1 WHERE token_hash = ?", arguments: [Self.hash(refreshToken)])
            try db.execute(sql: "INSERT INTO refresh_tokens (token_hash, session_id) VALUES (?, ?)", arguments: [Self.hash(next), session])
            return .success((session, row["username"], row["expires_at"]))
        }
        let (session, username, expires) = try outcome.get()
        return (session, username, next, Date(timeIntervalSince1970: expires))
    }

    /// The session a refresh token (current or spent) belongs to.
    public func session(ofRefreshToken token: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT session_id FROM refresh_tokens WHERE token_hash = ?", arguments: [Self.hash(token)])
        }
    }

    public func revokeSession(_ id: String) throws {
        try database.write { db in try db.execute(sql: "UPDATE sessions SET revoked = 1 WHERE id = ?", arguments: [id]) }
    }

    /// Ends every session of a user; returns their ids.
    @discardableResult
    public func revokeSessions(of username: String) throws -> [String] {
        try database.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE username = ? AND revoked = 0", arguments: [username])
            try db.execute(sql: "UPDATE sessions SET revoked = 1 WHERE username = ?", arguments: [username])
            return ids
        }
    }

    /// Revoked sessions that have not yet expired: their access tokens must be refused.
    public func revokedSessions(now: Date) throws -> Set<String> {
        try database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE revoked = 1 AND expires_at > ?", arguments: [now.timeIntervalSince1970]))
        }
    }

    /// The user a live session belongs to, or nil.
    public func actor(ofSession id: String) throws -> Actor? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.username, u.name, u.roles FROM sessions s JOIN users u ON u.username = s.username WHERE s.id = ? AND s.revoked = 0 AND u.disabled = 0
                """, arguments: [id])
            else { return nil }
            return Actor(id: row["username"], name: row["name"], roles: Self.decode(row["roles"]))
        }
    }

    // MARK: Helpers

    static func checkPassword(_ password: String) throws {
        guard password.count >= 12 else { throw APIError(.unprocessableContent, "a password needs at least 12 characters", pointer: "/password") }
        guard password.utf8.count <= 72 else { throw APIError(.unprocessableContent, "a password has at most 72 bytes (bcrypt's limit)", pointer: "/password") }
    }

    private static func requireAnotherAdministrator(_ db: Database, than username: String) throws {
        let others = try String.fetchAll(db, sql: "SELECT roles FROM users WHERE username != ? AND disabled = 0", arguments: [username])
        guard others.contains(where: { decode($0).contains(.systemAdministrator) }) else {
            throw APIError(.conflict, "'\(username)' is the last enabled System Administrator; make another one first")
        }
    }

    private static func rolesRequiringMFA(_ db: Database) throws -> Set<Role> {
        Set(try String.fetchAll(db, sql: "SELECT role FROM role_policies WHERE requires_mfa = 1").compactMap(Role.init(rawValue:)))
    }

    private static func user(_ row: Row, _ required: Set<Role>) -> User {
        let roles = decode(row["roles"])
        return User(username: row["username"], name: row["name"], roles: roles.map(\.rawValue).sorted(), disabled: row["disabled"], mfaEnrolled: row["enrolled"],
                    mfaRequired: !roles.isDisjoint(with: required))
    }

    static func encode(_ roles: Set<Role>) -> String { roles.map(\.rawValue).sorted().joined(separator: ",") }

    static func decode(_ text: String) -> Set<Role> { Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }

    private static func hash(_ token: String) -> String { SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined() }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
