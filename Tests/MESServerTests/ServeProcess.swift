import Foundation
import Testing

@testable import MESServer

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mes serve` as a user runs it: the built binary in its own process on a free loopback port.
final class ServeProcess: @unchecked Sendable {
    let process = Foundation.Process()
    let port: Int
    private let output = Pipe(), errors = Pipe()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        port = try Loopback.freePort()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mes")
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Sends a request, answering nil while the server is not up yet.
    func request(_ path: String, method: String = "GET", token: String? = nil, body: [String: Any]? = nil) async -> (status: Int, body: Any?)? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONSerialization.jsonObject(with: data))
    }

    /// Logs in once the server answers (within 10 s).
    func login(_ username: String, _ password: String) async throws -> String {
        for _ in 0..<100 {
            if let (status, body) = await request("/api/v1/auth/login", method: "POST", body: ["username": username, "password": password]), status == 200,
               let token = (body as? [String: Any])?["accessToken"] as? String
            {
                return token
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    /// SIGTERM, then waits up to 10 s for the process to end.
    func terminate() async throws {
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
    }

    var standardOutput: String { String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
    var standardError: String { String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self) }

    deinit { if process.isRunning { process.terminate() } }
}

/// The repository's root, for the sample plants.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
