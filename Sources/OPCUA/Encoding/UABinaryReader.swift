import NIOCore

/// Reads the OPC UA Binary encoding with every length checked before anything is allocated:
/// against the limits, and against the bytes that remain (an array of N elements needs at
/// least N bytes), so that no frame can make the decoder reserve more than its own size.
public struct UABinaryReader {
    public private(set) var buffer: ByteBuffer
    public let limits: UADecodingLimits
    private let startIndex: Int
    private var depth = 0

    public init(buffer: ByteBuffer, limits: UADecodingLimits = .default) {
        self.buffer = buffer
        self.limits = limits
        self.startIndex = buffer.readerIndex
    }

    public init(bytes: [UInt8], limits: UADecodingLimits = .default) {
        self.init(buffer: ByteBuffer(bytes: bytes), limits: limits)
    }

    /// Where the reader is, counted from where it started.
    public var offset: Int { buffer.readerIndex - startIndex }
    public var remaining: Int { buffer.readableBytes }

    public func error(_ reason: UADecodingError.Reason) -> UADecodingError { UADecodingError(reason, at: offset) }

    public mutating func expectEnd() throws(UADecodingError) {
        if remaining > 0 { throw error(.trailingBytes(remaining)) }
    }

    mutating func readFixed<T: FixedWidthInteger>(_: T.Type = T.self) throws(UADecodingError) -> T {
        guard let value = buffer.readInteger(endianness: .little, as: T.self) else {
            throw error(.truncated(needed: MemoryLayout<T>.size, remaining: remaining))
        }
        return value
    }

    public mutating func readBool() throws(UADecodingError) -> Bool { try readFixed(UInt8.self) != 0 }
    public mutating func readFloat() throws(UADecodingError) -> Float { Float(bitPattern: try readFixed(UInt32.self)) }
    public mutating func readDouble() throws(UADecodingError) -> Double { Double(bitPattern: try readFixed(UInt64.self)) }

    public mutating func readBytes(_ count: Int) throws(UADecodingError) -> [UInt8] {
        guard count <= remaining, let bytes = buffer.readBytes(length: count) else {
            throw error(.truncated(needed: count, remaining: remaining))
        }
        return bytes
    }

    /// A length prefix: -1 (null) as nil, other negatives refused, and the length bounded by
    /// `limit` and by the bytes left at `minimumElementSize` bytes per element.
    public mutating func readLength(_ what: String, limit: Int, minimumElementSize: Int = 1) throws(UADecodingError) -> Int? {
        let length = Int(try readFixed(Int32.self))
        if length == -1 { return nil }
        if length < 0 { throw error(.negativeLength(what: what, length: length)) }
        if length > limit { throw error(.lengthOverLimit(what: what, length: length, limit: limit)) }
        if length * minimumElementSize > remaining {
            throw error(.truncated(needed: length * minimumElementSize, remaining: remaining))
        }
        return length
    }

    /// A UA String; the null string is nil. Invalid UTF-8 is refused, not repaired.
    public mutating func readString() throws(UADecodingError) -> String? {
        guard let length = try readLength("string", limit: limits.maxStringLength) else { return nil }
        let at = offset
        guard let bytes = buffer.readBytes(length: length) else { throw error(.truncated(needed: length, remaining: remaining)) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw UADecodingError(.invalidValue("string is not valid UTF-8"), at: at)
        }
        return string
    }

    public mutating func readByteString() throws(UADecodingError) -> [UInt8]? {
        guard let length = try readLength("byte string", limit: limits.maxByteStringLength) else { return nil }
        return try readBytes(length)
    }

    public mutating func read<T: UABinaryDecodable>(_: T.Type = T.self) throws(UADecodingError) -> T {
        try T(from: &self)
    }

    /// An array of decodable values; each element takes at least one byte on the wire.
    public mutating func readArray<T: UABinaryDecodable>(_: T.Type = T.self) throws(UADecodingError) -> [T]? {
        guard let count = try readLength("array", limit: limits.maxArrayLength) else { return nil }
        var values: [T] = []
        // An element may take far more memory than its one byte on the wire: reserve no more
        // than the bytes left could fill, and let a genuinely long array grow as it decodes.
        values.reserveCapacity(Swift.min(count, remaining / Swift.max(MemoryLayout<T>.stride, 1)))
        for _ in 0..<count { values.append(try T(from: &self)) }
        return values
    }

    public mutating func readStrings() throws(UADecodingError) -> [String]? {
        guard let count = try readLength("array", limit: limits.maxArrayLength, minimumElementSize: 4) else { return nil }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString() ?? "") }
        return values
    }

    /// Runs `body` one nesting level deeper, refusing to go past the limit (a Variant holding a
    /// Variant holding a Variant… must not exhaust the stack).
    public mutating func nested<T>(_ body: (inout UABinaryReader) throws(UADecodingError) -> T) throws(UADecodingError) -> T {
        if depth >= limits.maxNestingDepth { throw error(.nestingTooDeep(limit: limits.maxNestingDepth)) }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }
}
