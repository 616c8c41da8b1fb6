import Foundation

/// The 25 built-in types a Variant can hold (OPC 10000-6 §5.1.2), by their type ids.
public enum UABuiltInType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case boolean = 1, sbyte, byte, int16, uint16, int32, uint32, int64, uint64, float, double, string, dateTime, guid
    case byteString, xmlElement, nodeId, expandedNodeId, statusCode, qualifiedName, localizedText, extensionObject
    case dataValue, variant, diagnosticInfo

    public var description: String {
        switch self {
        case .boolean: "Boolean"
        case .sbyte: "SByte"
        case .byte: "Byte"
        case .int16: "Int16"
        case .uint16: "UInt16"
        case .int32: "Int32"
        case .uint32: "UInt32"
        case .int64: "Int64"
        case .uint64: "UInt64"
        case .float: "Float"
        case .double: "Double"
        case .string: "String"
        case .dateTime: "DateTime"
        case .guid: "Guid"
        case .byteString: "ByteString"
        case .xmlElement: "XmlElement"
        case .nodeId: "NodeId"
        case .expandedNodeId: "ExpandedNodeId"
        case .statusCode: "StatusCode"
        case .qualifiedName: "QualifiedName"
        case .localizedText: "LocalizedText"
        case .extensionObject: "ExtensionObject"
        case .dataValue: "DataValue"
        case .variant: "Variant"
        case .diagnosticInfo: "DiagnosticInfo"
        }
    }

    /// Parses a type name as a commissioning engineer types it (`Double`, `int32`, `bool`).
    public init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "bool" { self = .boolean; return }
        guard let type = Self.allCases.first(where: { $0.description.lowercased() == lowered }) else { return nil }
        self = type
    }

    /// The fewest bytes one element of this type takes on the wire; bounds array allocation.
    var minimumEncodedSize: Int {
        switch self {
        case .boolean, .sbyte, .byte, .localizedText, .dataValue, .variant, .diagnosticInfo: 1
        case .int16, .uint16, .nodeId, .expandedNodeId: 2
        case .int32, .uint32, .float, .string, .byteString, .xmlElement, .statusCode: 4
        case .qualifiedName: 6
        case .int64, .uint64, .double, .dateTime: 8
        case .extensionObject: 3
        case .guid: 16
        }
    }
}

/// One value of a built-in type.
public indirect enum UAScalar: Hashable, Sendable, CustomStringConvertible {
    case boolean(Bool)
    case sbyte(Int8)
    case byte(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case float(Float)
    case double(Double)
    case string(String?)
    case dateTime(Date)
    case guid(UUID)
    case byteString([UInt8]?)
    case xmlElement(String?)
    case nodeId(NodeId)
    case expandedNodeId(ExpandedNodeId)
    case statusCode(StatusCode)
    case qualifiedName(QualifiedName)
    case localizedText(LocalizedText)
    case extensionObject(ExtensionObject)
    case dataValue(DataValue)
    case variant(Variant)
    case diagnosticInfo(DiagnosticInfo)

    public var type: UABuiltInType {
        switch self {
        case .boolean: .boolean
        case .sbyte: .sbyte
        case .byte: .byte
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        case .uint32: .uint32
        case .int64: .int64
        case .uint64: .uint64
        case .float: .float
        case .double: .double
        case .string: .string
        case .dateTime: .dateTime
        case .guid: .guid
        case .byteString: .byteString
        case .xmlElement: .xmlElement
        case .nodeId: .nodeId
        case .expandedNodeId: .expandedNodeId
        case .statusCode: .statusCode
        case .qualifiedName: .qualifiedName
        case .localizedText: .localizedText
        case .extensionObject: .extensionObject
        case .dataValue: .dataValue
        case .variant: .variant
        case .diagnosticInfo: .diagnosticInfo
        }
    }

    /// The value as a number when it is one (booleans count as 0/1), for process values and counters.
    public var doubleValue: Double? {
        switch self {
        case .boolean(let v): v ? 1 : 0
        case .sbyte(let v): Double(v)
        case .byte(let v): Double(v)
        case .int16(let v): Double(v)
        case .uint16(let v): Double(v)
        case .int32(let v): Double(v)
        case .uint32(let v): Double(v)
        case .int64(let v): Double(v)
        case .uint64(let v): Double(v)
        case .float(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .boolean(let v): "\(v)"
        case .sbyte(let v): "\(v)"
        case .byte(let v): "\(v)"
        case .int16(let v): "\(v)"
        case .uint16(let v): "\(v)"
        case .int32(let v): "\(v)"
        case .uint32(let v): "\(v)"
        case .int64(let v): "\(v)"
        case .uint64(let v): "\(v)"
        case .float(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v ?? "null"
        case .dateTime(let v): v.ISO8601Format(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        case .guid(let v): v.uuidString
        case .byteString(let v): v.map { "0x" + $0.map { String($0, radix: 16).leftPadded(to: 2) }.joined() } ?? "null"
        case .xmlElement(let v): v ?? "null"
        case .nodeId(let v): v.description
        case .expandedNodeId(let v): v.description
        case .statusCode(let v): v.description
        case .qualifiedName(let v): v.description
        case .localizedText(let v): v.description
        case .extensionObject(let v): "ExtensionObject(\(v.typeId))"
        case .dataValue(let v): v.value.description
        case .variant(let v): v.description
        case .diagnosticInfo: "DiagnosticInfo"
        }
    }

    func encodeBody(to writer: inout UABinaryWriter) {
        switch self {
        case .boolean(let v): writer.write(v)
        case .sbyte(let v): writer.write(v)
        case .byte(let v): writer.write(v)
        case .int16(let v): writer.write(v)
        case .uint16(let v): writer.write(v)
        case .int32(let v): writer.write(v)
        case .uint32(let v): writer.write(v)
        case .int64(let v): writer.write(v)
        case .uint64(let v): writer.write(v)
        case .float(let v): writer.write(v)
        case .double(let v): writer.write(v)
        case .string(let v): writer.write(v)
        case .dateTime(let v): writer.write(v)
        case .guid(let v): writer.write(v)
        case .byteString(let v): writer.writeByteString(v)
        case .xmlElement(let v): writer.write(v)
        case .nodeId(let v): writer.write(v)
        case .expandedNodeId(let v): writer.write(v)
        case .statusCode(let v): writer.write(v)
        case .qualifiedName(let v): writer.write(v)
        case .localizedText(let v): writer.write(v)
        case .extensionObject(let v): writer.write(v)
        case .dataValue(let v): writer.write(v)
        case .variant(let v): writer.write(v)
        case .diagnosticInfo(let v): writer.write(v)
        }
    }

    static func decodeBody(_ type: UABuiltInType, from reader: inout UABinaryReader) throws(UADecodingError) -> UAScalar {
        switch type {
        case .boolean: .boolean(try reader.readBool())
        case .sbyte: .sbyte(try reader.read())
        case .byte: .byte(try reader.read())
        case .int16: .int16(try reader.read())
        case .uint16: .uint16(try reader.read())
        case .int32: .int32(try reader.read())
        case .uint32: .uint32(try reader.read())
        case .int64: .int64(try reader.read())
        case .uint64: .uint64(try reader.read())
        case .float: .float(try reader.readFloat())
        case .double: .double(try reader.readDouble())
        case .string: .string(try reader.readString())
        case .dateTime: .dateTime(try reader.read())
        case .guid: .guid(try reader.read())
        case .byteString: .byteString(try reader.readByteString())
        case .xmlElement: .xmlElement(try reader.readString())
        case .nodeId: .nodeId(try reader.read())
        case .expandedNodeId: .expandedNodeId(try reader.read())
        case .statusCode: .statusCode(try reader.read())
        case .qualifiedName: .qualifiedName(try reader.read())
        case .localizedText: .localizedText(try reader.read())
        case .extensionObject: .extensionObject(try reader.nested { (r) throws(UADecodingError) in try ExtensionObject(from: &r) })
        case .dataValue: .dataValue(try reader.nested { (r) throws(UADecodingError) in try DataValue(from: &r) })
        case .variant: .variant(try reader.nested { (r) throws(UADecodingError) in try Variant(from: &r) })
        case .diagnosticInfo: .diagnosticInfo(try reader.nested { (r) throws(UADecodingError) in try DiagnosticInfo(from: &r) })
        }
    }
}

/// A value of any built-in type: empty, one scalar, a one-dimensional array or a matrix with
/// its dimensions (OPC 10000-6 §5.2.2.16). Array elements all have the array's type.
public enum Variant: Hashable, Sendable, CustomStringConvertible {
    case empty
    case scalar(UAScalar)
    case array(UABuiltInType, [UAScalar], dimensions: [Int32]? = nil)

    public static func double(_ value: Double) -> Variant { .scalar(.double(value)) }
    public static func int32(_ value: Int32) -> Variant { .scalar(.int32(value)) }
    public static func string(_ value: String) -> Variant { .scalar(.string(value)) }
    public static func boolean(_ value: Bool) -> Variant { .scalar(.boolean(value)) }
    public static func doubles(_ values: [Double]) -> Variant { .array(.double, values.map { .double($0) }) }

    public var scalar: UAScalar? {
        if case .scalar(let value) = self { return value }
        return nil
    }

    public var type: UABuiltInType? {
        switch self {
        case .empty: nil
        case .scalar(let value): value.type
        case .array(let type, _, _): type
        }
    }

    /// A numeric scalar as Double; nil for arrays, text and empty values.
    public var doubleValue: Double? { scalar?.doubleValue }

    /// A numeric array as Doubles; nil when any element is not a number.
    public var doubleValues: [Double]? {
        guard case .array(_, let elements, _) = self else { return nil }
        var values: [Double] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let value = element.doubleValue else { return nil }
            values.append(value)
        }
        return values
    }

    public var description: String {
        switch self {
        case .empty: "null"
        case .scalar(let value): value.description
        case .array(_, let elements, _):
            elements.count <= 8
                ? "[" + elements.map(\.description).joined(separator: ", ") + "]"
                : "[" + elements.prefix(4).map(\.description).joined(separator: ", ") + ", … (\(elements.count) elements)]"
        }
    }
}

extension Variant: UABinaryCodable {
    public func encode(to writer: inout UABinaryWriter) {
        switch self {
        case .empty: writer.write(UInt8(0))
        case .scalar(let value):
            writer.write(value.type.rawValue)
            value.encodeBody(to: &writer)
        case .array(let type, let elements, let dimensions):
            writer.write(type.rawValue | 0x80 | (dimensions == nil ? 0 : 0x40))
            writer.write(Int32(elements.count))
            for element in elements { element.encodeBody(to: &writer) }
            if let dimensions { writer.writeArray(dimensions) }
        }
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let mask = try reader.read(UInt8.self)
        let typeId = mask & 0x3F
        if typeId == 0 {
            if mask != 0 { throw reader.error(.invalidValue("empty Variant with array flags 0x\(String(mask, radix: 16))")) }
            self = .empty
            return
        }
        guard let type = UABuiltInType(rawValue: typeId) else {
            throw reader.error(.invalidValue("Variant of unknown built-in type \(typeId)"))
        }
        guard mask & 0x80 != 0 else {
            if mask & 0x40 != 0 { throw reader.error(.invalidValue("scalar Variant with array dimensions")) }
            if type == .variant { throw reader.error(.invalidValue("a Variant may not hold a scalar Variant")) }
            self = .scalar(try UAScalar.decodeBody(type, from: &reader))
            return
        }
        let count = try reader.readLength("Variant array", limit: reader.limits.maxArrayLength, minimumElementSize: type.minimumEncodedSize) ?? 0
        var elements: [UAScalar] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try UAScalar.decodeBody(type, from: &reader)) }
        var dimensions: [Int32]? = nil
        if mask & 0x40 != 0 {
            let dims = try reader.readArray(Int32.self) ?? []
            // The dimensions must describe the elements sent (OPC 10000-6 §5.2.2.16).
            var product = 1
            for dimension in dims {
                guard dimension >= 0 else { throw reader.error(.invalidValue("negative array dimension \(dimension)")) }
                product = product.multipliedReportingOverflow(by: Int(dimension)).overflow ? Int.max : product * Int(dimension)
            }
            if product != count { throw reader.error(.invalidValue("array dimensions \(dims) do not match its \(count) elements")) }
            dimensions = dims
        }
        self = .array(type, elements, dimensions: dimensions)
    }
}
