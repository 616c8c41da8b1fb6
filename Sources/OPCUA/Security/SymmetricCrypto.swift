import Crypto
import Foundation
import _CryptoExtras

/// The symmetric algorithms of Basic256Sha256 that protect every message after OpenSecureChannel: HMAC-SHA256 signatures and
/// AES-256-CBC without padding. OPC UA pads inside the chunk itself (padding bytes plus a padding-size byte, counted in the
/// chunk header), so the cipher must not add PKCS#7 padding of its own, and input that is not whole blocks is a bug upstream.
public enum SymmetricCrypto {
    public static let aesBlockSize = 16
    public static let aes256KeyLength = 32

    public static func hmacSHA256(_ data: some DataProtocol, key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// Constant-time comparison (swift-crypto's `isValidAuthenticationCode`), so a forger cannot learn the signature byte by byte
    /// from response times.
    public static func verifyHMACSHA256(_ data: some DataProtocol, signature: some DataProtocol, key: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(Array(signature), authenticating: data, using: SymmetricKey(data: key))
    }

    public static func aes256CBCEncrypt(_ plaintext: some DataProtocol, key: [UInt8], iv: [UInt8]) throws(SecurityError) -> [UInt8] {
        let (key, iv) = try check(plaintext.count, key: key, iv: iv, operation: "AES-256-CBC encryption")
        do {
            return Array(try AES._CBC.encrypt(plaintext, using: key, iv: iv, noPadding: true))
        } catch {
            throw .operationFailed(operation: "AES-256-CBC encryption", reason: "\(error)")
        }
    }

    public static func aes256CBCDecrypt(_ ciphertext: some DataProtocol, key: [UInt8], iv: [UInt8]) throws(SecurityError) -> [UInt8] {
        let (key, iv) = try check(ciphertext.count, key: key, iv: iv, operation: "AES-256-CBC decryption")
        do {
            return Array(try AES._CBC.decrypt(ciphertext, using: key, iv: iv, noPadding: true))
        } catch {
            throw .operationFailed(operation: "AES-256-CBC decryption", reason: "\(error)")
        }
    }

    private static func check(_ length: Int, key: [UInt8], iv: [UInt8], operation: String) throws(SecurityError) -> (SymmetricKey, AES._CBC.IV) {
        guard key.count == aes256KeyLength else { throw .invalidKeySize(what: "AES-256 key", expected: aes256KeyLength, actual: key.count) }
        guard iv.count == aesBlockSize else { throw .invalidKeySize(what: "AES-CBC IV", expected: aesBlockSize, actual: iv.count) }
        guard length % aesBlockSize == 0 else { throw .invalidLength(operation: operation, length: length, blockSize: aesBlockSize) }
        do {
            return (SymmetricKey(data: key), try AES._CBC.IV(ivBytes: iv))
        } catch {
            throw .operationFailed(operation: operation, reason: "\(error)")
        }
    }
}
