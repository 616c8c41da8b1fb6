import Foundation

/// Which server certificates the client accepts. OPC UA servers are usually self-signed, so trust is an exact certificate
/// match by SHA-1 thumbprint: an operator copies the server's certificate into the trust directory after checking its
/// thumbprint, the same workflow as UaExpert's "trust server certificate". No CA chains are evaluated.
///
/// `acceptAny` is for commissioning (finding out which certificate a new server presents); it still refuses certificates
/// outside their validity period, because an expired certificate is a configuration fault worth seeing even then.
public struct TrustList: Sendable {
    /// Thumbprints of the trusted certificates, upper-case hexadecimal → subject (for messages and listings).
    public private(set) var trusted: [String: String]
    /// True for `acceptAny`: every certificate passes the trust check (validity is still checked).
    public let acceptsAny: Bool

    /// File extensions read from the trust directory: DER (.der, .cer) or PEM (.pem, .crt); the content decides the format.
    public static let certificateExtensions: Set<String> = ["der", "cer", "pem", "crt"]

    /// Trust the certificates in `directory` (if given; read once, now) and those listed. A file that is not a certificate
    /// is an error naming it, rather than silently trusting less than the operator intended.
    public init(directory: String? = nil, certificates: [PeerCertificate] = []) throws(SecurityError) {
        trusted = [:]
        acceptsAny = false
        for certificate in certificates { trust(certificate) }
        guard let directory else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw .file(path: directory, reason: "the trust-list directory cannot be listed (\(error.localizedDescription))")
        }
        for name in names where Self.certificateExtensions.contains((name as NSString).pathExtension.lowercased()) {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                trust(try PeerCertificate(contentsOf: path))
            } catch {
                guard case .invalidCertificate(let reason) = error else { throw error }
                throw .invalidCertificate("trust-list file \(path): \(reason)")
            }
        }
    }

    private init(acceptingAny: Bool) {
        trusted = [:]
        acceptsAny = acceptingAny
    }

    /// Accept every certificate that is within its validity period; for commissioning only.
    public static let acceptAny = TrustList(acceptingAny: true)

    /// Trust no certificate until one is added: what a client starts from.
    public static let empty = TrustList(acceptingAny: false)

    public mutating func trust(_ certificate: PeerCertificate) { trusted[certificate.thumbprintHex] = certificate.subject }

    public func contains(_ certificate: PeerCertificate) -> Bool { acceptsAny || trusted[certificate.thumbprintHex] != nil }

    /// Throws `.untrusted` (naming the thumbprint and subject) when the certificate is not trusted, `.expired` when `now` is
    /// outside its validity period.
    public func check(_ certificate: PeerCertificate, now: Date = Date()) throws(SecurityError) {
        guard contains(certificate) else { throw .untrusted(thumbprint: certificate.thumbprintHex, subject: certificate.subject) }
        try certificate.checkValidity(now: now)
    }
}
