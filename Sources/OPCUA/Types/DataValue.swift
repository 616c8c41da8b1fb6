import Foundation

/// A value with its status and timestamps (OPC 10000-4 §7.11); a Bad status travels with the
/// value rather than as an error, so a failed sensor is data, not an exception.
public struct DataValue: Hashable, Sendable, CustomStringConvertible {
    public var value: Variant
    public var status: StatusCode
    public var sourceTimestamp: Date?
    public var sourcePicoseconds: UInt16?
    public var serverTimestamp: Date?
    public var serverPicoseconds: UInt16?

    public init(
        value: Variant = .empty, status: StatusCode = .good, sourceTimestamp: Date? = nil, sourcePicoseconds: UInt16? = nil,
        serverTimestamp: Date? = nil, serverPicoseconds: UInt16? = nil
    ) {
        self.value = value
        self.status = status
        self.sourceTimestamp = sourceTimestamp
        self.sourcePicoseconds = sourcePicoseconds
        self.serverTimestamp = serverTimestamp
        self.serverPicoseconds = serverPicoseconds
    }

    public var description: String { "\(value) [\(status)]" }
}

extension DataValue: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) {
        var mask: UInt8 = 0
        if value != .empty { mask |= 0x01 }
        if status != .good { mask |= 0x02 }
        if sourceTimestamp != nil { mask |= 0x04 }
        if serverTimestamp != nil { mask |= 0x08 }
        if sourcePicoseconds != nil { mask |= 0x10 }
        if serverPicoseconds != nil { mask |= 0x20 }
        writer.write(mask)
        if value != .empty { writer.write(value) }
        if status != .good { writer.write(status) }
        if let sourceTimestamp { writer.write(sourceTimestamp) }
        if let sourcePicoseconds { writer.write(sourcePicoseconds) }
        if let serverTimestamp { writer.write(serverTimestamp) }
        if let serverPicoseconds { writer.write(serverPicoseconds) }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let mask = try reader.read(UInt8.self)
        value = mask & 0x01 != 0 ? try reader.nested { (r) throws(UADecodingError) in try Variant(from: &r) } : .empty
        status = mask & 0x02 != 0 ? try reader.read() : .good
        sourceTimestamp = mask & 0x04 != 0 ? try reader.read(Date.self) : nil
        sourcePicoseconds = mask & 0x10 != 0 ? try reader.read(UInt16.self) : nil
        serverTimestamp = mask & 0x08 != 0 ? try reader.read(Date.self) : nil
        serverPicoseconds = mask & 0x20 != 0 ? try reader.read(UInt16.self) : nil
    }
}

/// Vendor diagnostics attached to a result (OPC 10000-4 §7.12); indexes into the response's
/// string table, and possibly an inner diagnostic.
public struct DiagnosticInfo: Hashable, Sendable, UABinaryCodable {
    public var symbolicId: Int32?
    public var namespaceURI: Int32?
    public var locale: Int32?
    public var localizedText: Int32?
    public var additionalInfo: String?
    public var innerStatusCode: StatusCode?
    public var innerDiagnosticInfo: Box?

    /// Indirection for the recursive inner diagnostic.
    public final class Box: Hashable, Sendable {
        public let value: DiagnosticInfo
        public init(_ value: DiagnosticInfo) { self.value = value }
        public static func == (lhs: Box, rhs: Box) -> Bool { lhs.value == rhs.value }
        public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }

    public init() {}

    public func encode(to writer: inout UABinaryWriter) {
        var mask: UInt8 = 0
        if symbolicId != nil { mask |= 0x01 }
        if namespaceURI != nil { mask |= 0x02 }
        if localizedText != nil { mask |= 0x04 }
        if locale != nil { mask |= 0x08 }
        if additionalInfo != nil { mask |= 0x10 }
        if innerStatusCode != nil { mask |= 0x20 }
        if innerDiagnosticInfo != nil { mask |= 0x40 }
        writer.write(mask)
        if let symbolicId { writer.write(symbolicId) }
        if let namespaceURI { writer.write(namespaceURI) }
        if let locale { writer.write(locale) }
        if let localizedText { writer.write(localizedText) }
        if let additionalInfo { writer.write(additionalInfo) }
        if let innerStatusCode { writer.write(innerStatusCode) }
        if let innerDiagnosticInfo { writer.write(innerDiagnosticInfo.value) }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let mask = try reader.read(UInt8.self)
        symbolicId = mask & 0x01 != 0 ? try reader.read(Int32.self) : nil
        namespaceURI = mask & 0x02 != 0 ? try reader.read(Int32.self) : nil
        locale = mask & 0x08 != 0 ? try reader.read(Int32.self) : nil
        localizedText = mask & 0x04 != 0 ? try reader.read(Int32.self) : nil
        additionalInfo = mask & 0x10 != 0 ? try reader.readString() : nil
        innerStatusCode = mask & 0x20 != 0 ? try reader.read(StatusCode.self) : nil
        innerDiagnosticInfo = mask & 0x40 != 0 ? Box(try reader.nested { (r) throws(UADecodingError) in try DiagnosticInfo(from: &r) }) : nil
    }
}
