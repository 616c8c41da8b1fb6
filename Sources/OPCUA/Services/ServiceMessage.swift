import Foundation

/// A service request: the secure channel stamps its header and sends it in an
/// ExtensionObject-style envelope (the encoding's NodeId, then the body).
public protocol UARequest: UAStructure {
    associatedtype Response: UAResponse
    var requestHeader: RequestHeader { get set }
}

/// A service response; a ServiceFault may come instead of any of them.
public protocol UAResponse: UAStructure {
    var responseHeader: ResponseHeader { get }
}

/// Common parameters of every request (OPC 10000-4 §7.33).
public struct RequestHeader: Sendable, Hashable, UABinaryCodable {
    public var authenticationToken: NodeId
    public var timestamp: Date
    public var requestHandle: UInt32
    public var returnDiagnostics: UInt32
    public var auditEntryId: String?
    /// Milliseconds the client waits; the server may drop the request after it.
    public var timeoutHint: UInt32
    public var additionalHeader: ExtensionObject

    public init(
        authenticationToken: NodeId = .null, timestamp: Date = Date(), requestHandle: UInt32 = 0, returnDiagnostics: UInt32 = 0,
        auditEntryId: String? = nil, timeoutHint: UInt32 = 0, additionalHeader: ExtensionObject = .null
    ) {
        self.authenticationToken = authenticationToken
        self.timestamp = timestamp
        self.requestHandle = requestHandle
        self.returnDiagnostics = returnDiagnostics
        self.auditEntryId = auditEntryId
        self.timeoutHint = timeoutHint
        self.additionalHeader = additionalHeader
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(authenticationToken)
        writer.write(timestamp)
        writer.write(requestHandle)
        writer.write(returnDiagnostics)
        writer.write(auditEntryId)
        writer.write(timeoutHint)
        writer.write(additionalHeader)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        authenticationToken = try reader.read()
        timestamp = try reader.read()
        requestHandle = try reader.read()
        returnDiagnostics = try reader.read()
        auditEntryId = try reader.readString()
        timeoutHint = try reader.read()
        additionalHeader = try reader.read()
    }
}

/// Common parameters of every response (OPC 10000-4 §7.34).
public struct ResponseHeader: Sendable, Hashable, UABinaryCodable {
    public var timestamp: Date
    public var requestHandle: UInt32
    public var serviceResult: StatusCode
    public var serviceDiagnostics: DiagnosticInfo
    public var stringTable: [String]?
    public var additionalHeader: ExtensionObject

    public init(
        timestamp: Date = Date(), requestHandle: UInt32 = 0, serviceResult: StatusCode = .good, serviceDiagnostics: DiagnosticInfo = DiagnosticInfo(),
        stringTable: [String]? = nil, additionalHeader: ExtensionObject = .null
    ) {
        self.timestamp = timestamp
        self.requestHandle = requestHandle
        self.serviceResult = serviceResult
        self.serviceDiagnostics = serviceDiagnostics
        self.stringTable = stringTable
        self.additionalHeader = additionalHeader
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(timestamp)
        writer.write(requestHandle)
        writer.write(serviceResult)
        writer.write(serviceDiagnostics)
        writer.writeStrings(stringTable)
        writer.write(additionalHeader)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        timestamp = try reader.read()
        requestHandle = try reader.read()
        serviceResult = try reader.read()
        serviceDiagnostics = try reader.read()
        stringTable = try reader.readStrings()
        additionalHeader = try reader.read()
    }
}

/// What a server answers instead of a response when the whole service failed.
public struct ServiceFault: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(397)
    public var responseHeader: ResponseHeader

    public init(responseHeader: ResponseHeader) { self.responseHeader = responseHeader }
    public func encode(to writer: inout UABinaryWriter) { writer.write(responseHeader) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { responseHeader = try reader.read() }
}
