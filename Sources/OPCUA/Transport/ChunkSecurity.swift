/// How the chunks travelling in one direction are signed and encrypted: nothing for
/// SecurityPolicy None; asymmetric (RSA) for OpenSecureChannel; symmetric (HMAC, AES) for the
/// messages of an open channel. The chunk layout (padding, block counts) is the same for all.
protocol ChunkSecurity: Sendable {
    /// Bytes of signature appended to each chunk sent.
    var signatureSize: Int { get }
    /// Whether chunks sent are encrypted; if so, in blocks of `plainBlockSize` bytes that
    /// become `cipherBlockSize` bytes.
    var encrypts: Bool { get }
    var plainBlockSize: Int { get }
    var cipherBlockSize: Int { get }
    /// Whether the padding carries an extra size byte (encrypting key over 2048 bits).
    var extraPaddingByte: Bool { get }
    func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8]
    func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8]

    /// The same for the chunks received.
    var receivedSignatureSize: Int { get }
    var decrypts: Bool { get }
    var receivedCipherBlockSize: Int { get }
    var receivedExtraPaddingByte: Bool { get }
    func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8]
    func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool
}

/// SecurityPolicy None: chunks travel as they are.
struct NoChunkSecurity: ChunkSecurity {
    var signatureSize: Int { 0 }
    var encrypts: Bool { false }
    var plainBlockSize: Int { 1 }
    var cipherBlockSize: Int { 1 }
    var extraPaddingByte: Bool { false }
    func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { [] }
    func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { bytes }
    var receivedSignatureSize: Int { 0 }
    var decrypts: Bool { false }
    var receivedCipherBlockSize: Int { 1 }
    var receivedExtraPaddingByte: Bool { false }
    func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { bytes }
    func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool { signature.isEmpty }
}
