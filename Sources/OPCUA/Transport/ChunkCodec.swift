import NIOCore

/// The security header of a chunk: asymmetric for OpenSecureChannel (policy, our certificate,
/// the thumbprint of the receiver's), the token id for everything else (OPC 10000-6 §6.7.2).
enum SecurityHeader: Sendable, Equatable {
    case asymmetric(policyURI: String, senderCertificate: [UInt8]?, receiverThumbprint: [UInt8]?)
    case symmetric(tokenId: UInt32)

    func encode(to writer: inout UABinaryWriter) {
        switch self {
        case .asymmetric(let uri, let certificate, let thumbprint):
            writer.write(uri)
            writer.writeByteString(certificate)
            writer.writeByteString(thumbprint)
        case .symmetric(let tokenId):
            writer.write(tokenId)
        }
    }
}

/// One chunk taken apart: which channel and token it came on, its sequence header and body.
struct ReceivedChunk: Sendable {
    var messageType: UATCPMessageType
    var chunkType: UATCPChunkType
    var channelId: UInt32
    var securityHeader: SecurityHeader
    var sequenceNumber: UInt32
    var requestId: UInt32
    var body: [UInt8]
}

/// Splits messages into chunks and takes chunks apart, applying a chunk security: padding to
/// the cipher block, signature over header and plaintext, encryption from the sequence header
/// on (OPC 10000-6 §6.7.2).
enum ChunkCodec {
    static let sequenceHeaderSize = 8

    /// The most body bytes one chunk of `chunkSize` bytes can carry with this header and security.
    static func maximumBodySize(chunkSize: Int, securityHeaderSize: Int, security: any ChunkSecurity) -> Int {
        let available = chunkSize - UATCPFrame.headerSize - 4 - securityHeaderSize
        if security.encrypts {
            let plain = available / security.cipherBlockSize * security.plainBlockSize
            return plain - sequenceHeaderSize - security.signatureSize - 1 - (security.extraPaddingByte ? 1 : 0)
        }
        return available - sequenceHeaderSize - security.signatureSize
    }

    /// The chunks of one message. `nextSequenceNumber` is advanced once per chunk.
    static func encode(
        _ type: UATCPMessageType, channelId: UInt32, securityHeader: SecurityHeader, requestId: UInt32, body: [UInt8],
        security: any ChunkSecurity, limits: NegotiatedLimits, nextSequenceNumber: inout UInt32
    ) throws(OPCUAError) -> [ByteBuffer] {
        if limits.sendMaxMessageSize > 0 && body.count > limits.sendMaxMessageSize {
            throw .status(.badRequestTooLarge, "a \(body.count)-byte request exceeds the server's maximum message size of \(limits.sendMaxMessageSize)")
        }
        var headerWriter = UABinaryWriter()
        securityHeader.encode(to: &headerWriter)
        let securityHeaderBytes = headerWriter.bytes
        let maxBody = maximumBodySize(chunkSize: limits.sendChunkSize, securityHeaderSize: securityHeaderBytes.count, security: security)
        guard maxBody > 0 else { throw .protocolViolation("a \(limits.sendChunkSize)-byte chunk leaves no room for a body") }
        let chunkCount = max(1, (body.count + maxBody - 1) / maxBody)
        if limits.sendMaxChunkCount > 0 && chunkCount > limits.sendMaxChunkCount {
            throw .status(.badRequestTooLarge, "a \(body.count)-byte request needs \(chunkCount) chunks, the server accepts \(limits.sendMaxChunkCount)")
        }
        var chunks: [ByteBuffer] = []
        chunks.reserveCapacity(chunkCount)
        // Numbered on a copy: a chunk that fails to sign or encrypt must not leave a gap.
        var sequenceNumber = nextSequenceNumber
        for index in 0..<chunkCount {
            let part = body[min(body.count, index * maxBody)..<min(body.count, (index + 1) * maxBody)]
            var plain = UABinaryWriter()
            plain.write(sequenceNumber)
            plain.write(requestId)
            plain.writeRaw(part)
            sequenceNumber = Self.sequenceNumber(after: sequenceNumber)
            var plainBytes = plain.bytes
            if security.encrypts {
                let extra = security.extraPaddingByte ? 1 : 0
                let unpadded = plainBytes.count + 1 + extra + security.signatureSize
                let padding = (security.plainBlockSize - unpadded % security.plainBlockSize) % security.plainBlockSize
                plainBytes += [UInt8](repeating: UInt8(truncatingIfNeeded: padding), count: padding + 1)
                if security.extraPaddingByte { plainBytes.append(UInt8(truncatingIfNeeded: padding >> 8)) }
            }
            let protectedSize = plainBytes.count + security.signatureSize
            let wireSize = security.encrypts ? protectedSize / security.plainBlockSize * security.cipherBlockSize : protectedSize
            var frame = UABinaryWriter()
            frame.writeRaw(type.bytes)
            frame.write((index == chunkCount - 1 ? UATCPChunkType.final : .intermediate).rawValue)
            frame.write(UInt32(UATCPFrame.headerSize + 4 + securityHeaderBytes.count + wireSize))
            frame.write(channelId)
            frame.writeRaw(securityHeaderBytes)
            let signed = frame.bytes + plainBytes
            let signature = try security.sign(signed)
            if security.encrypts {
                frame.writeRaw(try security.encrypt(plainBytes + signature))
            } else {
                frame.writeRaw(plainBytes)
                frame.writeRaw(signature)
            }
            chunks.append(frame.buffer)
        }
        nextSequenceNumber = sequenceNumber
        return chunks
    }

    /// Sequence numbers rise by one and wrap only once past UInt32.max − 1024, to a number
    /// below 1024 (OPC 10000-6 §6.7.2.4).
    static func sequenceNumber(after number: UInt32) -> UInt32 {
        number > UInt32.max - 1024 ? 1 : number + 1
    }

    /// Reads the parts of a chunk that come before any protection: the channel and security
    /// header. The security to verify and decrypt the rest depends on them.
    static func readHeaders(_ frame: UATCPFrame) throws(OPCUAError) -> (channelId: UInt32, securityHeader: SecurityHeader, headerSize: Int) {
        var reader = UABinaryReader(buffer: frame.bytes)
        do {
            _ = try reader.readBytes(UATCPFrame.headerSize)
            let channelId = try reader.read(UInt32.self)
            let header: SecurityHeader
            if frame.messageType == .openSecureChannel {
                let uri = try reader.readString() ?? ""
                let certificate = try reader.readByteString()
                let thumbprint = try reader.readByteString()
                header = .asymmetric(policyURI: uri, senderCertificate: certificate, receiverThumbprint: thumbprint)
            } else {
                header = .symmetric(tokenId: try reader.read(UInt32.self))
            }
            return (channelId, header, reader.offset)
        } catch {
            throw .decoding(error, context: "the security header of a \(frame.messageType.rawValue) chunk")
        }
    }

    /// Verifies, decrypts and unpads a chunk.
    static func decode(_ frame: UATCPFrame, security: any ChunkSecurity) throws(OPCUAError) -> ReceivedChunk {
        let (channelId, securityHeader, headerSize) = try readHeaders(frame)
        let all = Array(frame.bytes.readableBytesView)
        let header = Array(all[..<headerSize])
        var rest = Array(all[headerSize...])
        if security.decrypts {
            guard rest.count % security.receivedCipherBlockSize == 0 else {
                throw .security("a \(frame.messageType.rawValue) chunk's \(rest.count) encrypted bytes are not whole \(security.receivedCipherBlockSize)-byte blocks")
            }
            rest = try security.decrypt(rest)
        }
        let signatureSize = security.receivedSignatureSize
        guard rest.count >= signatureSize + sequenceHeaderSize else {
            throw .protocolViolation("a \(frame.messageType.rawValue) chunk of \(all.count) bytes is too short for its sequence header and signature")
        }
        let signature = Array(rest[(rest.count - signatureSize)...])
        var plain = Array(rest[..<(rest.count - signatureSize)])
        guard security.verify(header + plain, signature: signature) else {
            throw .security("the signature of a \(frame.messageType.rawValue) chunk does not verify (BadSecurityChecksFailed)")
        }
        if security.decrypts {
            var padding = Int(plain.last ?? 0) + 1
            if security.receivedExtraPaddingByte {
                guard plain.count >= 2 else { throw .protocolViolation("chunk too short for its padding") }
                padding = (Int(plain[plain.count - 1]) << 8 | Int(plain[plain.count - 2])) + 2
            }
            guard padding <= plain.count - sequenceHeaderSize else {
                throw .protocolViolation("a \(frame.messageType.rawValue) chunk's padding of \(padding) bytes is longer than the chunk")
            }
            plain.removeLast(padding)
        }
        var reader = UABinaryReader(bytes: plain)
        do {
            let sequenceNumber = try reader.read(UInt32.self)
            let requestId = try reader.read(UInt32.self)
            return ReceivedChunk(
                messageType: frame.messageType, chunkType: frame.chunkType, channelId: channelId, securityHeader: securityHeader,
                sequenceNumber: sequenceNumber, requestId: requestId, body: Array(plain[sequenceHeaderSize...]))
        } catch {
            throw .decoding(error, context: "a sequence header")
        }
    }
}
