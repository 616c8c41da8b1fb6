import Foundation
import NIOCore
import Testing

@testable import OPCUA

/// The chunk layer without a server: messages split and put back together under every
/// protection, limits enforced on both sides, abort chunks, tampering detected.
@Suite struct ChunkCodecTests {
    /// The server's view of a protection: what the client signs and encrypts, it verifies and decrypts.
    struct Mirror: ChunkSecurity {
        let sending: any ChunkSecurity
        let receiving: any ChunkSecurity
        var signatureSize: Int { sending.signatureSize }
        var encrypts: Bool { sending.encrypts }
        var plainBlockSize: Int { sending.plainBlockSize }
        var cipherBlockSize: Int { sending.cipherBlockSize }
        var extraPaddingByte: Bool { sending.extraPaddingByte }
        func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { try sending.sign(bytes) }
        func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { try sending.encrypt(bytes) }
        var receivedSignatureSize: Int { receiving.receivedSignatureSize }
        var decrypts: Bool { receiving.decrypts }
        var receivedCipherBlockSize: Int { receiving.receivedCipherBlockSize }
        var receivedExtraPaddingByte: Bool { receiving.receivedExtraPaddingByte }
        func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { try receiving.decrypt(bytes) }
        func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool { receiving.verify(bytes, signature: signature) }
    }

    /// HMAC and AES with the client's keys on the receiving side too, as the server uses them.
    struct ServerSideSymmetric: ChunkSecurity {
        let mode: MessageSecurityMode
        let keys: ChannelKeys
        var signatureSize: Int { 32 }
        var encrypts: Bool { mode == .signAndEncrypt }
        var plainBlockSize: Int { encrypts ? 16 : 1 }
        var cipherBlockSize: Int { plainBlockSize }
        var extraPaddingByte: Bool { false }
        func sign(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { keys.server.sign(bytes) }
        func encrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] { try! keys.server.encrypt(bytes) }
        var receivedSignatureSize: Int { 32 }
        var decrypts: Bool { encrypts }
        var receivedCipherBlockSize: Int { plainBlockSize }
        var receivedExtraPaddingByte: Bool { false }
        func decrypt(_ bytes: [UInt8]) throws(OPCUAError) -> [UInt8] {
            do { return try keys.client.decrypt(bytes) } catch { throw .security("\(error)") }
        }
        func verify(_ bytes: [UInt8], signature: [UInt8]) -> Bool { keys.client.verify(bytes, signature: signature) }
    }

    static func limits(chunk: Int = 8_192, maxMessage: Int = 0, maxChunks: Int = 0) -> NegotiatedLimits {
        NegotiatedLimits(
            sendChunkSize: chunk, receiveChunkSize: chunk, sendMaxMessageSize: maxMessage, sendMaxChunkCount: maxChunks, receiveMaxMessageSize: maxMessage,
            receiveMaxChunkCount: maxChunks)
    }

    static func frame(_ buffer: ByteBuffer) throws -> UATCPFrame {
        let bytes = Array(buffer.readableBytesView)
        #expect(Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24) == bytes.count, "the size field is the chunk's size")
        return UATCPFrame(messageType: try #require(UATCPMessageType(rawValue: String(decoding: bytes[0..<3], as: UTF8.self))),
                          chunkType: try #require(UATCPChunkType(rawValue: bytes[3])), bytes: buffer)
    }

    /// Encodes `body` with `sender`, decodes with `receiver`, reassembles; returns chunks and body.
    static func roundTrip(
        _ body: [UInt8], type: UATCPMessageType = .message, header: SecurityHeader = .symmetric(tokenId: 7), sender: any ChunkSecurity,
        receiver: any ChunkSecurity, limits: NegotiatedLimits = limits()
    ) throws -> (chunks: [ByteBuffer], body: [UInt8]) {
        var sequence: UInt32 = 41
        let chunks = try ChunkCodec.encode(type, channelId: 3, securityHeader: header, requestId: 9, body: body, security: sender, limits: limits,
                                           nextSequenceNumber: &sequence)
        #expect(sequence == 41 + UInt32(chunks.count))
        var assembler = MessageAssembler(maxMessageSize: limits.receiveMaxMessageSize, maxChunkCount: limits.receiveMaxChunkCount)
        var result: [UInt8]? = nil
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk.readableBytes <= limits.sendChunkSize)
            let received = try ChunkCodec.decode(try frame(chunk), security: receiver)
            #expect(received.sequenceNumber == 41 + UInt32(index))
            #expect(received.requestId == 9 && received.channelId == 3)
            if case .complete(let id, _, let whole) = try assembler.add(received) {
                #expect(id == 9)
                result = whole
            }
        }
        return (chunks, try #require(result))
    }

    static let body: [UInt8] = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    @Test func unsecuredMessagesSplitIntoChunksAndBackTogether() throws {
        let (chunks, whole) = try Self.roundTrip(Self.body, sender: NoChunkSecurity(), receiver: NoChunkSecurity())
        #expect(whole == Self.body)
        #expect(chunks.count == (100_000 + 8_175) / 8_176, "8192-byte chunks carry 8192 − 16 header bytes")
        #expect(try Self.roundTrip([], sender: NoChunkSecurity(), receiver: NoChunkSecurity()).body.isEmpty)
    }

    @Test(arguments: [MessageSecurityMode.sign, .signAndEncrypt])
    func symmetricallyProtectedChunksVerifyAndDecrypt(mode: MessageSecurityMode) throws {
        let keys = try ChannelKeys(clientNonce: Nonce.random(count: 32), serverNonce: Nonce.random(count: 32))
        let client = SymmetricChunkSecurity(mode: mode, keys: keys)
        let server = ServerSideSymmetric(mode: mode, keys: keys)
        let (chunks, whole) = try Self.roundTrip(Self.body, sender: client, receiver: server)
        #expect(whole == Self.body)
        if mode == .signAndEncrypt {
            // Everything after the 16 header bytes is whole AES blocks, and the body is not in clear.
            #expect(chunks.allSatisfy { ($0.readableBytes - 16) % 16 == 0 })
            #expect(!Array(chunks[0].readableBytesView).windowed(Array(Self.body[0..<32])))
        }
        // And the answer the other way.
        #expect(try Self.roundTrip(Array(Self.body.prefix(5_000)), sender: server, receiver: client).body == Array(Self.body.prefix(5_000)))
        // One changed byte anywhere fails the signature (or the padding) — never passes.
        var tampered = Array(chunks[0].readableBytesView)
        tampered[tampered.count / 2] ^= 0x40
        #expect(throws: OPCUAError.self) { try ChunkCodec.decode(try Self.frame(ByteBuffer(bytes: tampered)), security: server) }
    }

    @Test(arguments: [2048, 4096])
    func openSecureChannelIsSignedAndEncryptedWithRSA(bits: Int) throws {
        let client = try RSAPrivateKey(generatingBits: 2048)
        let server = try RSAPrivateKey(generatingBits: bits)
        let clientSide = AsymmetricChunkSecurity(policy: .basic256Sha256, ownKey: client, peerKey: server.publicKey)
        let serverSide = AsymmetricChunkSecurity(policy: .basic256Sha256, ownKey: server, peerKey: client.publicKey)
        let header = SecurityHeader.asymmetric(policyURI: SecurityPolicy.basic256Sha256.uri, senderCertificate: [1, 2, 3], receiverThumbprint: Array(repeating: 9, count: 20))
        // A 4096-bit receiver key needs the extra padding byte (OPC 10000-6 §6.7.2.5).
        #expect(clientSide.extraPaddingByte == (bits > 2048))
        let request = Array(Self.body.prefix(20_000))
        let (chunks, whole) = try Self.roundTrip(
            request, type: .openSecureChannel, header: header, sender: clientSide, receiver: Mirror(sending: clientSide, receiving: serverSide),
            limits: Self.limits(chunk: 65_535))
        #expect(whole == request)
        #expect(chunks.count >= 1)
        let answer = Array(Self.body.prefix(3_000))
        #expect(try Self.roundTrip(answer, type: .openSecureChannel, header: header, sender: serverSide, receiver: clientSide,
                                   limits: Self.limits(chunk: 65_535)).body == answer)
    }

    @Test func sendLimitsRefuseOversizedRequestsBeforeSending() {
        var sequence: UInt32 = 1
        #expect(throws: OPCUAError.self) {
            try ChunkCodec.encode(.message, channelId: 1, securityHeader: .symmetric(tokenId: 1), requestId: 1, body: Self.body, security: NoChunkSecurity(),
                                  limits: Self.limits(maxMessage: 50_000), nextSequenceNumber: &sequence)
        }
        #expect(throws: OPCUAError.self) {
            try ChunkCodec.encode(.message, channelId: 1, securityHeader: .symmetric(tokenId: 1), requestId: 1, body: Self.body, security: NoChunkSecurity(),
                                  limits: Self.limits(maxChunks: 5), nextSequenceNumber: &sequence)
        }
        #expect(sequence == 1, "nothing was numbered for a refused request")
    }

    @Test func receiveLimitsAndAbortChunks() throws {
        func chunk(_ type: UATCPChunkType, _ body: [UInt8], request: UInt32 = 5) -> ReceivedChunk {
            ReceivedChunk(messageType: .message, chunkType: type, channelId: 1, securityHeader: .symmetric(tokenId: 1), sequenceNumber: 1, requestId: request, body: body)
        }
        var assembler = MessageAssembler(maxMessageSize: 10_000, maxChunkCount: 3)
        #expect(try assembler.add(chunk(.intermediate, [1, 2])) == .incomplete)
        #expect(try assembler.add(chunk(.intermediate, [3])) == .incomplete)
        #expect(try assembler.add(chunk(.intermediate, [4])) == .incomplete, "three chunks are allowed")
        #expect(throws: OPCUAError.self, "a fourth chunk exceeds the count") { try assembler.add(chunk(.final, [5])) }
        #expect(assembler.pendingMessages == 0, "the partial message is dropped")
        #expect(throws: OPCUAError.self, "too many bytes") { try assembler.add(chunk(.final, [UInt8](repeating: 0, count: 10_001))) }
        // An abort ends only its own request, with the server's status and reason.
        _ = try assembler.add(chunk(.intermediate, [1], request: 6))
        _ = try assembler.add(chunk(.intermediate, [1], request: 7))
        var abort = UABinaryWriter()
        abort.write(StatusCode.badResponseTooLarge)
        abort.write("response too large" as String?)
        #expect(try assembler.add(chunk(.abort, abort.bytes, request: 6)) == .aborted(requestId: 6, status: .badResponseTooLarge, reason: "response too large"))
        #expect(try assembler.add(chunk(.final, [2], request: 7)) == .complete(requestId: 7, type: .message, body: [1, 2]))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func windowed(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
