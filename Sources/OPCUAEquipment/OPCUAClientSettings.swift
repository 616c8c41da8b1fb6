import Foundation
import Logging
import OPCUA
import PlantFiles

/// A client configuration from a machine's driver mapping: security, identity (the password
/// from the named environment variable), our certificate (loaded, or made and saved where the
/// plant file says so it can be trusted on the server), and the trusted server certificates.
enum OPCUAClientSettings {
    static func configuration(for mapping: DriverDescription, plantDirectory: String, logger: Logger) throws -> OPCUAClientConfiguration {
        guard let endpoint = mapping.endpoint else { throw OPCUAError.invalidArgument("the driver names no endpoint") }
        let (policy, mode) = try OPCUAClientConfiguration.parseSecurity(mapping.security ?? "None")
        var identity = UserIdentity.anonymous
        if let user = mapping.user {
            guard let variable = mapping.passwordEnvironment, let password = ProcessInfo.processInfo.environment[variable], !password.isEmpty else {
                throw OPCUAError.invalidArgument("user \(user) on \(endpoint): set the password in \(mapping.passwordEnvironment ?? "the passwordEnvironment variable")")
            }
            identity = .userName(user, password: password)
        }
        func path(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : URL(fileURLWithPath: plantDirectory).appendingPathComponent(relative).path
        }
        var certificate: ApplicationCertificate? = nil
        // The trust list guards a secured channel, and a password encrypted for the server's
        // certificate on an unsecured one.
        let trustList = try mapping.trustedCertificates.map { try TrustList(directory: path($0)) } ?? .empty
        if policy != .none {
            certificate = try clientCertificate(certificatePath: mapping.certificate.map(path), privateKeyPath: mapping.privateKey.map(path), logger: logger)
            guard mapping.trustedCertificates != nil else {
                throw OPCUAError.invalidArgument("\(endpoint): a secured connection needs trustedCertificates")
            }
        }
        return OPCUAClientConfiguration(
            endpointURL: endpoint, securityPolicy: policy, securityMode: mode, identity: identity, certificate: certificate, trustList: trustList,
            applicationURI: certificate?.applicationURI ?? "urn:jetmes:opcua-client")
    }

    /// Loads our certificate, or makes one and writes it to the given paths (so an engineer can
    /// put it in the server's trust list); without paths, a certificate for this run only.
    static func clientCertificate(certificatePath: String?, privateKeyPath: String?, logger: Logger) throws -> ApplicationCertificate {
        let host = ProcessInfo.processInfo.hostName
        if let certificatePath, let privateKeyPath {
            if FileManager.default.fileExists(atPath: certificatePath) {
                return try ApplicationCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
            }
            let made = try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:\(host):jetmes", commonName: "JetMES MES gateway", hostnames: [host])
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: certificatePath).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try made.write(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
            logger.notice("made a client certificate at \(certificatePath) (thumbprint \(made.thumbprintHex)); trust it on the OPC UA server")
            return made
        }
        logger.warning("no certificate paths in the driver: using a certificate for this run only, which a server cannot trust ahead")
        return try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:\(host):jetmes", commonName: "JetMES MES gateway", hostnames: [host])
    }
}
