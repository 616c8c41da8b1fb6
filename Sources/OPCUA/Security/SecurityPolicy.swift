/// A security policy names the algorithms and sizes both ends use on a secure channel (OPC 10000-7, OPC 10000-6 §6.7).
/// The client picks one of the server's endpoints and from then on every key, nonce and block size follows from the policy,
/// so the secure-channel layer asks the policy instead of hard-coding numbers.
public enum SecurityPolicy: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No signing, no encryption: only for isolated networks and commissioning.
    case none
    /// RSA 2048–4096 with SHA-256 signatures and OAEP-SHA1 encryption, AES-256-CBC and HMAC-SHA256 on the channel.
    case basic256Sha256

    public var uri: String {
        switch self {
        case .none: "http://opcfoundation.org/UA/SecurityPolicy#None"
        case .basic256Sha256: "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256"
        }
    }

    public init?(uri: String) {
        guard let policy = Self.allCases.first(where: { $0.uri == uri }) else { return nil }
        self = policy
    }

    public var description: String {
        switch self {
        case .none: "None"
        case .basic256Sha256: "Basic256Sha256"
        }
    }

    /// Whether the policy protects messages at all; `None` has no keys, signatures or nonces.
    public var isSecured: Bool { self != .none }

    // MARK: Symmetric (messages after OpenSecureChannel)

    /// Bytes of the HMAC-SHA256 signature appended to each symmetric chunk.
    public var symmetricSignatureLength: Int { isSecured ? 32 : 0 }
    /// Bytes of the HMAC key derived from the nonces.
    public var signingKeyLength: Int { isSecured ? 32 : 0 }
    /// Bytes of the AES key derived from the nonces (AES-256).
    public var encryptionKeyLength: Int { isSecured ? 32 : 0 }
    /// The AES block size, which is also the IV length and what the chunk layer pads to.
    public var encryptionBlockSize: Int { isSecured ? 16 : 1 }
    /// Bytes of the client and server nonces exchanged in OpenSecureChannel; `None` sends no nonce.
    public var nonceLength: Int { isSecured ? 32 : 0 }

    /// "http://www.w3.org/2000/09/xmldsig#hmac-sha256"; nil for `None`.
    public var symmetricSignatureAlgorithmURI: String? { isSecured ? "http://www.w3.org/2000/09/xmldsig#hmac-sha256" : nil }
    /// "http://www.w3.org/2001/04/xmlenc#aes256-cbc"; nil for `None`.
    public var symmetricEncryptionAlgorithmURI: String? { isSecured ? "http://www.w3.org/2001/04/xmlenc#aes256-cbc" : nil }

    // MARK: Asymmetric (OpenSecureChannel, session signatures, user passwords)

    /// RSA PKCS#1 v1.5 with SHA-256; nil for `None`. Sent in SignatureData.algorithm of CreateSession/ActivateSession.
    public var asymmetricSignatureAlgorithmURI: String? { isSecured ? "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" : nil }
    /// RSA-OAEP with SHA-1 (MGF1-SHA1); nil for `None`. Sent as the encryption algorithm of an encrypted user password.
    public var asymmetricEncryptionAlgorithmURI: String? { isSecured ? "http://www.w3.org/2001/04/xmlenc#rsa-oaep" : nil }
    /// OAEP with SHA-1 takes 2 × 20 + 2 = 42 bytes of each RSA block, so a block carries keyBytes − 42 bytes of plaintext.
    public var asymmetricPaddingOverhead: Int { isSecured ? 42 : 0 }
    /// The RSA key lengths in bits the policy allows for both the client's and the server's certificate.
    public var asymmetricKeyLengthRange: ClosedRange<Int>? { isSecured ? 2048...4096 : nil }

    /// Plaintext bytes per RSA block for a key of `keyBytes` bytes (keyBytes − 42 for OAEP-SHA1).
    public func asymmetricPlaintextBlockSize(keyBytes: Int) -> Int { keyBytes - asymmetricPaddingOverhead }
    /// Ciphertext bytes per RSA block: the key length in bytes.
    public func asymmetricCiphertextBlockSize(keyBytes: Int) -> Int { keyBytes }
    /// Bytes of an RSA signature made with a key of `keyBytes` bytes; 0 for `None`.
    public func asymmetricSignatureLength(keyBytes: Int) -> Int { isSecured ? keyBytes : 0 }

    /// Refuses a key whose length the policy does not allow, so a 1024-bit server certificate fails with a clear message
    /// at connection time instead of a padding error later.
    public func checkAsymmetricKeyLength(bits: Int) throws(SecurityError) {
        guard let range = asymmetricKeyLengthRange else { return }
        guard range.contains(bits) else { throw .keyLengthNotAllowed(bits: bits, policy: description, allowed: range) }
    }

    /// A fresh nonce of `nonceLength` bytes from the system's cryptographically secure generator (empty for `None`).
    public func makeNonce() -> [UInt8] { Nonce.random(count: nonceLength) }
}
