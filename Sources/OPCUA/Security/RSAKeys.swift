import Crypto
import Foundation
import _CryptoExtras

/// The asymmetric algorithms of Basic256Sha256, used for OpenSecureChannel, the session signatures and user passwords:
/// RSA PKCS#1 v1.5 signatures over SHA-256 and RSA-OAEP (SHA-1) encryption.
///
/// OPC UA encrypts messages longer than one RSA block by cutting the plaintext into blocks of keyBytes − 42 bytes, encrypting
/// each with OAEP and concatenating the keyBytes-long results (OPC 10000-6 §6.7.4), so these types do the same instead of
/// refusing plaintext longer than a block. The wrappers keep swift-crypto's underscored `_RSA` types out of the public API.
public struct RSAPublicKey: Sendable, Hashable {
    let key: _RSA.Signing.PublicKey

    init(_ key: _RSA.Signing.PublicKey) { self.key = key }

    /// From a DER SubjectPublicKeyInfo or PKCS#1 RSAPublicKey.
    public init(der: [UInt8]) throws(SecurityError) {
        do {
            key = try _RSA.Signing.PublicKey(unsafeDERRepresentation: der)
        } catch {
            throw .invalidCertificate("not an RSA public key (\(error))")
        }
    }

    public var keySizeInBits: Int { key.keySizeInBits }
    /// The modulus length in bytes: the size of each signature and of each ciphertext block.
    public var keySizeInBytes: Int { (key.keySizeInBits + 7) / 8 }
    /// DER SubjectPublicKeyInfo.
    public var der: [UInt8] { Array(key.derRepresentation) }

    /// Whether `signature` is an RSA PKCS#1 v1.5 SHA-256 signature of `data` by the matching private key.
    public func verify(_ data: some DataProtocol, signature: some DataProtocol) -> Bool {
        key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
    }

    /// Block-wise RSA-OAEP (SHA-1): blocks of keyBytes − 42 bytes of plaintext, each becoming keyBytes of ciphertext.
    public func encrypt(_ plaintext: [UInt8]) throws(SecurityError) -> [UInt8] {
        let encryptionKey: _RSA.Encryption.PublicKey
        do {
            encryptionKey = try _RSA.Encryption.PublicKey(unsafeDERRepresentation: key.derRepresentation)
        } catch {
            throw .operationFailed(operation: "RSA-OAEP encryption", reason: "cannot use the public key (\(error))")
        }
        let blockSize = SecurityPolicy.basic256Sha256.asymmetricPlaintextBlockSize(keyBytes: keySizeInBytes)
        var ciphertext: [UInt8] = []
        ciphertext.reserveCapacity((plaintext.count + blockSize - 1) / blockSize * keySizeInBytes)
        for start in stride(from: 0, to: plaintext.count, by: blockSize) {
            let block = plaintext[start..<min(start + blockSize, plaintext.count)]
            do {
                ciphertext += try encryptionKey.encrypt(block, padding: .PKCS1_OAEP)
            } catch {
                throw .operationFailed(operation: "RSA-OAEP encryption", reason: "\(error)")
            }
        }
        return ciphertext
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key.derRepresentation == rhs.key.derRepresentation }
    public func hash(into hasher: inout Hasher) { hasher.combine(key.derRepresentation) }
}

/// Our own RSA private key: signs what we send and decrypts what the server encrypted for us.
public struct RSAPrivateKey: Sendable {
    let key: _RSA.Signing.PrivateKey

    init(_ key: _RSA.Signing.PrivateKey) { self.key = key }

    /// A fresh key; OPC UA's Basic256Sha256 allows 2048 to 4096 bits.
    public init(generatingBits bits: Int = 2048) throws(SecurityError) {
        try SecurityPolicy.basic256Sha256.checkAsymmetricKeyLength(bits: bits)
        do {
            key = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))
        } catch {
            throw .operationFailed(operation: "RSA key generation", reason: "\(error)")
        }
    }

    /// From DER PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"); encrypted keys are not supported.
    public init(der: [UInt8]) throws(SecurityError) {
        do {
            key = try _RSA.Signing.PrivateKey(derRepresentation: der)
        } catch {
            throw .invalidPrivateKey("not an unencrypted RSA private key of at least 2048 bits in PKCS#8 or PKCS#1 DER (\(error))")
        }
    }

    /// From PEM: "PRIVATE KEY" (PKCS#8) or "RSA PRIVATE KEY" (PKCS#1).
    public init(pem: String) throws(SecurityError) {
        let documents: [PEM.Document]
        do {
            documents = try PEM.parse(pem)
        } catch {
            throw .invalidPrivateKey(error.description)
        }
        guard let document = documents.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
            throw .invalidPrivateKey("the PEM text holds no PRIVATE KEY block")
        }
        guard document.label == "PRIVATE KEY" || document.label == "RSA PRIVATE KEY" else {
            throw .invalidPrivateKey(
                "\(document.label) is not supported: store the key unencrypted as PKCS#8 or PKCS#1 and protect the file instead")
        }
        try self.init(der: document.der)
    }

    public var keySizeInBits: Int { key.keySizeInBits }
    public var keySizeInBytes: Int { (key.keySizeInBits + 7) / 8 }
    public var publicKey: RSAPublicKey { RSAPublicKey(key.publicKey) }
    /// PKCS#8 PEM ("BEGIN PRIVATE KEY"), which every OPC UA stack and OpenSSL reads.
    public var pkcs8PEM: String { key.pkcs8PEMRepresentation }

    /// RSA PKCS#1 v1.5 signature of SHA-256(data); as long as the key in bytes.
    public func sign(_ data: some DataProtocol) throws(SecurityError) -> [UInt8] {
        do {
            return Array(try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        } catch {
            throw .operationFailed(operation: "RSA-SHA256 signing", reason: "\(error)")
        }
    }

    /// Block-wise RSA-OAEP (SHA-1) decryption: `ciphertext` must be whole keyBytes-long blocks; fails if any block's padding
    /// does not check out (wrong key or tampered data).
    public func decrypt(_ ciphertext: [UInt8]) throws(SecurityError) -> [UInt8] {
        let blockSize = keySizeInBytes
        guard ciphertext.count % blockSize == 0 else {
            throw .invalidLength(operation: "RSA-OAEP decryption", length: ciphertext.count, blockSize: blockSize)
        }
        let decryptionKey: _RSA.Encryption.PrivateKey
        do {
            decryptionKey = try _RSA.Encryption.PrivateKey(derRepresentation: key.derRepresentation)
        } catch {
            throw .operationFailed(operation: "RSA-OAEP decryption", reason: "cannot use the private key (\(error))")
        }
        var plaintext: [UInt8] = []
        for start in stride(from: 0, to: ciphertext.count, by: blockSize) {
            do {
                plaintext += try decryptionKey.decrypt(ciphertext[start..<start + blockSize], padding: .PKCS1_OAEP)
            } catch {
                let reason = "block \(start / blockSize) does not decrypt with this key (\(error))"
                throw .operationFailed(operation: "RSA-OAEP decryption", reason: reason)
            }
        }
        return plaintext
    }
}
