import Foundation
import OPCUA

/// One asyncua server for the suites that only read and write (starting one costs seconds of
/// CPU); a test that kills its server starts its own.
enum SharedServer {
    private static let server = Task { try await OPCUATestServer.start() }

    static func get() async throws -> OPCUATestServer { try await server.value }

    /// `urn:jetmes:test:machines` nodes by their string identifier, with the namespace resolved
    /// by URI as a plant would.
    static func node(_ name: String, _ client: OPCUAClient) async throws -> NodeId {
        NodeId.string(name, namespace: try await client.namespaceIndex(of: OPCUATestServer.machinesNamespaceURI))
    }

    /// A folder holding only the server's certificate: the trust list of a client that trusts it.
    static func trustList(for server: OPCUATestServer) throws -> TrustList {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: server.serverCertificatePath, toPath: folder.appendingPathComponent("server.der").path)
        return try TrustList(directory: folder.path)
    }

    static func client(
        _ server: OPCUATestServer, security: String = "None", identity: UserIdentity = .anonymous, keepAlive: Duration = .seconds(5)
    ) throws -> OPCUAClient {
        let (policy, mode) = try OPCUAClientConfiguration.parseSecurity(security)
        let certificate = policy == .none ? nil : try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:jetmes:test-client", commonName: "JetMES tests")
        return OPCUAClient(
            configuration: OPCUAClientConfiguration(
                endpointURL: server.endpointURL, securityPolicy: policy, securityMode: mode, identity: identity, certificate: certificate,
                trustList: try trustList(for: server), applicationURI: "urn:jetmes:test-client", keepAliveInterval: keepAlive))
    }
}
