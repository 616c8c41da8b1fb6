import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request of a transaction.
public struct LoadRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var token: String?
    public var body: [UInt8]?

    public init(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: any Sendable]? = nil) {
        self.method = method
        self.path = path
        self.token = token
        self.body = json.flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { Array($0) }
    }
}

/// What came back: a status and the body, or a transport error (no status).
public struct LoadResponse: Sendable {
    public let status: Int?
    public let body: [UInt8]
    public let error: String?

    public var json: Any? { status == nil ? nil : try? JSONSerialization.jsonObject(with: Data(body)) }
}

/// Sends requests; the load generator's only contact with the server.
public protocol LoadTransport: Sendable {
    func send(_ request: LoadRequest) async -> LoadResponse
    func shutdown() async
}

/// async-http-client over HTTP/1.1 keep-alive connections to one base URL.
public final class HTTPClientTransport: LoadTransport {
    let client: HTTPClient
    let base: String
    let timeout: TimeAmount

    /// - Parameters:
    ///   - base: e.g. `http://127.0.0.1:8080` (no trailing slash).
    ///   - connections: how many connections to the host the client may open; requests beyond
    ///     them wait in the client's queue, which the latency (from the intended send time) includes.
    public init(base: String, connections: Int, timeout: Duration = .seconds(30)) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    public func send(_ request: LoadRequest) async -> LoadResponse {
        var outgoing = HTTPClientRequest(url: base + request.path)
        outgoing.method = request.method
        if let token = request.token { outgoing.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let buffer = try await response.body.collect(upTo: 64 << 20)
            return LoadResponse(status: Int(response.status.code), body: Array(buffer.readableBytesView), error: nil)
        } catch {
            return LoadResponse(status: nil, body: [], error: String(describing: error))
        }
    }

    public func shutdown() async { try? await client.shutdown() }
}
