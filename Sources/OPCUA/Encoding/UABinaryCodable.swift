import NIOCore

/// A value with an OPC UA Binary encoding (OPC 10000-6 §5.2).
public protocol UABinaryEncodable {
    func encode(to writer: inout UABinaryWriter)
}

/// A value that can be read from its OPC UA Binary encoding. Decoding never trusts a length
/// prefix: every count is checked against the decoder's limits and the bytes remaining.
public protocol UABinaryDecodable {
    init(from reader: inout UABinaryReader) throws(UADecodingError)
}

public typealias UABinaryCodable = UABinaryEncodable & UABinaryDecodable

/// A structure sent inside an ExtensionObject (a service request or response, an identity
/// token, a notification), known by the NodeId of its DefaultBinary encoding.
public protocol UAStructure: UABinaryCodable, Sendable {
    static var binaryEncodingId: NodeId { get }
}

extension UABinaryEncodable {
    /// The value's encoding on its own, e.g. to sign it or to put it in an ExtensionObject.
    public func encodedBytes() -> [UInt8] {
        var writer = UABinaryWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension UABinaryDecodable {
    /// Decodes a value that must take up all of `bytes`.
    public static func decode(_ bytes: [UInt8], limits: UADecodingLimits = .default) throws(UADecodingError) -> Self {
        var reader = UABinaryReader(bytes: bytes, limits: limits)
        let value = try Self(from: &reader)
        try reader.expectEnd()
        return value
    }
}
