// What the service structures share: strictly decoded enumerations, the bit masks of Browse,
// and arrays of byte strings.

/// An OPC UA enumeration (encoded as an Int32, OPC 10000-6 §5.2.4). Decoding is strict: a value
/// the enumeration does not define is a decoding error naming the type and the value.
public protocol UAEnumeration: RawRepresentable, UABinaryCodable, Sendable, Hashable where RawValue == UInt32 {
    static var typeName: String { get }
}

extension UAEnumeration {
    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let at = reader.offset
        let raw = try reader.read(UInt32.self)
        guard let value = Self(rawValue: raw) else {
            throw UADecodingError(.invalidValue("unknown \(Self.typeName) \(Int32(bitPattern: raw))"), at: at)
        }
        self = value
    }
}

/// Which node classes Browse returns (BrowseDescription.nodeClassMask, OPC 10000-4 §5.8.2):
/// the bits of `NodeClass`; no bits set means all classes. A mask: unknown bits are kept.
public struct NodeClassMask: OptionSet, Sendable, Hashable, UABinaryCodable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ classes: [NodeClass]) { self.init(rawValue: classes.reduce(0) { $0 | $1.rawValue }) }

    public static let object = NodeClassMask(rawValue: NodeClass.object.rawValue)
    public static let variable = NodeClassMask(rawValue: NodeClass.variable.rawValue)
    public static let method = NodeClassMask(rawValue: NodeClass.method.rawValue)
    public static let objectType = NodeClassMask(rawValue: NodeClass.objectType.rawValue)
    public static let variableType = NodeClassMask(rawValue: NodeClass.variableType.rawValue)
    public static let referenceType = NodeClassMask(rawValue: NodeClass.referenceType.rawValue)
    public static let dataType = NodeClassMask(rawValue: NodeClass.dataType.rawValue)
    public static let view = NodeClassMask(rawValue: NodeClass.view.rawValue)
    /// No bits: every node class.
    public static let all = NodeClassMask([])

    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { rawValue = try reader.read() }
}

/// Which fields of each ReferenceDescription Browse fills in (OPC 10000-4 §5.8.2). A mask.
public struct BrowseResultMask: OptionSet, Sendable, Hashable, UABinaryCodable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let referenceTypeId = BrowseResultMask(rawValue: 1)
    public static let isForward = BrowseResultMask(rawValue: 2)
    public static let nodeClass = BrowseResultMask(rawValue: 4)
    public static let browseName = BrowseResultMask(rawValue: 8)
    public static let displayName = BrowseResultMask(rawValue: 16)
    public static let typeDefinition = BrowseResultMask(rawValue: 32)
    public static let all = BrowseResultMask(rawValue: 63)

    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { rawValue = try reader.read() }
}

extension UABinaryReader {
    /// An array of ByteStrings (e.g. BrowseNext's continuation points); a null element reads as [].
    public mutating func readByteStrings() throws(UADecodingError) -> [[UInt8]]? {
        guard let count = try readLength("array", limit: limits.maxArrayLength, minimumElementSize: 4) else { return nil }
        var values: [[UInt8]] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readByteString() ?? []) }
        return values
    }
}

extension UABinaryWriter {
    public mutating func writeByteStrings(_ values: [[UInt8]]?) {
        guard let values else { return write(Int32(-1)) }
        write(Int32(values.count))
        for value in values { writeByteString(value) }
    }
}
