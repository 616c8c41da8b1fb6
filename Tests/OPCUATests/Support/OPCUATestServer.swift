import Foundation
import MESServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real OPC UA server the client is tested against: Python asyncua 2.1.0 running
/// `Tests/OPCUATests/Server/machine_server.py` on a free port of 127.0.0.1, in a process of its own.
///
/// ```swift
/// let server = try await OPCUATestServer.start()
/// defer { server.stop() }
/// // connect to server.endpointURL; trust the certificate at server.serverCertificatePath
/// ```
///
/// The interpreter is `JETMES_OPCUA_PYTHON` when set, else `.venv-opcua/bin/python` in the
/// repository (made by `bash scripts/ensure-opcua-venv.sh`, which `scripts/test.sh` runs).
/// Each server has a temporary folder of its own, removed when the object goes: `pki/` with the
/// server's certificate (`server_cert.der`, `server_cert.pem`) and key, which `restart()` reuses,
/// and `state/` with the model's values, so that by default a restarted server (even after
/// `kill()`) carries on with the values it had. No orphans: `deinit` stops the process, and the
/// server stops by itself when this process dies (it watches the stdin pipe held open here).
final class OPCUATestServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// The server could not bind its port: someone else has it.
        var portTaken: Bool { description.contains("address already in use") }
    }

    /// Namespace of the machine model (index 3; index 2 is `urn:jetmes:test:padding`).
    static let machinesNamespaceURI = "urn:jetmes:test:machines"
    /// The server's application URI (also the certificate's SAN URI).
    static let applicationURI = "urn:jetmes:test:opcua-server"
    /// User names and passwords the server accepts (anything else: BadUserAccessDenied).
    static let users: [String: String] = ["operator": "secret-1", "engineer": "secret-2"]
    /// How long `start()` and `restart()` wait for the READY line.
    static let readyTimeout: Duration = .seconds(20)

    let port: Int
    /// `opc.tcp://127.0.0.1:PORT/jetmes/`
    let endpointURL: String
    /// The temporary folder of this server (removed in deinit).
    let directory: URL
    /// Holds the server's certificate and private key; the same across restarts.
    let pkiDirectory: URL
    /// The server's application instance certificate, DER (a PEM copy is `server_cert.pem` beside it).
    var serverCertificatePath: String { pkiDirectory.appendingPathComponent("server_cert.der").path }
    /// The server's private key, PEM (PKCS#8).
    var serverPrivateKeyPath: String { pkiDirectory.appendingPathComponent("server_key.pem").path }
    let stateDirectory: URL?

    private let python: String
    private let script: String
    private let lock = NSLock()
    private var process: Process?
    private var stdinPipe: Pipe?
    private var launches = 0

    private init(port: Int, directory: URL, keepsState: Bool, python: String, script: String) {
        self.port = port
        self.endpointURL = "opc.tcp://127.0.0.1:\(port)/jetmes/"
        self.directory = directory
        self.pkiDirectory = directory.appendingPathComponent("pki", isDirectory: true)
        self.stateDirectory = keepsState ? directory.appendingPathComponent("state", isDirectory: true) : nil
        self.python = python
        self.script = script
    }

    /// Starts a server on a free port and returns once it listens.
    /// - Parameter keepsStateAcrossRestarts: whether `restart()` keeps the model's values (the
    ///   server saves them every 200 ms and after each method call); if false it starts afresh.
    static func start(keepsStateAcrossRestarts: Bool = true) async throws -> OPCUATestServer {
        let (python, script) = try locate()
        var attempt = 0
        while true {
            attempt += 1
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-opcua-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let server = OPCUATestServer(port: try freePort(), directory: directory, keepsState: keepsStateAcrossRestarts, python: python, script: script)
            do {
                try await server.launch()
                return server
            } catch let failure as Failure where failure.portTaken && attempt < 5 {
                // Another test took the free port between our choosing it and the server binding it.
                continue
            }
        }
    }

    /// Whether the server process is running.
    var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// The process id of the running server, if any.
    var processIdentifier: Int32? { lock.withLock { process.flatMap { $0.isRunning ? $0.processIdentifier : nil } } }

    /// SIGKILL (a crash or power loss: nothing saved, no goodbye to clients) and wait until it is gone.
    func kill() {
        end(graceful: false)
    }

    /// SIGTERM, then SIGKILL if it has not exited after 3 s; waits until it is gone.
    func stop() {
        end(graceful: true)
    }

    /// Stops the server if it runs and starts it again: same port, same certificate (and, unless
    /// started with `keepsStateAcrossRestarts: false`, the same values); returns once it listens.
    func restart() async throws {
        stop()
        for attempt in 1...10 {
            do {
                try await launch()
                return
            } catch let failure as Failure where failure.portTaken && attempt < 10 {
                // Something else holds the port for a moment (a client's connection on its way out).
                try await Task.sleep(for: .milliseconds(300))
            }
        }
    }

    /// What the server wrote to stderr since it was last started (asyncua logs WARNING and above).
    var serverLog: String {
        let launch = lock.withLock { launches }
        return (try? String(contentsOf: logURL(launch), encoding: .utf8)) ?? ""
    }

    deinit {
        end(graceful: true)
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Process

    private func logURL(_ launch: Int) -> URL { directory.appendingPathComponent("server-\(launch).stderr.log") }
    private func outURL(_ launch: Int) -> URL { directory.appendingPathComponent("server-\(launch).stdout.log") }

    private func launch() async throws {
        let (number, process) = try lock.withLock { () throws -> (Int, Process) in
            precondition(self.process?.isRunning != true, "OPCUATestServer: already running")
            launches += 1
            let number = launches
            _ = FileManager.default.createFile(atPath: outURL(number).path, contents: nil)
            _ = FileManager.default.createFile(atPath: logURL(number).path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            var arguments = [script, "--port", String(port), "--pki", pkiDirectory.path, "--exit-with-stdin"]
            if let stateDirectory { arguments += ["--state", stateDirectory.path] }
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONUNBUFFERED"] = "1"
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            process.environment = environment
            let stdin = Pipe()
            process.standardInput = stdin
            process.standardOutput = try FileHandle(forWritingTo: outURL(number))
            process.standardError = try FileHandle(forWritingTo: logURL(number))
            do {
                try process.run()
            } catch {
                throw Failure(description: "OPCUATestServer: cannot run \(python) \(script): \(error)")
            }
            self.process = process
            self.stdinPipe = stdin
            return (number, process)
        }

        let ready = "READY \(endpointURL)"
        let deadline = ContinuousClock.now + Self.readyTimeout
        while true {
            let out = (try? String(contentsOf: outURL(number), encoding: .utf8)) ?? ""
            if out.split(separator: "\n").contains(where: { $0 == ready }) { return }
            if !process.isRunning {
                let status = process.terminationStatus
                lock.withLock { stdinPipe = nil }
                let log = tail(of: logURL(number))
                let hint = log.contains("No module named") ? "\n(run `bash scripts/ensure-opcua-venv.sh`, or point JETMES_OPCUA_PYTHON at a Python with asyncua 2.1.0)" : ""
                throw Failure(description: """
                    OPCUATestServer: the server exited (status \(status)) before listening on \(endpointURL); \
                    stdout: \(out.isEmpty ? "(empty)" : out)
                    stderr:
                    \(log)\(hint)
                    """)
            }
            if ContinuousClock.now >= deadline {
                end(graceful: false)
                throw Failure(description: """
                    OPCUATestServer: no `\(ready)` within \(Self.readyTimeout); stdout: \(out.isEmpty ? "(empty)" : out)
                    stderr:
                    \(tail(of: logURL(number)))
                    """)
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    private func end(graceful: Bool) {
        let (process, stdin) = lock.withLock { (self.process, self.stdinPipe) }
        guard let process else { return }
        if process.isRunning {
            let pid = process.processIdentifier
            signal(pid, graceful ? SIGTERM : SIGKILL)
            if graceful, !waitForExit(process, seconds: 3) {
                signal(pid, SIGKILL)
            }
            _ = waitForExit(process, seconds: 10)
        }
        try? stdin?.fileHandleForWriting.close()
        lock.withLock {
            if self.process === process {
                self.process = nil
                self.stdinPipe = nil
            }
        }
    }

    private func signal(_ pid: pid_t, _ signal: Int32) {
        #if canImport(Glibc)
        _ = Glibc.kill(pid, signal)
        #else
        _ = Darwin.kill(pid, signal)
        #endif
    }

    /// Closes the server's stdin as this process's death would; the server then stops by itself.
    func closeStandardInput() {
        let stdin = lock.withLock { stdinPipe }
        try? stdin?.fileHandleForWriting.close()
    }

    /// Polls until Foundation has reaped the process; false if it still runs after `seconds`.
    private func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    private func tail(of url: URL, lines: Int = 60) -> String {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n")
    }

    // MARK: - Locating Python and the script

    /// The repository root: this file is `<root>/Tests/OPCUATests/Support/OPCUATestServer.swift`.
    static var repositoryRoot: URL {
        var path = #filePath
        if let resolved = realpath(path, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        return URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    private static func locate() throws -> (python: String, script: String) {
        let root = repositoryRoot
        let script = root.appendingPathComponent("Tests/OPCUATests/Server/machine_server.py").path
        guard FileManager.default.fileExists(atPath: script) else {
            throw Failure(description: "OPCUATestServer: no server script at \(script)")
        }
        if let python = ProcessInfo.processInfo.environment["JETMES_OPCUA_PYTHON"], !python.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: python) else {
                throw Failure(description: "OPCUATestServer: JETMES_OPCUA_PYTHON=\(python) is not an executable file")
            }
            return (python, script)
        }
        let python = root.appendingPathComponent(".venv-opcua/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: """
                OPCUATestServer: no Python with asyncua at \(python): run `bash scripts/ensure-opcua-venv.sh` \
                in \(root.path) (or set JETMES_OPCUA_PYTHON to a Python that has asyncua 2.1.0)
                """)
        }
        return (python, script)
    }

    /// A port nothing listens on now: bind port 0 on 127.0.0.1, read back the kernel's choice, close.
    static func freePort() throws -> Int { try Loopback.freePort() }
}
