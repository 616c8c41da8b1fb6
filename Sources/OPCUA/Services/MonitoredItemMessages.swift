// MonitoredItem service set (OPC 10000-4 §5.12): CreateMonitoredItems, DeleteMonitoredItems, and the data-change filter.

/// Whether a monitored item samples and reports (OPC 10000-4 §7.23).
public enum MonitoringMode: UInt32, UAEnumeration, CaseIterable {
    case disabled = 0, sampling = 1, reporting = 2
    public static let typeName = "MonitoringMode"
}

/// Which changes of a value are reported (OPC 10000-4 §7.22.2).
public enum DataChangeTrigger: UInt32, UAEnumeration, CaseIterable {
    case status = 0, statusValue = 1, statusValueTimestamp = 2
    public static let typeName = "DataChangeTrigger"
}

/// How a DataChangeFilter's deadband is measured (OPC 10000-4 §7.22.2).
public enum DeadbandType: UInt32, UAEnumeration, CaseIterable {
    case none = 0, absolute = 1, percent = 2
    public static let typeName = "DeadbandType"
}

/// Filters a monitored value's changes: the trigger and a deadband (OPC 10000-4 §7.22.2); sent in MonitoringParameters' filter.
public struct DataChangeFilter: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(724)
    public var trigger: DataChangeTrigger
    public var deadbandType: DeadbandType
    /// In the value's units for .absolute, percent of the EURange for .percent.
    public var deadbandValue: Double

    public init(trigger: DataChangeTrigger = .statusValue, deadbandType: DeadbandType = .none, deadbandValue: Double = 0) {
        self.trigger = trigger
        self.deadbandType = deadbandType
        self.deadbandValue = deadbandValue
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(trigger)
        writer.write(deadbandType)
        writer.write(deadbandValue)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        trigger = try reader.read()
        deadbandType = try reader.read()
        deadbandValue = try reader.read()
    }
}

/// How a monitored item samples and queues (OPC 10000-4 §7.21).
public struct MonitoringParameters: UABinaryCodable, Sendable, Hashable {
    /// The client's id for the item, returned in each notification.
    public var clientHandle: UInt32
    /// Milliseconds; -1 means the subscription's publishing interval, 0 the fastest the server supports.
    public var samplingInterval: Double
    /// A DataChangeFilter (or an event or aggregate filter); null for none.
    public var filter: ExtensionObject
    public var queueSize: UInt32
    public var discardOldest: Bool

    public init(
        clientHandle: UInt32, samplingInterval: Double = -1, filter: ExtensionObject = .null, queueSize: UInt32 = 1,
        discardOldest: Bool = true
    ) {
        self.clientHandle = clientHandle
        self.samplingInterval = samplingInterval
        self.filter = filter
        self.queueSize = queueSize
        self.discardOldest = discardOldest
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(clientHandle)
        writer.write(samplingInterval)
        writer.write(filter)
        writer.write(queueSize)
        writer.write(discardOldest)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        clientHandle = try reader.read()
        samplingInterval = try reader.read()
        filter = try reader.read()
        queueSize = try reader.read()
        discardOldest = try reader.read()
    }
}

/// One item to monitor (OPC 10000-4 §5.12.2).
public struct MonitoredItemCreateRequest: UABinaryCodable, Sendable, Hashable {
    public var itemToMonitor: ReadValueId
    public var monitoringMode: MonitoringMode
    public var requestedParameters: MonitoringParameters

    public init(itemToMonitor: ReadValueId, monitoringMode: MonitoringMode = .reporting, requestedParameters: MonitoringParameters) {
        self.itemToMonitor = itemToMonitor
        self.monitoringMode = monitoringMode
        self.requestedParameters = requestedParameters
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(itemToMonitor)
        writer.write(monitoringMode)
        writer.write(requestedParameters)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        itemToMonitor = try reader.read()
        monitoringMode = try reader.read()
        requestedParameters = try reader.read()
    }
}

public struct MonitoredItemCreateResult: UABinaryCodable, Sendable, Hashable {
    public var statusCode: StatusCode
    public var monitoredItemId: UInt32
    public var revisedSamplingInterval: Double
    public var revisedQueueSize: UInt32
    public var filterResult: ExtensionObject

    public init(
        statusCode: StatusCode = .good, monitoredItemId: UInt32 = 0, revisedSamplingInterval: Double = 0, revisedQueueSize: UInt32 = 0,
        filterResult: ExtensionObject = .null
    ) {
        self.statusCode = statusCode
        self.monitoredItemId = monitoredItemId
        self.revisedSamplingInterval = revisedSamplingInterval
        self.revisedQueueSize = revisedQueueSize
        self.filterResult = filterResult
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(statusCode)
        writer.write(monitoredItemId)
        writer.write(revisedSamplingInterval)
        writer.write(revisedQueueSize)
        writer.write(filterResult)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        statusCode = try reader.read()
        monitoredItemId = try reader.read()
        revisedSamplingInterval = try reader.read()
        revisedQueueSize = try reader.read()
        filterResult = try reader.read()
    }
}

/// Adds monitored items to a subscription (OPC 10000-4 §5.12.2).
public struct CreateMonitoredItemsRequest: UARequest, Hashable {
    public typealias Response = CreateMonitoredItemsResponse
    public static let binaryEncodingId = NodeId.numeric(751)
    public var requestHeader: RequestHeader
    public var subscriptionId: UInt32
    public var timestampsToReturn: TimestampsToReturn
    public var itemsToCreate: [MonitoredItemCreateRequest]

    public init(
        requestHeader: RequestHeader = RequestHeader(), subscriptionId: UInt32, timestampsToReturn: TimestampsToReturn = .both,
        itemsToCreate: [MonitoredItemCreateRequest] = []
    ) {
        self.requestHeader = requestHeader
        self.subscriptionId = subscriptionId
        self.timestampsToReturn = timestampsToReturn
        self.itemsToCreate = itemsToCreate
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(subscriptionId)
        writer.write(timestampsToReturn)
        writer.writeArray(itemsToCreate)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionId = try reader.read()
        timestampsToReturn = try reader.read()
        itemsToCreate = try reader.readArray(MonitoredItemCreateRequest.self) ?? []
    }
}

public struct CreateMonitoredItemsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(754)
    public var responseHeader: ResponseHeader
    public var results: [MonitoredItemCreateResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), results: [MonitoredItemCreateResult] = [],
        diagnosticInfos: [DiagnosticInfo] = []
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
        results = try reader.readArray(MonitoredItemCreateResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// Removes monitored items from a subscription (OPC 10000-4 §5.12.6).
public struct DeleteMonitoredItemsRequest: UARequest, Hashable {
    public typealias Response = DeleteMonitoredItemsResponse
    public static let binaryEncodingId = NodeId.numeric(781)
    public var requestHeader: RequestHeader
    public var subscriptionId: UInt32
    public var monitoredItemIds: [UInt32]

    public init(requestHeader: RequestHeader = RequestHeader(), subscriptionId: UInt32, monitoredItemIds: [UInt32] = []) {
        self.requestHeader = requestHeader
        self.subscriptionId = subscriptionId
        self.monitoredItemIds = monitoredItemIds
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(subscriptionId)
        writer.writeArray(monitoredItemIds)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionId = try reader.read()
        monitoredItemIds = try reader.readArray(UInt32.self) ?? []
    }
}

public struct DeleteMonitoredItemsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(784)
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
