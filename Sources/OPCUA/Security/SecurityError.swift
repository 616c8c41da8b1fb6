import Foundation

/// Why a cryptographic step of a secure channel or session failed. Every case says what was refused and why, because these errors
/// end up in a plant operator's log when a server cannot be connected, and "bad certificate" alone does not say what to fix.
public enum SecurityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A certificate could not be read or does not meet what OPC UA needs (RSA key, application URI, …).
    case invalidCertificate(String)
    /// A private key could not be read, is encrypted, or does not belong to its certificate.
    case invalidPrivateKey(String)
    /// The peer's certificate is not in the trust list: `thumbprint` is the SHA-1 of its DER in hexadecimal.
    case untrusted(thumbprint: String, subject: String)
    /// The certificate is used outside its validity period.
    case expired(subject: String, notValidBefore: Date, notValidAfter: Date, now: Date)
    /// An RSA key whose length the security policy does not allow.
    case keyLengthNotAllowed(bits: Int, policy: String, allowed: ClosedRange<Int>)
    /// Input to a block cipher or block-wise operation that is not a whole number of blocks.
    case invalidLength(operation: String, length: Int, blockSize: Int)
    /// A key, IV or nonce of the wrong size.
    case invalidKeySize(what: String, expected: Int, actual: Int)
    /// The underlying cryptographic library refused the operation (e.g. OAEP padding check failed on decryption).
    case operationFailed(operation: String, reason: String)
    /// The operation needs cryptography but the policy is `None`.
    case notSecured(operation: String)
    /// A certificate, key or trust-list file could not be read or written.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidCertificate(let reason): "invalid certificate: \(reason)"
        case .invalidPrivateKey(let reason): "invalid private key: \(reason)"
        case .untrusted(let thumbprint, let subject):
            "certificate \(subject) (SHA-1 thumbprint \(thumbprint)) is not trusted: copy its DER file into the trust-list directory"
                + " after checking the thumbprint with the server's administrator"
        case .expired(let subject, let notValidBefore, let notValidAfter, let now):
            "certificate \(subject) is valid from \(notValidBefore) to \(notValidAfter), not at \(now)"
        case .keyLengthNotAllowed(let bits, let policy, let allowed):
            "RSA key of \(bits) bits is not allowed by \(policy), which needs \(allowed.lowerBound)–\(allowed.upperBound) bits"
        case .invalidLength(let operation, let length, let blockSize):
            "\(operation): \(length) bytes is not a multiple of the \(blockSize)-byte block size"
        case .invalidKeySize(let what, let expected, let actual): "\(what) must be \(expected) bytes, not \(actual)"
        case .operationFailed(let operation, let reason): "\(operation) failed: \(reason)"
        case .notSecured(let operation): "\(operation) needs a security policy other than None"
        case .file(let path, let reason): "\(path): \(reason)"
        }
    }
}

extension Array where Element == UInt8 {
    /// Upper-case hexadecimal without separators, the way UA stacks print thumbprints.
    var hexString: String { map { String(format: "%02X", $0) }.joined() }
}
