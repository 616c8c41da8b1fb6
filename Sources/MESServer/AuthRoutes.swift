import Foundation
import Hummingbird
import MESCore

/// §5.1 authentication: login (password, and a one-time code for the roles an administrator
/// marked), refresh-token rotation, logout.
struct AuthRoutes {
    let users: UserDirectory
    let tokens: TokenService
    let throttle: LoginThrottle
    /// How long a login session (and so its refresh tokens) lasts: one long shift.
    static let sessionLifetime: TimeInterval = 12 * 3_600

    struct LoginRequest: Codable {
        let username: String
        let password: String
        /// The authenticator's current code, for users in a role that needs one.
        let totp: String?
    }

    struct RefreshRequest: Codable {
        let refreshToken: String
    }

    struct TokenResponse: Codable, ResponseEncodable {
        let accessToken: String
        let tokenType: String
        let expiresAt: Date
        let refreshToken: String
        let refreshExpiresAt: Date
        let roles: [String]
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.post("auth/login") { request, context -> TokenResponse in
            let body = try await decode(LoginRequest.self, request, context)
            let now = Date()
            try await throttle.check(body.username)
            guard let actor = try await users.authenticate(username: body.username, password: body.password) else {
                await throttle.failed(body.username)
                throw APIError(.unauthorized, "unknown user or wrong password")
            }
            do {
                try users.checkSecondFactor(of: actor, code: body.totp, at: now)
            } catch {
                await throttle.failed(body.username)
                throw error
            }
            await throttle.succeeded(body.username)
            let (session, refresh) = try users.openSession(for: actor.id, now: now, lifetime: Self.sessionLifetime)
            return try await respond(actor, session: session, refreshToken: refresh, now: now, refreshExpires: now.addingTimeInterval(Self.sessionLifetime))
        }
        api.post("auth/refresh") { request, context -> TokenResponse in
            let body = try await decode(RefreshRequest.self, request, context)
            let now = Date()
            let rotated: (session: String, username: String, refreshToken: String, expires: Date)
            do {
                rotated = try users.rotate(refreshToken: body.refreshToken, now: now)
            } catch let reuse as UserDirectory.RefreshTokenReused {
                await tokens.revoke(sessions: [reuse.session])
                throw APIError(.unauthorized, "the refresh token was used before: the session is revoked; log in again")
            }
            let (session, username, refresh, expires) = rotated
            guard let actor = try users.actor(ofSession: session) else {
                await tokens.revoke(sessions: [session])
                throw APIError(.unauthorized, "user '\(username)' may no longer log in")
            }
            return try await respond(actor, session: session, refreshToken: refresh, now: now, refreshExpires: expires)
        }
        // With a valid access token, or with the session's refresh token in the body (an access
        // token may have lapsed by the time a client logs out).
        api.post("auth/logout") { request, context -> Response in
            var session = context.session
            if session == nil {
                let body = try await decode(RefreshRequest.self, request, context)
                guard let found = try users.session(ofRefreshToken: body.refreshToken) else {
                    throw APIError(.unauthorized, "neither a valid access token nor a refresh token of a session", pointer: "/refreshToken")
                }
                session = found
            }
            if let session {
                try users.revokeSession(session)
                await tokens.revoke(sessions: [session])
            }
            return Response(status: .noContent)
        }
    }

    private func respond(_ actor: Actor, session: String, refreshToken: String, now: Date, refreshExpires: Date) async throws -> TokenResponse {
        let (token, expires) = try await tokens.issue(for: actor, session: session, now: now)
        return TokenResponse(accessToken: token, tokenType: "Bearer", expiresAt: expires, refreshToken: refreshToken, refreshExpiresAt: refreshExpires,
                             roles: actor.roles.map(\.rawValue).sorted())
    }
}
