import Foundation
import Hummingbird
import MESCore

/// The request context of the API: Hummingbird's, plus the authenticated actor.
public struct MESRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` from a valid bearer token.
    public var actor: Actor?
    /// The login session of the token, so logout can end it.
    public var session: String?
    /// When the token expires: a long-lived response (an event stream) ends then.
    public var tokenExpires: Date?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// ISO 8601 dates and sorted keys out (written as JSONEncoder would, without its detour through
    /// boxed values); ISO 8601 dates in, with one shared decoder rather than one per request.
    public var responseEncoder: ResponseJSONEncoder { ResponseJSONEncoder() }
    public var requestDecoder: JSONDecoder { Self.decoder }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The authenticated actor, or 401.
    public func requireActor() throws -> Actor {
        guard let actor else { throw APIError(.unauthorized, "a valid bearer token is required") }
        return actor
    }

    /// The authenticated System Administrator, or 401/403 saying who may do `what`.
    @discardableResult
    public func requireAdministrator(_ what: String) throws -> Actor {
        let actor = try requireActor()
        guard actor.roles.contains(.systemAdministrator) else { throw APIError(.forbidden, "only a System Administrator \(what)") }
        return actor
    }
}
