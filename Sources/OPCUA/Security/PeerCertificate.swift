import Crypto
import Foundation
import X509
import _CryptoExtras

/// The server's Application Instance Certificate as received in GetEndpoints, OpenSecureChannel or CreateSession: what we
/// verify its signatures with, encrypt for, and look up in the trust list.
///
/// Servers may send a chain (their certificate followed by its issuers, DER elements simply concatenated) where a certificate
/// is expected (OPC 10000-6 §6.2.6); the first element is the server's own, the rest is kept in `issuerChain`.
public struct PeerCertificate: Sendable, Hashable {
    public let certificate: Certificate
    /// The DER of the server's own certificate (the first element when a chain was sent).
    public let der: [UInt8]
    /// The DER of the certificates that followed it, in order; empty when a single certificate was sent.
    public let issuerChain: [[UInt8]]
    public let publicKey: RSAPublicKey
    /// SHA-1 of `der`, 20 bytes: how OPC UA names a certificate (receiverCertificateThumbprint, trust lists).
    public let thumbprint: [UInt8]

    public init(der bytes: [UInt8]) throws(SecurityError) {
        let elements = try DERElements.split(bytes)
        der = elements[0]
        issuerChain = Array(elements.dropFirst())
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw .invalidCertificate("the DER is not an X.509 certificate (\(error))")
        }
        guard let rsa = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw .invalidCertificate("\(certificate.subject) has a \(certificate.publicKey) key; Basic256Sha256 needs RSA")
        }
        publicKey = RSAPublicKey(rsa)
        thumbprint = Array(Insecure.SHA1.hash(data: der))
    }

    /// From a PEM or DER file, e.g. a server certificate exported by its administrator.
    public init(contentsOf path: String) throws(SecurityError) {
        try self.init(der: PEM.certificateDER(fromFile: SecurityFile.read(path), path: path))
    }

    public var keySizeInBits: Int { publicKey.keySizeInBits }
    public var keySizeInBytes: Int { publicKey.keySizeInBytes }
    /// The subject distinguished name, e.g. "CN=Lathe 3,O=Plant".
    public var subject: String { certificate.subject.description }
    public var notValidBefore: Date { certificate.notValidBefore }
    public var notValidAfter: Date { certificate.notValidAfter }
    /// The first URI of SubjectAltName: the server's ApplicationUri, which must match its ApplicationDescription.
    public var applicationURI: String? { certificate.applicationURI }
    /// Upper-case hexadecimal of `thumbprint`.
    public var thumbprintHex: String { thumbprint.hexString }

    /// Throws `.expired` when `now` is outside the certificate's validity period.
    public func checkValidity(now: Date) throws(SecurityError) {
        guard now >= notValidBefore, now <= notValidAfter else {
            throw .expired(subject: subject, notValidBefore: notValidBefore, notValidAfter: notValidAfter, now: now)
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.der == rhs.der && lhs.issuerChain == rhs.issuerChain }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
}

extension Certificate {
    var applicationURI: String? {
        guard let names = try? extensions.subjectAlternativeNames else { return nil }
        for name in names {
            if case .uniformResourceIdentifier(let uri) = name { return uri }
        }
        return nil
    }
}

/// Just enough DER to cut a concatenation of certificates into elements without parsing them.
enum DERElements {
    static func split(_ bytes: [UInt8]) throws(SecurityError) -> [[UInt8]] {
        guard !bytes.isEmpty else { throw .invalidCertificate("the certificate is empty") }
        var elements: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x30, index + 1 < bytes.count else {
                throw .invalidCertificate("byte \(index) does not start a DER SEQUENCE (a certificate in DER, not PEM, was expected)")
            }
            var length = Int(bytes[index + 1])
            var header = 2
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard (1...4).contains(count), index + 2 + count <= bytes.count else {
                    throw .invalidCertificate("bad DER length at byte \(index + 1)")
                }
                length = bytes[(index + 2)..<(index + 2 + count)].reduce(0) { $0 << 8 | Int($1) }
                header += count
            }
            guard index + header + length <= bytes.count else {
                let available = bytes.count - index - header
                throw .invalidCertificate("the DER element at byte \(index) claims \(length) bytes but only \(available) follow")
            }
            elements.append(Array(bytes[index..<(index + header + length)]))
            index += header + length
        }
        return elements
    }
}
