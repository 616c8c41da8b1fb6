// Attribute service set (OPC 10000-4 §5.10): Read and Write.

/// The attributes of a node (OPC 10000-6 §A.1); Read and Write name the attribute by this id.
public enum AttributeId: UInt32, UAEnumeration, CaseIterable {
    case nodeId = 1, nodeClass = 2, browseName = 3, displayName = 4, description = 5, writeMask = 6, userWriteMask = 7, isAbstract = 8, symmetric = 9, inverseName = 10, containsNoLoops = 11, eventNotifier = 12, value = 13, dataType = 14, valueRank = 15, arrayDimensions = 16, accessLevel = 17, userAccessLevel = 18, minimumSamplingInterval = 19, historizing = 20, executable = 21, userExecutable = 22, dataTypeDefinition = 23, rolePermissions = 24, userRolePermissions = 25, accessRestrictions = 26, accessLevelEx = 27
    public static let typeName = "AttributeId"
}

/// Which timestamps the server returns with values (OPC 10000-4 §7.40).
public enum TimestampsToReturn: UInt32, UAEnumeration, CaseIterable {
    case source = 0, server = 1, both = 2, neither = 3, invalid = 4
    public static let typeName = "TimestampsToReturn"
}

/// One attribute to read or monitor (OPC 10000-4 §7.29).
public struct ReadValueId: UABinaryCodable, Sendable, Hashable {
    public var nodeId: NodeId
    public var attributeId: AttributeId
    /// A NumericRange such as "1:3", or nil for the whole value.
    public var indexRange: String?
    /// The encoding to return structured values in; null means the default.
    public var dataEncoding: QualifiedName

    public init(
        nodeId: NodeId, attributeId: AttributeId = .value, indexRange: String? = nil, dataEncoding: QualifiedName = QualifiedName(nil)
    ) {
        self.nodeId = nodeId
        self.attributeId = attributeId
        self.indexRange = indexRange
        self.dataEncoding = dataEncoding
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(nodeId)
        writer.write(attributeId)
        writer.write(indexRange)
        writer.write(dataEncoding)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        nodeId = try reader.read()
        attributeId = try reader.read()
        indexRange = try reader.readString()
        dataEncoding = try reader.read()
    }
}

/// Reads attributes of nodes (OPC 10000-4 §5.10.2).
public struct ReadRequest: UARequest, Hashable {
    public typealias Response = ReadResponse
    public static let binaryEncodingId = NodeId.numeric(631)
    public var requestHeader: RequestHeader
    /// Milliseconds; 0 asks for a fresh value from the device.
    public var maxAge: Double
    public var timestampsToReturn: TimestampsToReturn
    public var nodesToRead: [ReadValueId]

    public init(
        requestHeader: RequestHeader = RequestHeader(), maxAge: Double = 0, timestampsToReturn: TimestampsToReturn = .both,
        nodesToRead: [ReadValueId] = []
    ) {
        self.requestHeader = requestHeader
        self.maxAge = maxAge
        self.timestampsToReturn = timestampsToReturn
        self.nodesToRead = nodesToRead
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(maxAge)
        writer.write(timestampsToReturn)
        writer.writeArray(nodesToRead)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        maxAge = try reader.read()
        timestampsToReturn = try reader.read()
        nodesToRead = try reader.readArray(ReadValueId.self) ?? []
    }
}

public struct ReadResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(634)
    public var responseHeader: ResponseHeader
    public var results: [DataValue]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(responseHeader: ResponseHeader = ResponseHeader(), results: [DataValue] = [], diagnosticInfos: [DiagnosticInfo] = []) {
        self.responseHeader = responseHeader
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        results = try reader.readArray(DataValue.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// One attribute value to write (OPC 10000-4 §5.10.4).
public struct WriteValue: UABinaryCodable, Sendable, Hashable {
    public var nodeId: NodeId
    public var attributeId: AttributeId
    public var indexRange: String?
    public var value: DataValue

    public init(nodeId: NodeId, attributeId: AttributeId = .value, indexRange: String? = nil, value: DataValue) {
        self.nodeId = nodeId
        self.attributeId = attributeId
        self.indexRange = indexRange
        self.value = value
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(nodeId)
        writer.write(attributeId)
        writer.write(indexRange)
        writer.write(value)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        nodeId = try reader.read()
        attributeId = try reader.read()
        indexRange = try reader.readString()
        value = try reader.read()
    }
}

/// Writes attributes of nodes (OPC 10000-4 §5.10.4).
public struct WriteRequest: UARequest, Hashable {
    public typealias Response = WriteResponse
    public static let binaryEncodingId = NodeId.numeric(673)
    public var requestHeader: RequestHeader
    public var nodesToWrite: [WriteValue]

    public init(requestHeader: RequestHeader = RequestHeader(), nodesToWrite: [WriteValue] = []) {
        self.requestHeader = requestHeader
        self.nodesToWrite = nodesToWrite
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(nodesToWrite)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        nodesToWrite = try reader.readArray(WriteValue.self) ?? []
    }
}

public struct WriteResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(676)
    public var responseHeader: ResponseHeader
    public var results: [StatusCode]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(responseHeader: ResponseHeader = ResponseHeader(), results: [StatusCode] = [], diagnosticInfos: [DiagnosticInfo] = []) {
        self.responseHeader = responseHeader
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        results = try reader.readArray(StatusCode.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}
