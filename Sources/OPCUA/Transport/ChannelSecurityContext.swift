/// What a secure channel needs from its security policy: the asymmetric header and protection
/// for OpenSecureChannel, fresh nonces, and the symmetric protection derived from both
/// nonces for every other message. The policy's cryptography lives in `Security/`.
public struct ChannelSecurityContext: Sendable {
    public var policyURI: String
    public var mode: MessageSecurityMode
    /// Our certificate (DER) as sent in the asymmetric header; nil for None.
    var senderCertificate: [UInt8]?
    /// SHA-1 thumbprint of the server's certificate; nil for None.
    var receiverThumbprint: [UInt8]?
    var asymmetric: any ChunkSecurity
    /// A new client nonce; nil (no nonce) for None.
    var makeNonce: @Sendable () -> [UInt8]?
    /// The nonce length the server must answer with (0 for None).
    var serverNonceLength: Int
    var makeSymmetric: @Sendable (_ clientNonce: [UInt8], _ serverNonce: [UInt8]) throws(OPCUAError) -> any ChunkSecurity

    public static let none = ChannelSecurityContext(
        policyURI: "http://opcfoundation.org/UA/SecurityPolicy#None", mode: .none, senderCertificate: nil, receiverThumbprint: nil,
        asymmetric: NoChunkSecurity(), makeNonce: { nil }, serverNonceLength: 0, makeSymmetric: { _, _ in NoChunkSecurity() })
}
