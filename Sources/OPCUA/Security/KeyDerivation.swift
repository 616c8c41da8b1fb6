import Crypto
import Foundation

/// The P_SHA256 pseudo-random function of RFC 5246 §5 (P_hash with HMAC-SHA256), which OPC UA uses to turn the two nonces of
/// OpenSecureChannel into channel keys (OPC 10000-6 §6.7.5). Both ends compute the same bytes without ever sending a key.
public enum KeyDerivation {
    /// `count` bytes of P_SHA256(secret, seed): A(0) = seed, A(i) = HMAC(secret, A(i−1)), output = HMAC(secret, A(1) + seed) ‖ …
    public static func pSHA256(secret: [UInt8], seed: [UInt8], count: Int) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        var output: [UInt8] = []
        output.reserveCapacity(count + 32)
        var a = seed
        while output.count < count {
            a = Array(HMAC<SHA256>.authenticationCode(for: a, using: key))
            output += HMAC<SHA256>.authenticationCode(for: a + seed, using: key)
        }
        return Array(output.prefix(count))
    }
}

/// The keys that protect the messages one side sends: it signs with `signingKey` and encrypts with `encryptingKey` and
/// `initializationVector`; the other side uses the same set to verify and decrypt them.
public struct SymmetricKeys: Sendable, Hashable {
    public let signingKey: [UInt8]
    public let encryptingKey: [UInt8]
    public let initializationVector: [UInt8]

    public init(signingKey: [UInt8], encryptingKey: [UInt8], initializationVector: [UInt8]) {
        self.signingKey = signingKey
        self.encryptingKey = encryptingKey
        self.initializationVector = initializationVector
    }

    /// Splits P_SHA256(secret, seed) into signing key, encrypting key and IV, in that order, with the policy's lengths.
    public init(secret: [UInt8], seed: [UInt8], policy: SecurityPolicy = .basic256Sha256) throws(SecurityError) {
        guard policy.isSecured else { throw .notSecured(operation: "key derivation") }
        let signing = policy.signingKeyLength, encrypting = policy.encryptionKeyLength, iv = policy.encryptionBlockSize
        let bytes = KeyDerivation.pSHA256(secret: secret, seed: seed, count: signing + encrypting + iv)
        self.init(
            signingKey: Array(bytes[0..<signing]), encryptingKey: Array(bytes[signing..<signing + encrypting]),
            initializationVector: Array(bytes[(signing + encrypting)...]))
    }

    /// HMAC-SHA256 of `data` with the signing key.
    public func sign(_ data: some DataProtocol) -> [UInt8] { SymmetricCrypto.hmacSHA256(data, key: signingKey) }

    /// Whether `signature` is the HMAC of `data`, compared in constant time.
    public func verify(_ data: some DataProtocol, signature: some DataProtocol) -> Bool {
        SymmetricCrypto.verifyHMACSHA256(data, signature: signature, key: signingKey)
    }

    /// AES-256-CBC of `plaintext`, which the chunk layer has already padded to whole blocks.
    public func encrypt(_ plaintext: some DataProtocol) throws(SecurityError) -> [UInt8] {
        try SymmetricCrypto.aes256CBCEncrypt(plaintext, key: encryptingKey, iv: initializationVector)
    }

    public func decrypt(_ ciphertext: some DataProtocol) throws(SecurityError) -> [UInt8] {
        try SymmetricCrypto.aes256CBCDecrypt(ciphertext, key: encryptingKey, iv: initializationVector)
    }
}

/// Both directions' keys of one security token. OPC 10000-6 §6.7.5: the client's keys, for what the client sends, are
/// P_SHA256(secret: serverNonce, seed: clientNonce); the server's keys are P_SHA256(secret: clientNonce, seed: serverNonce).
/// Each side thus needs the other's nonce to derive its own keys, and the two sets differ.
public struct ChannelKeys: Sendable, Hashable {
    /// Keys for messages the client sends (the client signs/encrypts, the server verifies/decrypts).
    public let client: SymmetricKeys
    /// Keys for messages the server sends (the client verifies/decrypts with these).
    public let server: SymmetricKeys

    public init(clientNonce: [UInt8], serverNonce: [UInt8], policy: SecurityPolicy = .basic256Sha256) throws(SecurityError) {
        for (name, nonce) in [("client nonce", clientNonce), ("server nonce", serverNonce)] where nonce.count != policy.nonceLength {
            throw .invalidKeySize(what: "\(policy) \(name)", expected: policy.nonceLength, actual: nonce.count)
        }
        client = try SymmetricKeys(secret: serverNonce, seed: clientNonce, policy: policy)
        server = try SymmetricKeys(secret: clientNonce, seed: serverNonce, policy: policy)
    }
}
