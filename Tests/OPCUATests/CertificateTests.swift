import Foundation
import Testing

@testable import OPCUA

@Suite struct CertificateTests {
    /// A fresh directory under the system's temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "opcua-security-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func selfSignedCertificatesFollowTheApplicationInstanceProfileAndSurviveAWriteAndReload() throws {
        let made = try ApplicationCertificate.makeSelfSigned(
            applicationURI: "urn:jetmes:plant1:client", commonName: "JetMES Client", organization: "Plant 1", hostnames: ["mes.plant1"])
        #expect(made.applicationURI == "urn:jetmes:plant1:client")
        #expect(made.thumbprint.count == 20)
        #expect(made.keySizeInBytes == 256)
        #expect(made.subject.contains("CN=JetMES Client"))

        let extensions = made.certificate.extensions
        let names = try #require(try extensions.subjectAlternativeNames)
        #expect(names.contains(.uniformResourceIdentifier("urn:jetmes:plant1:client")))
        #expect(names.contains(.dnsName("mes.plant1")))
        let usage = try #require(try extensions.keyUsage)
        #expect(usage.digitalSignature && usage.nonRepudiation && usage.keyEncipherment && usage.dataEncipherment && usage.keyCertSign)
        #expect(!usage.cRLSign)
        let extended = try #require(try extensions.extendedKeyUsage)
        #expect(extended.contains(.serverAuth) && extended.contains(.clientAuth))
        #expect(try extensions.basicConstraints == .notCertificateAuthority)
        #expect(try extensions.subjectKeyIdentifier != nil)
        #expect(made.certificate.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(made.certificate.version == .v3)
        #expect(made.certificate.publicKey.isValidSignature(made.certificate.signature, for: made.certificate), "self-signed")

        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificatePath = directory + "/own/certs/client.der", keyPath = directory + "/own/private/client.pem"
        try made.write(certificatePath: certificatePath, privateKeyPath: keyPath)
        #expect(FileManager.default.contents(atPath: certificatePath).map(Array.init) == made.der)
        let permissions = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(String(decoding: FileManager.default.contents(atPath: keyPath)!, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))

        let reloaded = try ApplicationCertificate(certificatePath: certificatePath, privateKeyPath: keyPath)
        #expect(reloaded.der == made.der && reloaded.thumbprint == made.thumbprint && reloaded.applicationURI == made.applicationURI)
        let data = Array("CreateSession".utf8)
        #expect(made.publicKey.verify(data, signature: try reloaded.privateKey.sign(data)))

        let peer = try PeerCertificate(der: made.der)
        #expect(peer.thumbprint == made.thumbprint)
        #expect(peer.keySizeInBytes == 256)
        #expect(peer.applicationURI == "urn:jetmes:plant1:client")
    }

    /// The thumbprint is the SHA-1 of the DER: checked against `openssl x509 -fingerprint -sha1` of a certificate OpenSSL made.
    @Test func peerCertificatesReadAnOpenSSLCertificate() throws {
        let peer = try PeerCertificate(der: OpenSSLInterop.certificateDER)
        #expect(peer.thumbprintHex == OpenSSLInterop.certificateSHA1)
        #expect(peer.keySizeInBits == 2048 && peer.keySizeInBytes == 256)
        #expect(peer.subject.contains("CN=Interop Server") && peer.subject.contains("O=OpenSSL Fixture"))
        #expect(peer.applicationURI == "urn:interop:server")
        #expect(peer.issuerChain.isEmpty)
        #expect(peer.notValidBefore < Date() && peer.notValidAfter > Date(timeIntervalSince1970: 4_000_000_000))
    }

    @Test func aChainIsCutAfterTheFirstCertificate() throws {
        let issuer = try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:ca", commonName: "CA", hostnames: ["ca"])
        let peer = try PeerCertificate(der: OpenSSLInterop.certificateDER + issuer.der)
        #expect(peer.der == OpenSSLInterop.certificateDER)
        #expect(peer.issuerChain == [issuer.der])
        #expect(peer.thumbprintHex == OpenSSLInterop.certificateSHA1)
    }

    @Test func badCertificatesAndKeysAreRefusedWithAReason() throws {
        let empty = #expect(throws: SecurityError.self) { try PeerCertificate(der: []) }
        #expect(empty?.description == "invalid certificate: the certificate is empty")
        let pem = #expect(throws: SecurityError.self) { try PeerCertificate(der: Array("-----BEGIN CERTIFICATE-----".utf8)) }
        #expect(pem?.description.contains("not PEM") == true)
        let truncated = #expect(throws: SecurityError.self) { try PeerCertificate(der: Array(OpenSSLInterop.certificateDER.dropLast(10))) }
        #expect(truncated?.description.contains("only") == true)
        var corrupted = OpenSSLInterop.certificateDER
        corrupted[20] ^= 0xFF
        #expect(throws: SecurityError.self) { try PeerCertificate(der: corrupted) }

        let encrypted = #expect(throws: SecurityError.self) {
            try RSAPrivateKey(pem: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
        }
        #expect(encrypted?.description.contains("ENCRYPTED PRIVATE KEY is not supported") == true)

        let other = try RSAPrivateKey(generatingBits: 2048)
        let mismatch = #expect(throws: SecurityError.self) {
            try ApplicationCertificate(certificateDER: OpenSSLInterop.certificateDER, privateKey: other)
        }
        #expect(mismatch?.description.contains("does not belong to the certificate") == true)

        let missing = #expect(throws: SecurityError.self) {
            try ApplicationCertificate(certificatePath: "/nonexistent/c.der", privateKeyPath: "/nonexistent/k.pem")
        }
        #expect(missing == .file(path: "/nonexistent/c.der", reason: "does not exist"))
    }

    @Test func certificatesAndKeysLoadFromPEMAndPKCS1Files() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pem = "-----BEGIN CERTIFICATE-----\n\(OpenSSLInterop.certificateDERBase64)\n-----END CERTIFICATE-----\n"
        try pem.write(toFile: directory + "/server.crt", atomically: true, encoding: .utf8)
        try OpenSSLInterop.privateKeyPKCS1PEM.write(toFile: directory + "/server.key", atomically: true, encoding: .utf8)
        let loaded = try ApplicationCertificate(certificatePath: directory + "/server.crt", privateKeyPath: directory + "/server.key")
        #expect(loaded.thumbprintHex == OpenSSLInterop.certificateSHA1)
        #expect(loaded.applicationURI == "urn:interop:server")
        #expect(try PeerCertificate(contentsOf: directory + "/server.crt").der == OpenSSLInterop.certificateDER)
    }

    @Test func theTrustListAcceptsOnlyItsCertificatesWithinTheirValidity() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Date()
        let server = try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:plc:1", commonName: "PLC 1", hostnames: ["plc1"])
        let expired = try ApplicationCertificate.makeSelfSigned(
            applicationURI: "urn:plc:old", commonName: "PLC old", hostnames: ["plcold"],
            notValidBefore: now.addingTimeInterval(-2 * 365 * 86_400), validity: 365 * 86_400)
        try server.write(certificatePath: directory + "/plc1.der", privateKeyPath: directory + "/keys/plc1.pem")
        try expired.write(certificatePath: directory + "/plcold.der", privateKeyPath: directory + "/keys/plcold.pem")
        let pem = "-----BEGIN CERTIFICATE-----\n\(OpenSSLInterop.certificateDERBase64)\n-----END CERTIFICATE-----\n"
        try "not a certificate".write(toFile: directory + "/README.txt", atomically: true, encoding: .utf8)

        var trustList = try TrustList(directory: directory)
        #expect(trustList.trusted.count == 2)
        try trustList.check(PeerCertificate(der: server.der), now: now)

        let stranger = try PeerCertificate(der: OpenSSLInterop.certificateDER)
        let untrusted = #expect(throws: SecurityError.self) { try trustList.check(stranger, now: now) }
        #expect(untrusted == .untrusted(thumbprint: OpenSSLInterop.certificateSHA1, subject: stranger.subject))
        #expect(untrusted?.description.contains(OpenSSLInterop.certificateSHA1) == true)

        let old = try PeerCertificate(der: expired.der)
        let outdated = #expect(throws: SecurityError.self) { try trustList.check(old, now: now) }
        guard case .expired(let subject, _, let notValidAfter, _) = outdated else {
            Issue.record("expected .expired, got \(String(describing: outdated))")
            return
        }
        #expect(subject.contains("PLC old") && notValidAfter < now)
        #expect(throws: SecurityError.self) { try trustList.check(PeerCertificate(der: server.der), now: now.addingTimeInterval(-86_400)) }

        // A PEM file dropped into the directory is trusted after re-reading it; an explicit list works without a directory.
        try pem.write(toFile: directory + "/interop.pem", atomically: true, encoding: .utf8)
        try TrustList(directory: directory).check(stranger, now: now)
        try TrustList(certificates: [stranger]).check(stranger, now: now)
        trustList.trust(stranger)
        try trustList.check(stranger, now: now)

        // Commissioning: anything within its validity.
        try TrustList.acceptAny.check(stranger, now: now)
        #expect(throws: SecurityError.self) { try TrustList.acceptAny.check(old, now: now) }

        try "garbage".write(toFile: directory + "/broken.der", atomically: true, encoding: .utf8)
        let broken = #expect(throws: SecurityError.self) { try TrustList(directory: directory) }
        #expect(broken?.description.contains("broken.der") == true)
        #expect(throws: SecurityError.self) { try TrustList(directory: directory + "/missing") }
    }
}
