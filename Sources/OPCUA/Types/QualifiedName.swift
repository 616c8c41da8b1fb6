/// A browse name: a namespace index and a name (OPC 10000-3 §8.3). Text form `2:Lathe`.
public struct QualifiedName: Hashable, Sendable, CustomStringConvertible, UABinaryCodable {
    public var namespace: UInt16
    public var name: String?

    public init(namespace: UInt16 = 0, _ name: String?) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { namespace == 0 ? (name ?? "") : "\(namespace):\(name ?? "")" }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(namespace)
        writer.write(name)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        namespace = try reader.read()
        name = try reader.readString()
    }
}

/// Human-readable text with its locale (OPC 10000-3 §8.5); either part may be absent.
public struct LocalizedText: Hashable, Sendable, CustomStringConvertible, UABinaryCodable {
    public var locale: String?
    public var text: String?

    public init(locale: String? = nil, _ text: String?) {
        self.locale = locale
        self.text = text
    }

    public var description: String { text ?? "" }

    public func encode(to writer: inout UABinaryWriter) {
        var mask: UInt8 = 0
        if locale != nil { mask |= 0x01 }
        if text != nil { mask |= 0x02 }
        writer.write(mask)
        if let locale { writer.write(locale) }
        if let text { writer.write(text) }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let mask = try reader.read(UInt8.self)
        locale = mask & 0x01 != 0 ? try reader.readString() : nil
        text = mask & 0x02 != 0 ? try reader.readString() : nil
    }
}
