/// OpenSecureChannel under a secured policy: signed with our private key, encrypted with the
/// server's public key in RSA-OAEP blocks; answers come back the other way round.
struct AsymmetricChunkSecurity: ChunkSecurity {
    let policy: SecurityPolicy
    let ownKey: RSAPrivateKey
    let peerKey: RSAPublicKey

    var signatureSize: Int { ownKey.keySizeInBytes }
    var encrypts: Bool { true }
    var plainBlockSize: Int { policy.asymmetricPlaintextBlockSize(keyBytes: peerKey.keySizeInBytes) }
    var cipherBlockSize: Int { policy.asymmetricCiphertextBlockSize(keyBytes: peerKey.keySizeInBytes) }
    var extraPaddingByte: Bool { peerKey.keySizeInBytes > 256 }

    func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
        do { return try ownKey.sign(bytes) } catch { throw .security("signing an OpenSecureChannel chunk: \(error)") }
    }

    func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
        do { return try peerKey.encrypt(bytes) } catch { throw .security("encrypting an OpenSecureChannel chunk: \(error)") }
    }

    var receivedSignatureSize: Int { peerKey.keySizeInBytes }
    var decrypts: Bool { true }
    var receivedCipherBlockSize: Int { ownKey.keySizeInBytes }
    var receivedExtraPaddingByte: Bool { ownKey.keySizeInBytes > 256 }

    func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
        do { return try ownKey.decrypt(bytes) } catch { throw .security("decrypting an OpenSecureChannel response (BadSecurityChecksFailed): \(error)") }
    }

    func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool { peerKey.verify(bytes, signature: signature) }
}

/// The messages of an open channel: HMAC-SHA256 signatures and, in SignAndEncrypt, AES-256-CBC,
/// with the keys both sides derived from the two nonces.
struct SymmetricChunkSecurity: ChunkSecurity {
    let mode: MessageSecurityMode
    let keys: ChannelKeys

    var signatureSize: Int { keys.client.signingKey.count }
    var encrypts: Bool { mode == .signAndEncrypt }
    var plainBlockSize: Int { encrypts ? SymmetricCrypto.aesBlockSize : 1 }
    var cipherBlockSize: Int { plainBlockSize }
    var extraPaddingByte: Bool { false }

    func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { keys.client.sign(bytes) }

    func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
        do { return try keys.client.encrypt(bytes) } catch { throw .security("encrypting a message chunk: \(error)") }
    }

    var receivedSignatureSize: Int { keys.server.signingKey.count }
    var decrypts: Bool { encrypts }
    var receivedCipherBlockSize: Int { plainBlockSize }
    var receivedExtraPaddingByte: Bool { false }

    func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
        do { return try keys.server.decrypt(bytes) } catch { throw .security("decrypting a message chunk: \(error)") }
    }

    func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool { keys.server.verify(bytes, signature: signature) }
}

extension ChannelSecurityContext {
    /// The context for a secured policy: our certificate and key, the server's certificate.
    static func secured(
        policy: SecurityPolicy, mode: MessageSecurityMode, certificate: ApplicationCertificate, server: PeerCertificate
    ) throws(OPCUAError) -> ChannelSecurityContext {
        do {
            try policy.checkAsymmetricKeyLength(bits: server.publicKey.keySizeInBits)
            try policy.checkAsymmetricKeyLength(bits: certificate.privateKey.keySizeInBits)
        } catch {
            throw .security("\(error)")
        }
        return ChannelSecurityContext(
            policyURI: policy.uri, mode: mode, senderCertificate: certificate.der, receiverThumbprint: server.thumbprint,
            asymmetric: AsymmetricChunkSecurity(policy: policy, ownKey: certificate.privateKey, peerKey: server.publicKey),
            makeNonce: { policy.makeNonce() }, serverNonceLength: policy.nonceLength,
            makeSymmetric: { (clientNonce, serverNonce) throws(OPCUAError) in
                do {
                    return SymmetricChunkSecurity(mode: mode, keys: try ChannelKeys(clientNonce: clientNonce, serverNonce: serverNonce, policy: policy))
                } catch {
                    throw .security("deriving the channel keys: \(error)")
                }
            })
    }
}
