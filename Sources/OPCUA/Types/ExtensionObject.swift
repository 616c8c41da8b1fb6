/// A structure carried with the NodeId of its encoding (OPC 10000-6 §5.2.2.15). Bodies of
/// types the client knows are decoded on request; others travel as bytes.
public struct ExtensionObject: Hashable, Sendable, UABinaryCodable {
    public enum Body: Hashable, Sendable {
        case none
        case binary([UInt8])
        case xml(String)
    }

    public var typeId: NodeId
    public var body: Body

    public init(typeId: NodeId, body: Body) {
        self.typeId = typeId
        self.body = body
    }

    public static let null = ExtensionObject(typeId: .null, body: .none)

    /// Wraps `value` in its DefaultBinary encoding.
    public init<T: UAStructure>(_ value: T) {
        self.init(typeId: T.binaryEncodingId, body: .binary(value.encodedBytes()))
    }

    /// The body decoded as `T`, or nil when the object holds another type.
    public func decode<T: UAStructure>(as _: T.Type, limits: UADecodingLimits = .default) throws(UADecodingError) -> T? {
        guard typeId == T.binaryEncodingId, case .binary(let bytes) = body else { return nil }
        return try T.decode(bytes, limits: limits)
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(typeId)
        switch body {
        case .none: writer.write(UInt8(0))
        case .binary(let bytes):
            writer.write(UInt8(1))
            writer.writeByteString(bytes)
        case .xml(let text):
            writer.write(UInt8(2))
            writer.write(text)
        }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        typeId = try reader.read()
        switch try reader.read(UInt8.self) {
        case 0: body = .none
        case 1: body = .binary(try reader.readByteString() ?? [])
        case 2: body = .xml(try reader.readString() ?? "")
        case let other: throw reader.error(.invalidValue("unknown ExtensionObject encoding \(other)"))
        }
    }
}
