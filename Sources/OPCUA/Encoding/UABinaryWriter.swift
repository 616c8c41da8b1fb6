import NIOCore

/// Writes the OPC UA Binary encoding: little-endian integers and IEEE floats, length-prefixed
/// strings, byte strings and arrays with -1 for null (OPC 10000-6 §5.2.2).
public struct UABinaryWriter {
    public var buffer: ByteBuffer

    public init(buffer: ByteBuffer = ByteBuffer()) {
        self.buffer = buffer
    }

    public var bytes: [UInt8] { Array(buffer.readableBytesView) }

    public mutating func write(_ value: Bool) { buffer.writeInteger(value ? UInt8(1) : 0) }
    mutating func writeFixed<T: FixedWidthInteger>(_ value: T) { buffer.writeInteger(value, endianness: .little) }
    public mutating func write(_ value: Float) { buffer.writeInteger(value.bitPattern, endianness: .little) }
    public mutating func write(_ value: Double) { buffer.writeInteger(value.bitPattern, endianness: .little) }

    /// A UA String; nil is the null string (length -1), distinct from "".
    public mutating func write(_ value: String?) {
        guard let value else { return writeFixed(Int32(-1)) }
        let utf8 = value.utf8
        writeFixed(Int32(utf8.count))
        buffer.writeBytes(utf8)
    }

    /// A UA ByteString; nil is the null byte string.
    public mutating func writeByteString(_ value: [UInt8]?) {
        guard let value else { return writeFixed(Int32(-1)) }
        writeFixed(Int32(value.count))
        buffer.writeBytes(value)
    }

    public mutating func writeRaw(_ bytes: some Sequence<UInt8>) { buffer.writeBytes(bytes) }

    public mutating func write(_ value: some UABinaryEncodable) { value.encode(to: &self) }

    /// An array with its Int32 length; nil is the null array (length -1).
    public mutating func writeArray<T: UABinaryEncodable>(_ values: [T]?) {
        guard let values else { return write(Int32(-1)) }
        writeFixed(Int32(values.count))
        for value in values { value.encode(to: &self) }
    }

    public mutating func writeStrings(_ values: [String]?) {
        guard let values else { return write(Int32(-1)) }
        writeFixed(Int32(values.count))
        for value in values { write(value) }
    }
}
