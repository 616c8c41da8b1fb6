import NIOCore

/// The UA-TCP message types (OPC 10000-6 §7.1.2): the connection handshake (HEL/ACK/ERR,
/// RHE for reverse connect) and the secure-conversation messages (OPN, MSG, CLO).
public enum UATCPMessageType: String, Sendable, CaseIterable {
    case hello = "HEL", acknowledge = "ACK", error = "ERR", reverseHello = "RHE"
    case openSecureChannel = "OPN", message = "MSG", closeSecureChannel = "CLO"

    var bytes: [UInt8] { Array(rawValue.utf8) }
}

/// Whether a chunk is the final one of its message, an intermediate one, or aborts the message.
public enum UATCPChunkType: UInt8, Sendable {
    case final = 0x46  // "F"
    case intermediate = 0x43  // "C"
    case abort = 0x41  // "A"
}

/// One frame as cut from the byte stream by its 8-byte header; `body` is what follows the header.
public struct UATCPFrame: Sendable {
    public var messageType: UATCPMessageType
    public var chunkType: UATCPChunkType
    /// The whole frame, header included (signatures cover it).
    public var bytes: ByteBuffer

    public static let headerSize = 8
}

/// Buffer sizes and limits agreed in the Hello/Acknowledge exchange; 0 means "no limit" for
/// the message size and chunk count.
public struct TransportLimits: Sendable, Equatable {
    public var receiveBufferSize: UInt32
    public var sendBufferSize: UInt32
    public var maxMessageSize: UInt32
    public var maxChunkCount: UInt32

    public init(receiveBufferSize: UInt32 = 65_535, sendBufferSize: UInt32 = 65_535, maxMessageSize: UInt32 = 64 << 20, maxChunkCount: UInt32 = 4_096) {
        self.receiveBufferSize = receiveBufferSize
        self.sendBufferSize = sendBufferSize
        self.maxMessageSize = maxMessageSize
        self.maxChunkCount = maxChunkCount
    }

    /// The smallest buffer the protocol allows (OPC 10000-6 §7.1.2.3).
    public static let minimumBufferSize: UInt32 = 8_192

    /// What holds once the server's Acknowledge is in: we may send no more than it receives and
    /// it sends no more than we receive; for message size and chunk count each side's own
    /// limit governs what it receives, 0 being unlimited.
    func negotiated(with acknowledge: UATCPAcknowledge) throws(OPCUAError) -> NegotiatedLimits {
        guard acknowledge.receiveBufferSize >= Self.minimumBufferSize, acknowledge.sendBufferSize >= Self.minimumBufferSize else {
            throw OPCUAError.protocolViolation(
                "server acknowledged buffers of \(acknowledge.receiveBufferSize)/\(acknowledge.sendBufferSize) bytes, below the minimum 8192")
        }
        guard acknowledge.sendBufferSize <= receiveBufferSize else {
            throw OPCUAError.protocolViolation("server's send buffer \(acknowledge.sendBufferSize) exceeds our receive buffer \(receiveBufferSize)")
        }
        return NegotiatedLimits(
            sendChunkSize: Int(min(sendBufferSize, acknowledge.receiveBufferSize)),
            receiveChunkSize: Int(receiveBufferSize),
            sendMaxMessageSize: Int(acknowledge.maxMessageSize),
            sendMaxChunkCount: Int(acknowledge.maxChunkCount),
            receiveMaxMessageSize: Int(maxMessageSize),
            receiveMaxChunkCount: Int(maxChunkCount))
    }
}

/// The limits in force on one connection; a 0 maximum means unlimited.
public struct NegotiatedLimits: Sendable, Equatable {
    public var sendChunkSize: Int
    public var receiveChunkSize: Int
    public var sendMaxMessageSize: Int
    public var sendMaxChunkCount: Int
    public var receiveMaxMessageSize: Int
    public var receiveMaxChunkCount: Int
}

/// The client's opening message: protocol version, buffer sizes and the endpoint it wants.
public struct UATCPHello: Sendable, Equatable {
    public var protocolVersion: UInt32 = 0
    public var limits: TransportLimits
    public var endpointURL: String

    public func frame() -> ByteBuffer {
        var writer = UABinaryWriter()
        writer.writeRaw(UATCPMessageType.hello.bytes)
        writer.write(UATCPChunkType.final.rawValue)
        writer.write(UInt32(0))  // size, patched below
        writer.write(protocolVersion)
        writer.write(limits.receiveBufferSize)
        writer.write(limits.sendBufferSize)
        writer.write(limits.maxMessageSize)
        writer.write(limits.maxChunkCount)
        writer.write(endpointURL)
        writer.buffer.setInteger(UInt32(writer.buffer.readableBytes), at: writer.buffer.readerIndex + 4, endianness: .little)
        return writer.buffer
    }
}

/// The server's answer to Hello, with its own buffer sizes and limits.
public struct UATCPAcknowledge: Sendable, Equatable {
    public var protocolVersion: UInt32
    public var receiveBufferSize: UInt32
    public var sendBufferSize: UInt32
    public var maxMessageSize: UInt32
    public var maxChunkCount: UInt32

    init(body reader: inout UABinaryReader) throws(UADecodingError) {
        protocolVersion = try reader.read()
        receiveBufferSize = try reader.read()
        sendBufferSize = try reader.read()
        maxMessageSize = try reader.read()
        maxChunkCount = try reader.read()
    }
}

/// An ERR message: the server ends the connection with a status and a reason.
public struct UATCPErrorMessage: Sendable, Equatable {
    public var status: StatusCode
    public var reason: String?

    init(body reader: inout UABinaryReader) throws(UADecodingError) {
        status = try reader.read()
        reason = try reader.readString()
    }
}
