import Foundation
import JWTKit
import MESCore

/// Signs and checks the API's access tokens (JWT, HS256) with jwt-kit: subject, roles, issue
/// and expiry times, and the login session they belong to. Access tokens are short-lived; a
/// refresh token (kept by `UserDirectory`) gets the next one. Ending a session (logout, a role
/// change, a disabled account, a reused refresh token) refuses its access tokens at once.
public actor TokenService {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var name: String
        var roles: [String]
        var iat: IssuedAtClaim
        var exp: ExpirationClaim
        var jti: IDClaim
        /// The login session, so logout and revocation reach every token it issued.
        var sid: String

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys = JWTKeyCollection()
    public let lifetime: TimeInterval
    private var revokedSessions: Set<String>
    /// Tokens verified already (a client sends the same one for minutes): the signature and
    /// claims are checked once, expiry and revocation on every use. Cleared when it grows past
    /// `cacheLimit`, so a flood of distinct tokens costs memory only up to that bound.
    private var verified: [String: (actor: Actor, session: String, expires: Date)] = [:]
    private let cacheLimit = 10_000

    public init(secret: [UInt8], lifetime: TimeInterval = 900, revokedSessions: Set<String> = []) async {
        self.lifetime = lifetime
        self.revokedSessions = revokedSessions
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// A token for `actor` in `session`, valid from `now` for the service's lifetime.
    public func issue(for actor: Actor, session: String, now: Date = Date()) async throws -> (token: String, expires: Date) {
        let expires = now.addingTimeInterval(lifetime)
        let claims = Claims(sub: .init(value: actor.id), name: actor.name, roles: actor.roles.map(\.rawValue).sorted(), iat: .init(value: now),
                            exp: .init(value: expires), jti: .init(value: UUID().uuidString), sid: session)
        return (try await keys.sign(claims), expires)
    }

    /// The actor a token stands for and its session; throws for a malformed, badly signed,
    /// expired or revoked token.
    public func actor(from token: String, now: Date = Date()) async throws -> (actor: Actor, session: String, expires: Date) {
        if let known = verified[token] {
            guard known.expires > now else {
                verified[token] = nil
                throw APIError(.unauthorized, "the token has expired; refresh it or log in again")
            }
            guard !revokedSessions.contains(known.session) else { throw APIError(.unauthorized, "the session of this token has ended (logged out or revoked)") }
            return (known.actor, known.session, known.expires)
        }
        let claims = try await keys.verify(token, as: Claims.self)
        guard !revokedSessions.contains(claims.sid) else { throw APIError(.unauthorized, "the session of this token has ended (logged out or revoked)") }
        let roles = Set(claims.roles.compactMap(Role.init(rawValue:)))
        let actor = Actor(id: claims.sub.value, name: claims.name, roles: roles)
        if verified.count >= cacheLimit { verified.removeAll(keepingCapacity: true) }
        verified[token] = (actor, claims.sid, claims.exp.value)
        return (actor, claims.sid, claims.exp.value)
    }

    public func revoke(sessions: some Sequence<String>) { revokedSessions.formUnion(sessions) }

    /// Whether a session still stands (not logged out or revoked).
    public func isActive(_ session: String) -> Bool { !revokedSessions.contains(session) }
}
