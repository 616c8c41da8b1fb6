import Foundation
import Hummingbird

/// Writes an `Encodable` as JSON bytes exactly as Foundation's `JSONEncoder` does with
/// `.iso8601` dates and `.sortedKeys` (a test compares the two byte for byte), but in one pass
/// into one buffer instead of through a tree of boxed values: response encoding was a quarter of
/// the CPU a read request costs (`reports/benchmarks/api.md`). No package offers this on Linux.
///
/// Objects are written in one pass when their keys arrive sorted; an object whose keys do not
/// (a dictionary, or properties declared out of order) is re-ordered when it closes.
public struct ResponseJSONEncoder: ResponseEncoder, Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONStreamWriter()
        try writer.write(value)
        return writer.out
    }

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The output and the containers open in it. A container closes when a write goes to one
/// nearer the root, or when the `encode(to:)` that opened it returns.
final class JSONStreamWriter {
    struct Container {
        let keyed: Bool
        /// The depth of the encoder that opened it directly, or -1 for a nested container.
        var owner = -1
        var count = 0
        /// Where this container's bytes start in `out`.
        let start: Int
        /// For objects: each member's key and where the member starts, to sort them at the end if needed.
        var members: [(key: String, start: Int)] = []
        var sorted = true
    }

    var out: [UInt8] = []
    var containers: [Container] = []

    init() { out.reserveCapacity(2_048) }

    func open(keyed: Bool, owner: Int = -1) -> Int {
        containers.append(Container(keyed: keyed, owner: owner, start: out.count))
        out.append(keyed ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return containers.count - 1
    }

    /// A member whose value was never written (an unused super-encoder) gets `{}`: a value never
    /// ends in a colon, so one at the end of the output is a key still waiting.
    func fillDanglingKey() {
        if out.last == UInt8(ascii: ":") { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
    }

    /// Closes every container above `index`.
    func close(above index: Int) {
        while containers.count - 1 > index {
            let container = containers.removeLast()
            fillDanglingKey()
            if container.keyed && !container.sorted { reorder(container) }
            out.append(container.keyed ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Rewrites an object's members in key order (its bytes run from its start to the end of `out`).
    private func reorder(_ container: Container) {
        let end = out.count
        var slices: [(key: String, bytes: ArraySlice<UInt8>)] = []
        for (index, member) in container.members.enumerated() {
            // A member runs to the comma before the next one (or to the end).
            let memberEnd = index + 1 < container.members.count ? container.members[index + 1].start - 1 : end
            slices.append((member.key, out[member.start..<memberEnd]))
        }
        slices.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var rewritten: [UInt8] = []
        rewritten.reserveCapacity(end - container.start)
        rewritten.append(UInt8(ascii: "{"))
        for (index, slice) in slices.enumerated() {
            if index > 0 { rewritten.append(UInt8(ascii: ",")) }
            rewritten.append(contentsOf: slice.bytes)
        }
        out.replaceSubrange(container.start..<end, with: rewritten)
    }

    /// Starts a member of the object at `index`: comma, key, colon.
    func key(_ key: String, in index: Int) {
        close(above: index)
        fillDanglingKey()
        if containers[index].count > 0 { out.append(UInt8(ascii: ",")) }
        if let last = containers[index].members.last, !last.key.utf8.lexicographicallyPrecedes(key.utf8) { containers[index].sorted = false }
        containers[index].members.append((key, out.count))
        containers[index].count += 1
        Self.appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Starts an element of the array at `index`.
    func element(in index: Int) {
        close(above: index)
        if containers[index].count > 0 { out.append(UInt8(ascii: ",")) }
        containers[index].count += 1
    }

    /// Writes one value, closing whatever its encoding opened; a value that writes nothing is `{}`.
    func write<T: Encodable>(_ value: T) throws {
        if try primitive(value) { return }
        if let direct = value as? any DirectJSONWritable {
            direct.writeJSON(to: self)
            return
        }
        let depth = containers.count
        let before = out.count
        try value.encode(to: StreamEncoder(writer: self, depth: depth))
        close(above: depth - 1)
        if out.count == before { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
    }

    func primitive<T: Encodable>(_ value: T) throws -> Bool {
        switch value {
        case let string as String: Self.appendString(string, to: &out)
        case let number as Int: out.append(contentsOf: String(number).utf8)
        case let number as Double: try Self.appendDouble(number, to: &out)
        case let flag as Bool: out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let date as Date: Self.appendString(date.formatted(Self.iso8601), to: &out)
        case let number as Int64: out.append(contentsOf: String(number).utf8)
        case let number as UInt64: out.append(contentsOf: String(number).utf8)
        case let number as Int32: out.append(contentsOf: String(number).utf8)
        case let number as Int16: out.append(contentsOf: String(number).utf8)
        case let number as Int8: out.append(contentsOf: String(number).utf8)
        case let number as UInt: out.append(contentsOf: String(number).utf8)
        case let number as UInt32: out.append(contentsOf: String(number).utf8)
        case let number as UInt16: out.append(contentsOf: String(number).utf8)
        case let number as UInt8: out.append(contentsOf: String(number).utf8)
        case let number as Decimal: out.append(contentsOf: number.description.utf8)
        case let number as Float: try Self.appendDouble(Double(number), text: number.description, to: &out)
        case let url as URL: Self.appendString(url.absoluteString, to: &out)
        case let data as Data: Self.appendString(data.base64EncodedString(), to: &out)
        default: return false
        }
        return true
    }

    static let iso8601 = Date.ISO8601FormatStyle()

    static func appendDouble(_ number: Double, text: String? = nil, to out: inout [UInt8]) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "\(number) is not valid in JSON"))
        }
        var string = text ?? number.description
        if string.hasSuffix(".0") { string.removeLast(2) }
        out.append(contentsOf: string.utf8)
    }

    /// A JSON string as JSONEncoder writes it: quotes, backslashes, slashes and control characters escaped.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            for byte in bytes {
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
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A response type on the hot path that writes its own JSON — the same bytes its `Codable`
/// conformance gives through JSONEncoder (the encoder test compares them), without the
/// generic container machinery.
protocol DirectJSONWritable {
    func writeJSON(to writer: JSONStreamWriter)
}

extension JSONStreamWriter {
    /// An object of members written in the order given, which must be key order.
    struct ObjectWriter {
        let writer: JSONStreamWriter
        var first = true

        mutating func key(_ key: StaticString) {
            if !first { writer.out.append(UInt8(ascii: ",")) }
            first = false
            writer.out.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { writer.out.append(contentsOf: $0) }
            writer.out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }

        mutating func string(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            self.key(key)
            JSONStreamWriter.appendString(value, to: &writer.out)
        }

        mutating func int(_ key: StaticString, _ value: Int) {
            self.key(key)
            writer.out.append(contentsOf: String(value).utf8)
        }

        mutating func date(_ key: StaticString, _ value: Date?) {
            guard let value else { return }
            self.key(key)
            JSONStreamWriter.appendString(value.formatted(JSONStreamWriter.iso8601), to: &writer.out)
        }

        mutating func strings(_ key: StaticString, _ values: [String]) {
            self.key(key)
            writer.out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { writer.out.append(UInt8(ascii: ",")) }
                JSONStreamWriter.appendString(value, to: &writer.out)
            }
            writer.out.append(UInt8(ascii: "]"))
        }
    }

    func object(_ body: (inout ObjectWriter) -> Void) {
        out.append(UInt8(ascii: "{"))
        var object = ObjectWriter(writer: self)
        body(&object)
        out.append(UInt8(ascii: "}"))
    }
}

/// The `Encoder` handed to a value whose containers open at `depth`.
struct StreamEncoder: Encoder {
    let writer: JSONStreamWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Asked again (a subclass after its superclass), the same object goes on.
        if writer.containers.count > depth, writer.containers[depth].keyed, writer.containers[depth].owner == depth {
            writer.close(above: depth)
            return KeyedEncodingContainer(StreamKeyed<Key>(writer: writer, index: depth))
        }
        writer.close(above: depth - 1)
        return KeyedEncodingContainer(StreamKeyed<Key>(writer: writer, index: writer.open(keyed: true, owner: depth)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.close(above: depth - 1)
        return StreamUnkeyed(writer: writer, index: writer.open(keyed: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { StreamSingle(writer: writer, depth: depth) }
}

struct StreamKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let index: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        writer.key(key.stringValue, in: index)
        writer.out.append(contentsOf: "null".utf8)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.key(key.stringValue, in: index)
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.key(key.stringValue, in: index)
        return KeyedEncodingContainer(StreamKeyed<NestedKey>(writer: writer, index: writer.open(keyed: true)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.key(key.stringValue, in: index)
        return StreamUnkeyed(writer: writer, index: writer.open(keyed: false))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    /// The value must be encoded before the container is used again (every type the API returns
    /// encodes in one pass); a super-encoder left unused writes `{}`.
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.key(key.stringValue, in: index)
        return StreamEncoder(writer: writer, depth: index + 1)
    }
}

struct StreamUnkeyed: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let index: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.containers[index].count }

    mutating func encodeNil() throws {
        writer.element(in: index)
        writer.out.append(contentsOf: "null".utf8)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.element(in: index)
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.element(in: index)
        return KeyedEncodingContainer(StreamKeyed<NestedKey>(writer: writer, index: writer.open(keyed: true)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.element(in: index)
        return StreamUnkeyed(writer: writer, index: writer.open(keyed: false))
    }

    mutating func superEncoder() -> any Encoder {
        writer.element(in: index)
        return StreamEncoder(writer: writer, depth: index + 1)
    }
}

struct StreamSingle: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws {
        writer.close(above: depth - 1)
        writer.out.append(contentsOf: "null".utf8)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.close(above: depth - 1)
        try writer.write(value)
    }
}
