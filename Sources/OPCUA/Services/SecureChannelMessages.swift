import Foundation

/// How messages on a secure channel are protected (OPC 10000-4 §7.20).
public enum MessageSecurityMode: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible, UABinaryCodable {
    case invalid = 0, none = 1, sign = 2, signAndEncrypt = 3

    public var description: String {
        switch self {
        case .invalid: "Invalid"
        case .none: "None"
        case .sign: "Sign"
        case .signAndEncrypt: "SignAndEncrypt"
        }
    }

    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let raw = try reader.read(UInt32.self)
        guard let mode = MessageSecurityMode(rawValue: raw) else { throw reader.error(.invalidValue("unknown MessageSecurityMode \(raw)")) }
        self = mode
    }
}

public enum SecurityTokenRequestType: UInt32, Sendable, Hashable, UABinaryCodable {
    case issue = 0, renew = 1

    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let raw = try reader.read(UInt32.self)
        guard let type = SecurityTokenRequestType(rawValue: raw) else { throw reader.error(.invalidValue("unknown SecurityTokenRequestType \(raw)")) }
        self = type
    }
}

/// The token a server issues for a secure channel; it must be renewed before its lifetime ends.
public struct ChannelSecurityToken: Sendable, Hashable, UABinaryCodable {
    public var channelId: UInt32
    public var tokenId: UInt32
    public var createdAt: Date
    /// Milliseconds.
    public var revisedLifetime: UInt32

    public init(channelId: UInt32, tokenId: UInt32, createdAt: Date, revisedLifetime: UInt32) {
        self.channelId = channelId
        self.tokenId = tokenId
        self.createdAt = createdAt
        self.revisedLifetime = revisedLifetime
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(channelId)
        writer.write(tokenId)
        writer.write(createdAt)
        writer.write(revisedLifetime)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        channelId = try reader.read()
        tokenId = try reader.read()
        createdAt = try reader.read()
        revisedLifetime = try reader.read()
    }
}

public struct OpenSecureChannelRequest: UARequest, Hashable {
    public typealias Response = OpenSecureChannelResponse
    public static let binaryEncodingId = NodeId.numeric(446)
    public var requestHeader: RequestHeader
    public var clientProtocolVersion: UInt32
    public var requestType: SecurityTokenRequestType
    public var securityMode: MessageSecurityMode
    public var clientNonce: [UInt8]?
    /// Milliseconds.
    public var requestedLifetime: UInt32

    public init(
        requestHeader: RequestHeader = RequestHeader(), clientProtocolVersion: UInt32 = 0, requestType: SecurityTokenRequestType,
        securityMode: MessageSecurityMode, clientNonce: [UInt8]?, requestedLifetime: UInt32
    ) {
        self.requestHeader = requestHeader
        self.clientProtocolVersion = clientProtocolVersion
        self.requestType = requestType
        self.securityMode = securityMode
        self.clientNonce = clientNonce
        self.requestedLifetime = requestedLifetime
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(clientProtocolVersion)
        writer.write(requestType)
        writer.write(securityMode)
        writer.writeByteString(clientNonce)
        writer.write(requestedLifetime)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        clientProtocolVersion = try reader.read()
        requestType = try reader.read()
        securityMode = try reader.read()
        clientNonce = try reader.readByteString()
        requestedLifetime = try reader.read()
    }
}

public struct OpenSecureChannelResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(449)
    public var responseHeader: ResponseHeader
    public var serverProtocolVersion: UInt32
    public var securityToken: ChannelSecurityToken
    public var serverNonce: [UInt8]?

    public init(responseHeader: ResponseHeader, serverProtocolVersion: UInt32, securityToken: ChannelSecurityToken, serverNonce: [UInt8]?) {
        self.responseHeader = responseHeader
        self.serverProtocolVersion = serverProtocolVersion
        self.securityToken = securityToken
        self.serverNonce = serverNonce
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(serverProtocolVersion)
        writer.write(securityToken)
        writer.writeByteString(serverNonce)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        serverProtocolVersion = try reader.read()
        securityToken = try reader.read()
        serverNonce = try reader.readByteString()
    }
}

public struct CloseSecureChannelRequest: UARequest, Hashable {
    public typealias Response = CloseSecureChannelResponse
    public static let binaryEncodingId = NodeId.numeric(452)
    public var requestHeader: RequestHeader

    public init(requestHeader: RequestHeader = RequestHeader()) { self.requestHeader = requestHeader }
    public func encode(to writer: inout UABinaryWriter) { writer.write(requestHeader) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { requestHeader = try reader.read() }
}

public struct CloseSecureChannelResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(455)
    public var responseHeader: ResponseHeader

    public init(responseHeader: ResponseHeader) { self.responseHeader = responseHeader }
    public func encode(to writer: inout UABinaryWriter) { writer.write(responseHeader) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { responseHeader = try reader.read() }
}
