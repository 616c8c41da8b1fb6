import Foundation

/// The proof of possession in CreateSession/ActivateSession (OPC 10000-4 §5.6.2, §5.6.3): each side signs the other's
/// certificate followed by the other's latest nonce with its own private key, so a replayed or man-in-the-middle session
/// fails even when the secure channel itself is unsigned.
public enum SessionSignature {
    /// The clientSignature of ActivateSession: our key's signature of serverCertificate + serverNonce, with the policy's
    /// algorithm URI; nil for `None`, where the client sends an empty SignatureData. `serverCertificate` is the server's own
    /// certificate (`PeerCertificate.der`, the leaf when it sent a chain), which is what stacks sign and check first.
    public static func make(
        serverCertificate: PeerCertificate, serverNonce: [UInt8], clientCertificate: ApplicationCertificate, policy: SecurityPolicy
    ) throws(SecurityError) -> (algorithm: String, signature: [UInt8])? {
        guard let algorithm = policy.asymmetricSignatureAlgorithmURI else { return nil }
        return (algorithm, try clientCertificate.privateKey.sign(serverCertificate.der + serverNonce))
    }

    /// Checks the serverSignature of CreateSessionResponse: the server's signature of clientCertificate + clientNonce (the
    /// certificate DER and nonce we sent) with its certificate's key and the policy's algorithm. Always true for `None`.
    public static func verify(
        algorithm: String?, signature: [UInt8], clientCertificate: ApplicationCertificate, clientNonce: [UInt8],
        serverCertificate: PeerCertificate, policy: SecurityPolicy
    ) -> Bool {
        guard let expected = policy.asymmetricSignatureAlgorithmURI else { return true }
        guard algorithm == expected else { return false }
        return serverCertificate.publicKey.verify(clientCertificate.der + clientNonce, signature: signature)
    }
}
