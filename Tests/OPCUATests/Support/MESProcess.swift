import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `mes` binary, run as a commissioning engineer or a plant runs it.
enum MESBinary {
    static var url: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mes") }

    /// Runs `mes arguments…` to the end; its exit status, standard output and error.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// JSON lines of `mes … --json`.
    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// `mes serve` in its own process on a free loopback port.
final class MESServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let output = Pipe(), errors = Pipe()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        port = try OPCUATestServer.freePort()
        process.executableURL = MESBinary.url
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

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

    func login(_ username: String, _ password: String) async throws -> String {
        for _ in 0..<150 {
            if let (status, body) = await request("/api/v1/auth/login", method: "POST", body: ["username": username, "password": password]), status == 200,
                let token = (body as? [String: Any])?["accessToken"] as? String
            {
                return token
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    func terminate() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { terminate() }
}
