import Hummingbird

/// Reads the bearer token, if any, into the context's actor. A token that is there but
/// malformed, badly signed, expired or revoked is refused with 401; a route that needs an
/// actor refuses a request without one.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = MESRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: MESRequestContext, next: (Request, MESRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] ?? Self.eventStreamToken(request) else { return try await next(request, context) }
        // Logging in, refreshing and logging out must work when the token a client still sends has lapsed.
        let path = request.uri.path
        let lenient = path.hasSuffix("/auth/login") || path.hasSuffix("/auth/refresh") || path.hasSuffix("/auth/logout")
        guard header.hasPrefix("Bearer ") else {
            if lenient { return try await next(request, context) }
            throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'")
        }
        var context = context
        if path.hasSuffix("/auth/login") || path.hasSuffix("/auth/refresh") { return try await next(request, context) }
        do {
            let (actor, session, expires) = try await tokens.actor(from: String(header.dropFirst(7)))
            context.actor = actor
            context.session = session
            context.tokenExpires = expires
        } catch let error as APIError {
            if lenient { return try await next(request, context) }
            throw error
        } catch {
            if lenient { return try await next(request, context) }
            throw APIError(.unauthorized, "the token is not valid: \(error)")
        }
        return try await next(request, context)
    }

    /// A browser's EventSource cannot send headers, so the event stream (and only it) also takes
    /// the access token as `?access_token=`; the request log records paths without queries.
    static func eventStreamToken(_ request: Request) -> String? {
        guard request.method == .get, request.uri.path == "/api/v1/events" || request.uri.path == "/api/v1/events/",
              let token = request.uri.queryParameters.get("access_token"), !token.isEmpty else { return nil }
        return "Bearer " + token
    }
}
