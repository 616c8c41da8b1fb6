import Foundation
import JWTKit
import MESCore

/// Signs and checks the API's access tokens (JWT, HS256) with jwt-kit: subject, roles, issue
/// and expiry times.
public actor TokenService {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var name: String
        var roles: [String]
        var iat: IssuedAtClaim
        var exp: ExpirationClaim
        /// A token id, so a token can be revoked (logout).
        var jti: IDClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys = JWTKeyCollection()
    public let lifetime: TimeInterval
    private var revoked = Set<String>()

    public init(secret: [UInt8], lifetime: TimeInterval = 3_600) async {
        self.lifetime = lifetime
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// A token for `actor`, valid from `now` for the service's lifetime.
    public func issue(for actor: Actor, now: Date = Date()) async throws -> (token: String, expires: Date) {
        let expires = now.addingTimeInterval(lifetime)
        let claims = Claims(sub: .init(value: actor.id), name: actor.name, roles: actor.roles.map(\.rawValue).sorted(), iat: .init(value: now),
                            exp: .init(value: expires), jti: .init(value: UUID().uuidString))
        return (try await keys.sign(claims), expires)
    }

    /// The actor a token stands for; throws for a malformed, badly signed, expired or revoked token.
    public func actor(from token: String) async throws -> (actor: Actor, tokenId: String) {
        let claims = try await keys.verify(token, as: Claims.self)
        guard !revoked.contains(claims.jti.value) else { throw APIError(.unauthorized, "the token was revoked (logged out)") }
        let roles = Set(claims.roles.compactMap(Role.init(rawValue:)))
        return (Actor(id: claims.sub.value, name: claims.name, roles: roles), claims.jti.value)
    }

    public func revoke(_ tokenId: String) { revoked.insert(tokenId) }
}
