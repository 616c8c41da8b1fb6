import Foundation
import Hummingbird
import MESCore

/// RFC 9457 problem details: the body of every error the API returns, so a client always gets
/// a status, a title, what went wrong and, for malformed input, where.
public struct ProblemDetails: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// JSON pointer to the offending field of the request body, when there is one.
    public var pointer: String?
    /// The offending query parameter, when there is one.
    public var parameter: String?

    public init(status: Int, title: String, detail: String, type: String? = nil, pointer: String? = nil, parameter: String? = nil) {
        self.type = type ?? "about:blank"
        self.title = title
        self.status = status
        self.detail = detail
        self.pointer = pointer
        self.parameter = parameter
    }
}

/// An error carrying its problem details; Hummingbird turns it into the response.
public struct APIError: HTTPResponseError, Sendable {
    public let problem: ProblemDetails

    public init(_ status: HTTPResponse.Status, _ detail: String, pointer: String? = nil, parameter: String? = nil) {
        problem = ProblemDetails(status: Int(status.code), title: Self.title(of: status.code), detail: detail, pointer: pointer, parameter: parameter)
    }

    /// The standard reason phrase (a status made from its number carries none).
    static func title(of code: Int) -> String {
        switch code {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: HTTPResponse.Status(code: code).reasonPhrase
        }
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: problem.status) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(problem)
        return Response(status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The core's typed refusal as the status it maps to (403, 404, 409, 422).
    public static func from(_ error: MESError) -> APIError {
        let status = HTTPResponse.Status(code: error.httpStatus)
        if case .validation(let field, _) = error { return APIError(status, error.description, pointer: "/" + field.replacingOccurrences(of: ".", with: "/")) }
        return APIError(status, error.description)
    }
}
