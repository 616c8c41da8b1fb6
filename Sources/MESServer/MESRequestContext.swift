import Foundation
import Hummingbird
import MESCore

/// The request context of the API: Hummingbird's, plus the authenticated actor.
public struct MESRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` from a valid bearer token.
    public var actor: Actor?
    /// The token's id, so logout can revoke it.
    public var tokenId: String?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// ISO 8601 dates and sorted keys out; ISO 8601 dates in.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public var requestDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The authenticated actor, or 401.
    public func requireActor() throws -> Actor {
        guard let actor else { throw APIError(.unauthorized, "a valid bearer token is required") }
        return actor
    }
}
