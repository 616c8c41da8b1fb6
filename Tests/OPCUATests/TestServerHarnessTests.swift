import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The harness around the Python asyncua server, checked without an OPC UA client: a raw UA-TCP
/// Hello (OPC 10000-6 §7.1.2.3) must get an Acknowledge, across kill and restart.
@Suite struct TestServerHarnessTests {
    @Test func helloGetsAnAcknowledgeAcrossKillAndRestart() async throws {
        let server = try await OPCUATestServer.start()
        defer { server.stop() }
        #expect(server.endpointURL == "opc.tcp://127.0.0.1:\(server.port)/jetmes/")
        let certificate = try Data(contentsOf: URL(fileURLWithPath: server.serverCertificatePath))
        #expect(certificate.first == 0x30, "a DER certificate is an ASN.1 SEQUENCE")

        let first = try RawUATCP.hello(port: server.port, endpointURL: server.endpointURL)
        #expect(first.starts(with: Array("ACKF".utf8)), "reply: \(first.prefix(8).map { String(format: "%02x", $0) })")
        #expect(first.count == 28)
        if first.count >= 28 {
            #expect(RawUATCP.uint32(first, at: 4) == 28, "message size")
            #expect(RawUATCP.uint32(first, at: 8) == 0, "protocol version")
            #expect(RawUATCP.uint32(first, at: 12) > 0, "receive buffer size")
        }

        server.kill()
        #expect(!server.isRunning)
        #expect(RawUATCP.connectionRefused(port: server.port), "nothing listens after kill()")

        try await server.restart()
        #expect(server.isRunning)
        let again = try RawUATCP.hello(port: server.port, endpointURL: server.endpointURL)
        #expect(again.starts(with: Array("ACKF".utf8)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: server.serverCertificatePath)) == certificate, "restart keeps the certificate")

        server.stop()
        #expect(!server.isRunning)
        #expect(RawUATCP.connectionRefused(port: server.port), "nothing listens after stop()")
    }

    @Test func serverStopsByItselfWhenItsStandardInputCloses() async throws {
        let server = try await OPCUATestServer.start()
        defer { server.stop() }
        server.closeStandardInput()
        let deadline = ContinuousClock.now + .seconds(10)
        while server.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!server.isRunning, "a server whose test process is gone must not linger")
    }

    @Test func twoServersRunSideBySide() async throws {
        async let a = OPCUATestServer.start(keepsStateAcrossRestarts: false)
        async let b = OPCUATestServer.start(keepsStateAcrossRestarts: false)
        let (first, second) = try await (a, b)
        defer {
            first.stop()
            second.stop()
        }
        #expect(first.port != second.port)
        #expect(first.pkiDirectory != second.pkiDirectory)
        for server in [first, second] {
            #expect(try RawUATCP.hello(port: server.port, endpointURL: server.endpointURL).starts(with: Array("ACKF".utf8)))
        }
    }
}

/// Blocking sockets, just enough UA-TCP for a Hello.
enum RawUATCP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        var errno: Int32 = 0
    }

    /// HEL F, message size, protocolVersion 0, receiveBufferSize 65536, sendBufferSize 65536,
    /// maxMessageSize 0, maxChunkCount 0, endpointUrl (Int32 length + UTF-8); all little-endian.
    static func helloMessage(endpointURL: String) -> [UInt8] {
        let url = Array(endpointURL.utf8)
        var bytes = Array("HELF".utf8)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(UInt32(8 + 20 + 4 + url.count))
        for value: UInt32 in [0, 65536, 65536, 0, 0] { append(value) }
        append(UInt32(url.count))
        bytes.append(contentsOf: url)
        return bytes
    }

    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    /// Sends a Hello and returns the whole reply message (8-byte header plus its body).
    static func hello(port: Int, endpointURL: String) throws -> [UInt8] {
        let fd = try connect(port: port)
        defer { close(fd) }
        let message = helloMessage(endpointURL: endpointURL)
        let sent = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == message.count else { throw Failure(description: "send() sent \(sent) of \(message.count) bytes: errno \(errno)") }
        var reply = try receive(fd, count: 8)
        let size = Int(uint32(reply, at: 4))
        guard size >= 8, size <= 1 << 20 else { throw Failure(description: "implausible message size \(size) in \(reply)") }
        reply += try receive(fd, count: size - 8)
        return reply
    }

    /// Whether a connection to 127.0.0.1:port is refused (ECONNREFUSED).
    static func connectionRefused(port: Int) -> Bool {
        do {
            close(try connect(port: port))
            return false
        } catch let failure as Failure {
            return failure.errno == ECONNREFUSED
        } catch {
            return false
        }
    }

    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(code)", errno: code)
        }
        return fd
    }

    private static func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.connect(fd, address, length)
        #else
        Darwin.connect(fd, address, length)
        #endif
    }

    private static func receive(_ fd: Int32, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var have = 0
        while have < count {
            let got = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + have, count - have, 0) }
            guard got > 0 else { throw Failure(description: "recv() returned \(got) after \(have) of \(count) bytes: errno \(errno)") }
            have += got
        }
        return bytes
    }
}
