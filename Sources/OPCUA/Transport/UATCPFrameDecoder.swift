import NIOCore

/// Cuts the TCP byte stream into UA-TCP frames by their 8-byte headers. A frame longer than
/// our receive buffer, shorter than its header or of an unknown type ends the connection
/// before its body is buffered.
struct UATCPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = UATCPFrame

    /// The largest frame accepted: our receive buffer size.
    let maximumFrameSize: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= UATCPFrame.headerSize else { return .needMoreData }
        let start = buffer.readerIndex
        guard let typeBytes = buffer.getBytes(at: start, length: 3), let chunkByte = buffer.getInteger(at: start + 3, as: UInt8.self),
            let size = buffer.getInteger(at: start + 4, endianness: .little, as: UInt32.self)
        else { return .needMoreData }
        guard let type = UATCPMessageType(rawValue: String(decoding: typeBytes, as: UTF8.self)) else {
            throw OPCUAError.protocolViolation("unknown UA-TCP message type \(typeBytes.map { String($0, radix: 16) }.joined(separator: " "))")
        }
        guard let chunk = UATCPChunkType(rawValue: chunkByte) else {
            throw OPCUAError.protocolViolation("unknown chunk type 0x\(String(chunkByte, radix: 16)) in a \(type.rawValue) frame")
        }
        guard size >= UInt32(UATCPFrame.headerSize) else {
            throw OPCUAError.protocolViolation("\(type.rawValue) frame declares \(size) bytes, less than its header")
        }
        guard size <= UInt32(maximumFrameSize) else {
            throw OPCUAError.status(.badTcpMessageTooLarge, "\(type.rawValue) frame of \(size) bytes exceeds the receive buffer of \(maximumFrameSize)")
        }
        guard buffer.readableBytes >= Int(size), let frame = buffer.readSlice(length: Int(size)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(UATCPFrame(messageType: type, chunkType: chunk, bytes: frame)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
