import Foundation
import Hummingbird

/// Writes an `Encodable` as JSON bytes exactly as Foundation's `JSONEncoder` does with
/// `.iso8601` dates and `.sortedKeys` (a test compares the two byte for byte), but straight
/// into buffers instead of through a tree of boxed values: response encoding was a quarter of
/// the CPU a read request costs (`reports/benchmarks/api.md`). No package offers this on Linux.
public struct ResponseJSONEncoder: ResponseEncoder, Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try JSONFrameWriter().value(value, codingPath: [])
    }

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The containers open while a value encodes: each keyed one collects its members to write them
/// sorted when it closes, each unkeyed one its elements. A container closes when a write goes
/// to one nearer the root, or when the `encode(to:)` that opened it returns.
final class JSONFrameWriter {
    final class Frame {
        let keyed: Bool
        /// Holds one value's encoding rather than an array (what an `Encoder` writes into).
        let single: Bool
        var members: [(key: String, bytes: [UInt8])] = []
        var elements: [[UInt8]] = []
        /// Where the finished bytes go: a member of the frame below, an element of it, or the result.
        let destination: Destination

        init(keyed: Bool, single: Bool, destination: Destination) {
            self.keyed = keyed
            self.single = single
            self.destination = destination
        }

        func bytes() -> [UInt8] {
            if single { return elements.first ?? Array("{}".utf8) }
            var out: [UInt8] = []
            if keyed {
                out.append(UInt8(ascii: "{"))
                for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONFrameWriter.appendString(member.key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    out.append(contentsOf: member.bytes)
                }
                out.append(UInt8(ascii: "}"))
            } else {
                out.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: element)
                }
                out.append(UInt8(ascii: "]"))
            }
            return out
        }
    }

    enum Destination {
        case member(frame: Int, key: String)
        case element(frame: Int)
        case result
    }

    var frames: [Frame] = []
    var result: [UInt8]?

    /// Opens a container whose bytes go to `destination`; returns its index.
    func open(keyed: Bool, single: Bool = false, destination: Destination) -> Int {
        frames.append(Frame(keyed: keyed, single: single, destination: destination))
        return frames.count - 1
    }

    /// Finishes every container above `index`, handing each its place below.
    func close(above index: Int) {
        while frames.count - 1 > index {
            let frame = frames.removeLast()
            deliver(frame.bytes(), to: frame.destination)
        }
    }

    func deliver(_ bytes: [UInt8], to destination: Destination) {
        switch destination {
        case .member(let frame, let key): frames[frame].members.append((key, bytes))
        case .element(let frame): frames[frame].elements.append(bytes)
        case .result: result = bytes
        }
    }

    /// The bytes of one value, with every container its encoding opened closed again.
    func value<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> [UInt8] {
        if let bytes = try Self.primitive(value) { return bytes }
        let saved = result
        defer { result = saved }
        result = nil
        let sink = open(keyed: false, single: true, destination: .result)
        try value.encode(to: FrameEncoder(writer: self, codingPath: codingPath, sink: sink))
        close(above: sink - 1)
        return result ?? Array("{}".utf8)
    }

    static func primitive<T: Encodable>(_ value: T) throws -> [UInt8]? {
        switch value {
        case let string as String:
            var out: [UInt8] = []
            appendString(string, to: &out)
            return out
        case let number as Int: return Array(String(number).utf8)
        case let number as Double: return try double(number)
        case let flag as Bool: return Array((flag ? "true" : "false").utf8)
        case let date as Date:
            var out: [UInt8] = []
            appendString(date.formatted(iso8601), to: &out)
            return out
        case let number as Int64: return Array(String(number).utf8)
        case let number as UInt64: return Array(String(number).utf8)
        case let number as Int32: return Array(String(number).utf8)
        case let number as Float: return try double(Double(number), text: number.description)
        case let url as URL:
            var out: [UInt8] = []
            appendString(url.absoluteString, to: &out)
            return out
        case let data as Data:
            var out: [UInt8] = []
            appendString(data.base64EncodedString(), to: &out)
            return out
        default: return nil
        }
    }

    static let iso8601 = Date.ISO8601FormatStyle()

    static func double(_ number: Double, text: String? = nil) throws -> [UInt8] {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "\(number) is not valid in JSON"))
        }
        var string = text ?? number.description
        if string.hasSuffix(".0") { string.removeLast(2) }
        return Array(string.utf8)
    }

    /// A JSON string as JSONEncoder writes it: quotes, backslashes, slashes and control characters escaped.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0c: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0a: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The `Encoder` handed to each value: its containers are frames of the writer, delivering into `sink`.
struct FrameEncoder: Encoder {
    let writer: JSONFrameWriter
    let codingPath: [any CodingKey]
    let sink: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.close(above: sink)
        let frame = writer.open(keyed: true, destination: .element(frame: sink))
        return KeyedEncodingContainer(KeyedFrame<Key>(writer: writer, frame: frame, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.close(above: sink)
        let frame = writer.open(keyed: false, destination: .element(frame: sink))
        return UnkeyedFrame(writer: writer, frame: frame, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleFrame(writer: writer, sink: sink, codingPath: codingPath)
    }
}

struct KeyedFrame<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONFrameWriter
    let frame: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        writer.close(above: frame)
        writer.frames[frame].members.append((key.stringValue, Array("null".utf8)))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.close(above: frame)
        let bytes = try writer.value(value, codingPath: codingPath + [key])
        writer.frames[frame].members.append((key.stringValue, bytes))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.close(above: frame)
        let nested = writer.open(keyed: true, destination: .member(frame: frame, key: key.stringValue))
        return KeyedEncodingContainer(KeyedFrame<NestedKey>(writer: writer, frame: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.close(above: frame)
        let nested = writer.open(keyed: false, destination: .member(frame: frame, key: key.stringValue))
        return UnkeyedFrame(writer: writer, frame: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.close(above: frame)
        let nested = writer.open(keyed: false, single: true, destination: .member(frame: frame, key: key.stringValue))
        return FrameEncoder(writer: writer, codingPath: codingPath + [key], sink: nested)
    }
}

struct UnkeyedFrame: UnkeyedEncodingContainer {
    let writer: JSONFrameWriter
    let frame: Int
    let codingPath: [any CodingKey]
    var count: Int { writer.frames[frame].elements.count }

    mutating func encodeNil() throws {
        writer.close(above: frame)
        writer.frames[frame].elements.append(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.close(above: frame)
        let bytes = try writer.value(value, codingPath: codingPath)
        writer.frames[frame].elements.append(bytes)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.close(above: frame)
        let nested = writer.open(keyed: true, destination: .element(frame: frame))
        return KeyedEncodingContainer(KeyedFrame<NestedKey>(writer: writer, frame: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.close(above: frame)
        let nested = writer.open(keyed: false, destination: .element(frame: frame))
        return UnkeyedFrame(writer: writer, frame: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        writer.close(above: frame)
        let nested = writer.open(keyed: false, single: true, destination: .element(frame: frame))
        return FrameEncoder(writer: writer, codingPath: codingPath, sink: nested)
    }
}

struct SingleFrame: SingleValueEncodingContainer {
    let writer: JSONFrameWriter
    let sink: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        writer.close(above: sink)
        writer.frames[sink].elements.append(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.close(above: sink)
        let bytes = try writer.value(value, codingPath: codingPath)
        writer.frames[sink].elements.append(bytes)
    }
}
