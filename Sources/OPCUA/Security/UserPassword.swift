import Foundation

/// The password of a UserNameIdentityToken, encrypted for the server in the legacy secret format (OPC 10000-4 §7.41.2.3):
/// UInt32 little-endian length of (password + nonce), the UTF-8 password, then the server's last nonce, all encrypted with the
/// policy's asymmetric algorithm and the server certificate's key. The nonce stops a captured token from being replayed.
public enum UserPassword {
    /// Returns the bytes for UserNameIdentityToken.password and its encryptionAlgorithm; for `None` the plain UTF-8 password and
    /// nil, as the specification prescribes when there is nothing to encrypt with.
    public static func encrypt(
        password: String, serverNonce: [UInt8], serverCertificate: PeerCertificate, policy: SecurityPolicy
    ) throws(SecurityError) -> (ciphertext: [UInt8], algorithm: String?) {
        guard let algorithm = policy.asymmetricEncryptionAlgorithmURI else { return (Array(password.utf8), nil) }
        try policy.checkAsymmetricKeyLength(bits: serverCertificate.keySizeInBits)
        let secret = Array(password.utf8) + serverNonce
        let length = UInt32(secret.count)
        let plaintext = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + secret
        return (try serverCertificate.publicKey.encrypt(plaintext), algorithm)
    }
}
