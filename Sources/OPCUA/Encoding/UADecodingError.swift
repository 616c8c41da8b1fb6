/// Why bytes could not be decoded, and where: the offset is counted from the start of the
/// message body being read, so a bad frame can be located in a capture.
public struct UADecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case truncated(needed: Int, remaining: Int)
        case lengthOverLimit(what: String, length: Int, limit: Int)
        case negativeLength(what: String, length: Int)
        case nestingTooDeep(limit: Int)
        case invalidValue(String)
        case trailingBytes(Int)
    }

    public let reason: Reason
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .truncated(let needed, let remaining):
            "at byte \(offset): message ends early (\(needed) bytes needed, \(remaining) left)"
        case .lengthOverLimit(let what, let length, let limit):
            "at byte \(offset): \(what) of length \(length) exceeds the limit of \(limit)"
        case .negativeLength(let what, let length):
            "at byte \(offset): \(what) has invalid length \(length)"
        case .nestingTooDeep(let limit):
            "at byte \(offset): values nested deeper than \(limit) levels"
        case .invalidValue(let text):
            "at byte \(offset): \(text)"
        case .trailingBytes(let count):
            "at byte \(offset): \(count) unexpected bytes after the value"
        }
    }
}

/// Bounds on what one message may make the decoder allocate; a peer (or a corrupted frame)
/// cannot make the client reserve more than these, whatever its length prefixes claim.
public struct UADecodingLimits: Sendable, Equatable {
    public var maxStringLength: Int
    public var maxByteStringLength: Int
    public var maxArrayLength: Int
    /// Variants in variants, DiagnosticInfos in DiagnosticInfos, ExtensionObjects in structures.
    public var maxNestingDepth: Int

    public init(maxStringLength: Int = 1 << 24, maxByteStringLength: Int = 1 << 26, maxArrayLength: Int = 1 << 22, maxNestingDepth: Int = 64) {
        self.maxStringLength = maxStringLength
        self.maxByteStringLength = maxByteStringLength
        self.maxArrayLength = maxArrayLength
        self.maxNestingDepth = maxNestingDepth
    }

    public static let `default` = UADecodingLimits()
}
