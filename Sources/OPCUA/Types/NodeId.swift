import Foundation

/// Identifies a node in a server's address space: a namespace index and a numeric, string,
/// GUID or opaque identifier. Written as in OPC 10000-6 §5.3.1.10: `i=85`, `ns=2;s=Lathe.State`,
/// `ns=1;g=…`, `ns=1;b=<base64>`.
public struct NodeId: Hashable, Sendable, CustomStringConvertible {
    public enum Identifier: Hashable, Sendable {
        case numeric(UInt32)
        case string(String)
        case guid(UUID)
        case opaque([UInt8])
    }

    public var namespace: UInt16
    public var identifier: Identifier

    public init(namespace: UInt16 = 0, _ identifier: Identifier) {
        self.namespace = namespace
        self.identifier = identifier
    }

    public static func numeric(_ value: UInt32, namespace: UInt16 = 0) -> NodeId { NodeId(namespace: namespace, .numeric(value)) }
    public static func string(_ value: String, namespace: UInt16) -> NodeId { NodeId(namespace: namespace, .string(value)) }

    /// The null NodeId (`i=0`).
    public static let null = NodeId.numeric(0)
    public var isNull: Bool {
        switch identifier {
        case .numeric(let value): namespace == 0 && value == 0
        case .string(let value): namespace == 0 && value.isEmpty
        case .guid(let value): namespace == 0 && value == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        case .opaque(let value): namespace == 0 && value.isEmpty
        }
    }

    public var description: String {
        let prefix = namespace == 0 ? "" : "ns=\(namespace);"
        return prefix + Self.identifierText(identifier)
    }

    static func identifierText(_ identifier: Identifier) -> String {
        switch identifier {
        case .numeric(let value): "i=\(value)"
        case .string(let value): "s=\(value)"
        case .guid(let value): "g=\(value.uuidString)"
        case .opaque(let value): "b=\(Data(value).base64EncodedString())"
        }
    }

    /// Parses `[ns=N;]i=…|s=…|g=…|b=…`; nil when the text is not a NodeId.
    public init?(_ text: String) {
        var rest = Substring(text)
        var namespace: UInt16 = 0
        if rest.hasPrefix("ns=") {
            guard let semicolon = rest.firstIndex(of: ";"), let index = UInt16(rest[rest.index(rest.startIndex, offsetBy: 3)..<semicolon]) else {
                return nil
            }
            namespace = index
            rest = rest[rest.index(after: semicolon)...]
        }
        guard let identifier = Self.parseIdentifier(rest) else { return nil }
        self.init(namespace: namespace, identifier)
    }

    static func parseIdentifier(_ text: Substring) -> Identifier? {
        guard text.count >= 2, text.dropFirst().first == "=" else { return nil }
        let value = String(text.dropFirst(2))
        switch text.first {
        case "i": return UInt32(value).map { .numeric($0) }
        case "s": return .string(value)
        case "g": return UUID(uuidString: value).map { .guid($0) }
        case "b": return Data(base64Encoded: value).map { .opaque(Array($0)) }
        default: return nil
        }
    }
}

extension NodeId: UABinaryCodable {
    /// The smallest of the six encodings that holds the value (TwoByte, FourByte, Numeric,
    /// String, Guid, ByteString); `flags` are ExpandedNodeId's bits in the same byte.
    func encode(to writer: inout UABinaryWriter, flags: UInt8) {
        switch identifier {
        case .numeric(let value) where namespace == 0 && value <= 0xFF:
            writer.write(flags | 0x00)
            writer.write(UInt8(value))
        case .numeric(let value) where namespace <= 0xFF && value <= 0xFFFF:
            writer.write(flags | 0x01)
            writer.write(UInt8(namespace))
            writer.write(UInt16(value))
        case .numeric(let value):
            writer.write(flags | 0x02)
            writer.write(namespace)
            writer.write(value)
        case .string(let value):
            writer.write(flags | 0x03)
            writer.write(namespace)
            writer.write(value)
        case .guid(let value):
            writer.write(flags | 0x04)
            writer.write(namespace)
            writer.write(value)
        case .opaque(let value):
            writer.write(flags | 0x05)
            writer.write(namespace)
            writer.writeByteString(value)
        }
    }

    public func encode(to writer: inout UABinaryWriter) { encode(to: &writer, flags: 0) }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let encoding = try reader.read(UInt8.self)
        if encoding & 0xC0 != 0 { throw reader.error(.invalidValue("NodeId with ExpandedNodeId flags 0x\(String(encoding, radix: 16))")) }
        try self.init(from: &reader, encoding: encoding)
    }

    init(from reader: inout UABinaryReader, encoding: UInt8) throws(UADecodingError) {
        switch encoding & 0x3F {
        case 0x00: self.init(namespace: 0, .numeric(UInt32(try reader.read(UInt8.self))))
        case 0x01:
            let namespace = UInt16(try reader.read(UInt8.self))
            self.init(namespace: namespace, .numeric(UInt32(try reader.read(UInt16.self))))
        case 0x02:
            let namespace = try reader.read(UInt16.self)
            self.init(namespace: namespace, .numeric(try reader.read(UInt32.self)))
        case 0x03:
            let namespace = try reader.read(UInt16.self)
            self.init(namespace: namespace, .string(try reader.readString() ?? ""))
        case 0x04:
            let namespace = try reader.read(UInt16.self)
            self.init(namespace: namespace, .guid(try reader.read(UUID.self)))
        case 0x05:
            let namespace = try reader.read(UInt16.self)
            self.init(namespace: namespace, .opaque(try reader.readByteString() ?? []))
        default:
            throw reader.error(.invalidValue("unknown NodeId encoding 0x\(String(encoding, radix: 16))"))
        }
    }
}

/// A NodeId that may name its namespace by URI instead of index, and another server
/// (OPC 10000-6 §5.2.2.10). Text form: `nsu=urn:…;s=…` or a plain NodeId.
public struct ExpandedNodeId: Hashable, Sendable, CustomStringConvertible {
    public var nodeId: NodeId
    public var namespaceURI: String?
    public var serverIndex: UInt32

    public init(_ nodeId: NodeId, namespaceURI: String? = nil, serverIndex: UInt32 = 0) {
        self.nodeId = nodeId
        self.namespaceURI = namespaceURI
        self.serverIndex = serverIndex
    }

    public var description: String {
        var text = serverIndex == 0 ? "" : "svr=\(serverIndex);"
        if let namespaceURI { text += "nsu=\(namespaceURI);" + NodeId.identifierText(nodeId.identifier) } else { text += nodeId.description }
        return text
    }

    /// Parses `[svr=N;][nsu=URI;|ns=N;]i=…|s=…|g=…|b=…`.
    public init?(_ text: String) {
        var rest = Substring(text)
        var serverIndex: UInt32 = 0
        if rest.hasPrefix("svr=") {
            guard let semicolon = rest.firstIndex(of: ";"), let index = UInt32(rest[rest.index(rest.startIndex, offsetBy: 4)..<semicolon]) else { return nil }
            serverIndex = index
            rest = rest[rest.index(after: semicolon)...]
        }
        if rest.hasPrefix("nsu=") {
            // A URI may itself hold ';' only if escaped; the identifier starts at the last ";x=".
            guard let range = rest.range(of: ";", options: .backwards), let identifier = NodeId.parseIdentifier(rest[range.upperBound...]) else {
                return nil
            }
            let uri = String(rest[rest.index(rest.startIndex, offsetBy: 4)..<range.lowerBound])
            guard !uri.isEmpty else { return nil }
            self.init(NodeId(namespace: 0, identifier), namespaceURI: uri, serverIndex: serverIndex)
        } else {
            guard let nodeId = NodeId(String(rest)) else { return nil }
            self.init(nodeId, serverIndex: serverIndex)
        }
    }
}

extension ExpandedNodeId: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) {
        var flags: UInt8 = 0
        if namespaceURI != nil { flags |= 0x80 }
        if serverIndex != 0 { flags |= 0x40 }
        nodeId.encode(to: &writer, flags: flags)
        if let namespaceURI { writer.write(namespaceURI) }
        if serverIndex != 0 { writer.write(serverIndex) }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let encoding = try reader.read(UInt8.self)
        let nodeId = try NodeId(from: &reader, encoding: encoding)
        let uri = encoding & 0x80 != 0 ? try reader.readString() : nil
        let server = encoding & 0x40 != 0 ? try reader.read(UInt32.self) : 0
        self.init(nodeId, namespaceURI: uri, serverIndex: server)
    }
}
