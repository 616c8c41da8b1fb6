// Method service set (OPC 10000-4 §5.11): Call, and the Argument structure that describes a method's arguments.

/// One method to call on an object with its input arguments (OPC 10000-4 §5.11.2).
public struct CallMethodRequest: UABinaryCodable, Sendable, Hashable {
    public var objectId: NodeId
    public var methodId: NodeId
    public var inputArguments: [Variant]

    public init(objectId: NodeId, methodId: NodeId, inputArguments: [Variant] = []) {
        self.objectId = objectId
        self.methodId = methodId
        self.inputArguments = inputArguments
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(objectId)
        writer.write(methodId)
        writer.writeArray(inputArguments)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        objectId = try reader.read()
        methodId = try reader.read()
        inputArguments = try reader.readArray(Variant.self) ?? []
    }
}

public struct CallMethodResult: UABinaryCodable, Sendable, Hashable {
    public var statusCode: StatusCode
    public var inputArgumentResults: [StatusCode]
    public var inputArgumentDiagnosticInfos: [DiagnosticInfo]
    public var outputArguments: [Variant]

    public init(
        statusCode: StatusCode = .good, inputArgumentResults: [StatusCode] = [], inputArgumentDiagnosticInfos: [DiagnosticInfo] = [],
        outputArguments: [Variant] = []
    ) {
        self.statusCode = statusCode
        self.inputArgumentResults = inputArgumentResults
        self.inputArgumentDiagnosticInfos = inputArgumentDiagnosticInfos
        self.outputArguments = outputArguments
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(statusCode)
        writer.writeArray(inputArgumentResults)
        writer.writeArray(inputArgumentDiagnosticInfos)
        writer.writeArray(outputArguments)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        statusCode = try reader.read()
        inputArgumentResults = try reader.readArray(StatusCode.self) ?? []
        inputArgumentDiagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
        outputArguments = try reader.readArray(Variant.self) ?? []
    }
}

/// Calls methods (OPC 10000-4 §5.11.2).
public struct CallRequest: UARequest, Hashable {
    public typealias Response = CallResponse
    public static let binaryEncodingId = NodeId.numeric(712)
    public var requestHeader: RequestHeader
    public var methodsToCall: [CallMethodRequest]

    public init(requestHeader: RequestHeader = RequestHeader(), methodsToCall: [CallMethodRequest] = []) {
        self.requestHeader = requestHeader
        self.methodsToCall = methodsToCall
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(methodsToCall)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        methodsToCall = try reader.readArray(CallMethodRequest.self) ?? []
    }
}

public struct CallResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(715)
    public var responseHeader: ResponseHeader
    public var results: [CallMethodResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), results: [CallMethodResult] = [], diagnosticInfos: [DiagnosticInfo] = []
    ) {
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
        results = try reader.readArray(CallMethodResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// One entry of a method's InputArguments or OutputArguments property (OPC 10000-3 §8.6), read as an ExtensionObject.
public struct Argument: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(298)
    public var name: String?
    public var dataType: NodeId
    /// -1 scalar, 0 one or more dimensions, 1 one dimension, n > 1 that many dimensions, -2 any, -3 scalar or one dimension.
    public var valueRank: Int32
    public var arrayDimensions: [UInt32]
    public var description: LocalizedText

    public init(
        name: String? = nil, dataType: NodeId = .null, valueRank: Int32 = -1, arrayDimensions: [UInt32] = [],
        description: LocalizedText = LocalizedText(nil)
    ) {
        self.name = name
        self.dataType = dataType
        self.valueRank = valueRank
        self.arrayDimensions = arrayDimensions
        self.description = description
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(name)
        writer.write(dataType)
        writer.write(valueRank)
        writer.writeArray(arrayDimensions)
        writer.write(description)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        name = try reader.readString()
        dataType = try reader.read()
        valueRank = try reader.read()
        arrayDimensions = try reader.readArray(UInt32.self) ?? []
        description = try reader.read()
    }
}
