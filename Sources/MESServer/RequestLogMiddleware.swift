import Foundation
import HTTPTypes
import Hummingbird
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives every request an id (the caller's `X-Request-Id` when it is a sane token, else a new
/// one), returns it in the response's header, and logs one line per request with the id, method,
/// route, status and duration, so a client's complaint can be found in the logs by the id it was
/// answered with. (The id is passed with each line rather than set as logger metadata: setting
/// metadata re-renders the handler's metadata string, a measurable cost on every request.)
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = MESRequestContext
    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: MESRequestContext, next: (Request, MESRequestContext) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.header].flatMap(Self.acceptable) ?? UUID().uuidString.lowercased()
        let clock = ContinuousClock(), start = clock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["request_id": .string(id), "error": .string(String(describing: error))])
            response = try APIError(.internalServerError, "internal error; quote request id \(id)").response(from: request, context: context)
        }
        response.headers[Self.header] = id
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        context.logger.log(level: level, "request", metadata: [
            "request_id": .string(id),
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "route": .string(context.endpointPath ?? "unmatched"),
            "status": .stringConvertible(response.status.code), "duration_ms": .string(String(format: "%.3f", milliseconds)),
        ])
        return response
    }

    /// A caller's id is kept only when it is short and plain (it ends up in logs).
    static func acceptable(_ text: String) -> String? {
        guard (1...128).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        return text
    }
}

/// One JSON object per log line (time, level, label, message, metadata, keys sorted), for log
/// shippers; each line leaves in one write(2) to standard error, so lines from concurrent
/// requests never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let (level, message, explicit) = (event.level, event.message, event.metadata)
        var fields: [String: String] = ["time": Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date()),
                                        "level": level.rawValue, "label": label, "message": message.description]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        var line: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONStreamWriter.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONStreamWriter.appendString(fields[key] ?? "", to: &line)
        }
        line.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
        LogSink.standardError.append(line, urgent: level >= .warning)
    }

    /// Writes out what is buffered (at shutdown).
    public static func flush() { LogSink.standardError.flush() }
}

/// Collects log lines and writes them to a file descriptor in batches: every 50 ms, when 64 KiB
/// have gathered, or at once for a warning or worse. A write(2) per request line cost a read
/// request about a third of its throughput; a crash loses at most the last 50 ms of info lines.
final class LogSink: @unchecked Sendable {
    static let standardError = LogSink(descriptor: 2)

    private let descriptor: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private let timer: DispatchSourceTimer

    init(descriptor: Int32) {
        self.descriptor = descriptor
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "jetmes.log-sink"))
        timer.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    func append(_ line: [UInt8], urgent: Bool) {
        lock.lock()
        buffer.append(contentsOf: line)
        let full = buffer.count >= 65_536
        lock.unlock()
        if urgent || full { flush() }
    }

    func flush() {
        lock.lock()
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        // Written under the lock, so batches leave in the order their lines arrived.
        pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        lock.unlock()
    }
}
