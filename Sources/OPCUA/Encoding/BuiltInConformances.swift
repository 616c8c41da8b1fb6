import Foundation

extension Bool: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.write(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readBool() }
}

extension UInt8: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension Int8: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension UInt16: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension Int16: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension UInt32: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension Int32: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension UInt64: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension Int64: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFixed() }
}

extension Float: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.write(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readFloat() }
}

extension Double: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) { writer.write(self) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readDouble() }
}

/// A non-null UA String; the null string decodes as "". Where null matters, use `String?`
/// through `readString()`.
extension String: UABinaryCodable {
    // `write(self)` would pick the generic `write(some UABinaryEncodable)` over `write(String?)`
    // and call this method again, forever.
    public func encode(to writer: inout UABinaryWriter) { writer.write(Optional(self)) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self = try reader.readString() ?? "" }
}

/// UA DateTime: 100-nanosecond intervals since 1601-01-01 UTC, 0 meaning "no time" and values
/// at or past Int64.max meaning "the end of time" (OPC 10000-6 §5.2.2.5).
extension Date: UABinaryCodable {
    /// Seconds from 1601-01-01 to 1970-01-01.
    static let uaEpochOffset: Double = 11_644_473_600

    public var uaTicks: Int64 {
        let ticks = (timeIntervalSince1970 + Self.uaEpochOffset) * 10_000_000
        if ticks <= 0 || !ticks.isFinite { return 0 }
        if ticks >= Double(Int64.max) { return Int64.max }
        return Int64(ticks)
    }

    public init(uaTicks: Int64) {
        if uaTicks <= 0 {
            self = Date(timeIntervalSince1970: -Self.uaEpochOffset)
        } else if uaTicks == Int64.max {
            self = .distantFuture
        } else {
            self = Date(timeIntervalSince1970: Double(uaTicks) / 10_000_000 - Self.uaEpochOffset)
        }
    }

    /// The encoding of "no time" (DateTime 0), e.g. an absent source timestamp.
    public static let uaMinimum = Date(uaTicks: 0)

    public func encode(to writer: inout UABinaryWriter) { writer.writeFixed(uaTicks) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { self.init(uaTicks: try reader.readFixed(Int64.self)) }
}

/// UA Guid: Data1 (UInt32), Data2 and Data3 (UInt16) little-endian, then Data4's 8 bytes.
extension UUID: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) {
        let b = uuid
        writer.writeRaw([b.3, b.2, b.1, b.0, b.5, b.4, b.7, b.6, b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15])
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let r = try reader.readBytes(16)
        self.init(uuid: (r[3], r[2], r[1], r[0], r[5], r[4], r[7], r[6], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]))
    }
}
