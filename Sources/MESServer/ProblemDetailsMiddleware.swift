import Hummingbird

/// Errors the framework raises itself (no such route, a method the route lacks) leave as
/// problem details too, like every error of the API.
struct ProblemDetailsMiddleware: RouterMiddleware {
    typealias Context = MESRequestContext

    func handle(_ request: Request, context: MESRequestContext, next: (Request, MESRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw APIError(error.status, error.body ?? (error.status == .notFound ? "no such resource: \(request.method) \(request.uri.path)" : "\(error.status)"))
        }
    }
}
