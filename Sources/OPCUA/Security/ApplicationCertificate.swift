import Crypto
import Foundation
import X509
import _CryptoExtras

/// Our client's Application Instance Certificate and its private key (OPC 10000-4 §6.1, OPC 10000-6 §6.2.2). Servers identify
/// and trust the client by this certificate, so a plant creates it once, keeps the files and adds the certificate to each
/// server's trust list; `makeSelfSigned` follows the profile servers check: SubjectAltName URI = ApplicationUri, DNS = host,
/// the key usages and extended key usages OPC UA requires, and not a CA.
public struct ApplicationCertificate: Sendable {
    public let certificate: Certificate
    public let privateKey: RSAPrivateKey
    /// The certificate's DER: sent as ClientCertificate / SenderCertificate.
    public let der: [UInt8]
    /// SHA-1 of `der`: what the server puts in ReceiverCertificateThumbprint when it encrypts for us.
    public let thumbprint: [UInt8]
    /// The SubjectAltName URI, which must equal the ApplicationUri the client sends in CreateSession.
    public let applicationURI: String

    /// From the certificate's DER and its key; refuses a certificate without an application URI, a non-RSA one, or a key that
    /// belongs to another certificate (the usual mistake when several plants' files share a directory).
    public init(certificateDER: [UInt8], privateKey: RSAPrivateKey) throws(SecurityError) {
        let peer = try PeerCertificate(der: certificateDER)
        guard peer.publicKey == privateKey.publicKey else {
            throw .invalidPrivateKey("the key does not belong to the certificate \(peer.subject) (its public key differs)")
        }
        guard let uri = peer.applicationURI else {
            throw .invalidCertificate("\(peer.subject) has no SubjectAltName URI; OPC UA needs the application URI there")
        }
        try SecurityPolicy.basic256Sha256.checkAsymmetricKeyLength(bits: privateKey.keySizeInBits)
        certificate = peer.certificate
        self.privateKey = privateKey
        der = peer.der
        thumbprint = peer.thumbprint
        applicationURI = uri
    }

    /// Loads the certificate (DER or PEM) and the private key (PEM, or DER PKCS#8/PKCS#1) from files.
    public init(certificatePath: String, privateKeyPath: String) throws(SecurityError) {
        let certificateBytes = try SecurityFile.read(certificatePath)
        let keyBytes = try SecurityFile.read(privateKeyPath)
        let der = try PEM.certificateDER(fromFile: certificateBytes, path: certificatePath)
        let key: RSAPrivateKey
        do {
            if PEM.looksLikePEM(keyBytes) {
                key = try RSAPrivateKey(pem: String(decoding: keyBytes, as: UTF8.self))
            } else {
                key = try RSAPrivateKey(der: keyBytes)
            }
        } catch {
            guard case .invalidPrivateKey(let reason) = error else { throw error }
            throw .invalidPrivateKey("\(privateKeyPath): \(reason)")
        }
        try self.init(certificateDER: der, privateKey: key)
    }

    /// A new RSA key and a self-signed certificate for it (SHA256withRSA, X.509 v3) with the extensions of the OPC UA
    /// Application Instance Certificate profile. `notValidBefore` defaults to an hour ago so a server whose clock is slightly
    /// behind does not refuse a certificate made a moment earlier.
    public static func makeSelfSigned(
        applicationURI: String, commonName: String, organization: String? = nil, hostnames: [String]? = nil, keyBits: Int = 2048,
        notValidBefore: Date = Date().addingTimeInterval(-3600), validity: TimeInterval = 5 * 365 * 86_400
    ) throws(SecurityError) -> ApplicationCertificate {
        let key = try RSAPrivateKey(generatingBits: keyBits)
        let hosts = hostnames ?? [ProcessInfo.processInfo.hostName]
        do {
            let publicKey = Certificate.PublicKey(key.key.publicKey)
            let name = try DistinguishedName {
                CommonName(commonName)
                if let organization { OrganizationName(organization) }
                if let host = hosts.first { DomainComponent(host) }
            }
            let keyIdentifier = SubjectKeyIdentifier(hash: publicKey)
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(
                    KeyUsage(digitalSignature: true, nonRepudiation: true, keyEncipherment: true, dataEncipherment: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames([.uniformResourceIdentifier(applicationURI)] + hosts.map { .dnsName($0) })
                keyIdentifier
                AuthorityKeyIdentifier(keyIdentifier: keyIdentifier.keyIdentifier)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey, notValidBefore: notValidBefore,
                notValidAfter: notValidBefore.addingTimeInterval(validity), issuer: name, subject: name,
                signatureAlgorithm: .sha256WithRSAEncryption, extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(key.key))
            return try ApplicationCertificate(certificateDER: certificate.serializeAsPEM().derBytes, privateKey: key)
        } catch let error as SecurityError {
            throw error
        } catch {
            throw .operationFailed(operation: "creating a self-signed certificate for \(applicationURI)", reason: "\(error)")
        }
    }

    /// Writes the certificate as DER (what servers' trust directories expect, e.g. `pki/trusted/certs/*.der`) and the key as
    /// PKCS#8 PEM readable only by its owner (0600).
    public func write(certificatePath: String, privateKeyPath: String) throws(SecurityError) {
        try SecurityFile.write(der, to: certificatePath)
        try SecurityFile.write(Array(privateKey.pkcs8PEM.utf8), to: privateKeyPath, permissions: 0o600)
    }

    public var publicKey: RSAPublicKey { privateKey.publicKey }
    public var keySizeInBytes: Int { privateKey.keySizeInBytes }
    public var subject: String { certificate.subject.description }
    public var thumbprintHex: String { thumbprint.hexString }
}
