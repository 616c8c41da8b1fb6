import Hummingbird

/// Reads the bearer token, if any, into the context's actor. A token that is there but
/// malformed, badly signed, expired or revoked is refused with 401; a route that needs an
/// actor refuses a request without one.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = MESRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: MESRequestContext, next: (Request, MESRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer ") else { throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'") }
        var context = context
        do {
            let (actor, session) = try await tokens.actor(from: String(header.dropFirst(7)))
            context.actor = actor
            context.session = session
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.unauthorized, "the token is not valid: \(error)")
        }
        return try await next(request, context)
    }
}
