// Subscription service set (OPC 10000-4 §5.13): create, modify, delete and transfer subscriptions, Publish and Republish.
import Foundation

/// Creates a subscription (OPC 10000-4 §5.13.2).
public struct CreateSubscriptionRequest: UARequest, Hashable {
    public typealias Response = CreateSubscriptionResponse
    public static let binaryEncodingId = NodeId.numeric(787)
    public var requestHeader: RequestHeader
    /// Milliseconds.
    public var requestedPublishingInterval: Double
    /// Publishing intervals without a Publish before the server deletes the subscription (at least 3 times the keep-alive count).
    public var requestedLifetimeCount: UInt32
    /// Publishing intervals without notifications before the server sends a keep-alive.
    public var requestedMaxKeepAliveCount: UInt32
    /// 0 means no limit.
    public var maxNotificationsPerPublish: UInt32
    public var publishingEnabled: Bool
    public var priority: UInt8

    public init(
        requestHeader: RequestHeader = RequestHeader(), requestedPublishingInterval: Double = 1_000,
        requestedLifetimeCount: UInt32 = 10_000, requestedMaxKeepAliveCount: UInt32 = 10, maxNotificationsPerPublish: UInt32 = 0,
        publishingEnabled: Bool = true, priority: UInt8 = 0
    ) {
        self.requestHeader = requestHeader
        self.requestedPublishingInterval = requestedPublishingInterval
        self.requestedLifetimeCount = requestedLifetimeCount
        self.requestedMaxKeepAliveCount = requestedMaxKeepAliveCount
        self.maxNotificationsPerPublish = maxNotificationsPerPublish
        self.publishingEnabled = publishingEnabled
        self.priority = priority
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(requestedPublishingInterval)
        writer.write(requestedLifetimeCount)
        writer.write(requestedMaxKeepAliveCount)
        writer.write(maxNotificationsPerPublish)
        writer.write(publishingEnabled)
        writer.write(priority)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        requestedPublishingInterval = try reader.read()
        requestedLifetimeCount = try reader.read()
        requestedMaxKeepAliveCount = try reader.read()
        maxNotificationsPerPublish = try reader.read()
        publishingEnabled = try reader.read()
        priority = try reader.read()
    }
}

public struct CreateSubscriptionResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(790)
    public var responseHeader: ResponseHeader
    public var subscriptionId: UInt32
    public var revisedPublishingInterval: Double
    public var revisedLifetimeCount: UInt32
    public var revisedMaxKeepAliveCount: UInt32

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), subscriptionId: UInt32 = 0, revisedPublishingInterval: Double = 0,
        revisedLifetimeCount: UInt32 = 0, revisedMaxKeepAliveCount: UInt32 = 0
    ) {
        self.responseHeader = responseHeader
        self.subscriptionId = subscriptionId
        self.revisedPublishingInterval = revisedPublishingInterval
        self.revisedLifetimeCount = revisedLifetimeCount
        self.revisedMaxKeepAliveCount = revisedMaxKeepAliveCount
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(subscriptionId)
        writer.write(revisedPublishingInterval)
        writer.write(revisedLifetimeCount)
        writer.write(revisedMaxKeepAliveCount)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        subscriptionId = try reader.read()
        revisedPublishingInterval = try reader.read()
        revisedLifetimeCount = try reader.read()
        revisedMaxKeepAliveCount = try reader.read()
    }
}

/// Changes a subscription's parameters (OPC 10000-4 §5.13.3).
public struct ModifySubscriptionRequest: UARequest, Hashable {
    public typealias Response = ModifySubscriptionResponse
    public static let binaryEncodingId = NodeId.numeric(793)
    public var requestHeader: RequestHeader
    public var subscriptionId: UInt32
    public var requestedPublishingInterval: Double
    public var requestedLifetimeCount: UInt32
    public var requestedMaxKeepAliveCount: UInt32
    public var maxNotificationsPerPublish: UInt32
    public var priority: UInt8

    public init(
        requestHeader: RequestHeader = RequestHeader(), subscriptionId: UInt32, requestedPublishingInterval: Double = 1_000,
        requestedLifetimeCount: UInt32 = 10_000, requestedMaxKeepAliveCount: UInt32 = 10, maxNotificationsPerPublish: UInt32 = 0,
        priority: UInt8 = 0
    ) {
        self.requestHeader = requestHeader
        self.subscriptionId = subscriptionId
        self.requestedPublishingInterval = requestedPublishingInterval
        self.requestedLifetimeCount = requestedLifetimeCount
        self.requestedMaxKeepAliveCount = requestedMaxKeepAliveCount
        self.maxNotificationsPerPublish = maxNotificationsPerPublish
        self.priority = priority
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(subscriptionId)
        writer.write(requestedPublishingInterval)
        writer.write(requestedLifetimeCount)
        writer.write(requestedMaxKeepAliveCount)
        writer.write(maxNotificationsPerPublish)
        writer.write(priority)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionId = try reader.read()
        requestedPublishingInterval = try reader.read()
        requestedLifetimeCount = try reader.read()
        requestedMaxKeepAliveCount = try reader.read()
        maxNotificationsPerPublish = try reader.read()
        priority = try reader.read()
    }
}

public struct ModifySubscriptionResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(796)
    public var responseHeader: ResponseHeader
    public var revisedPublishingInterval: Double
    public var revisedLifetimeCount: UInt32
    public var revisedMaxKeepAliveCount: UInt32

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), revisedPublishingInterval: Double = 0, revisedLifetimeCount: UInt32 = 0,
        revisedMaxKeepAliveCount: UInt32 = 0
    ) {
        self.responseHeader = responseHeader
        self.revisedPublishingInterval = revisedPublishingInterval
        self.revisedLifetimeCount = revisedLifetimeCount
        self.revisedMaxKeepAliveCount = revisedMaxKeepAliveCount
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(revisedPublishingInterval)
        writer.write(revisedLifetimeCount)
        writer.write(revisedMaxKeepAliveCount)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        revisedPublishingInterval = try reader.read()
        revisedLifetimeCount = try reader.read()
        revisedMaxKeepAliveCount = try reader.read()
    }
}

/// Enables or disables publishing of subscriptions (OPC 10000-4 §5.13.4).
public struct SetPublishingModeRequest: UARequest, Hashable {
    public typealias Response = SetPublishingModeResponse
    public static let binaryEncodingId = NodeId.numeric(799)
    public var requestHeader: RequestHeader
    public var publishingEnabled: Bool
    public var subscriptionIds: [UInt32]

    public init(requestHeader: RequestHeader = RequestHeader(), publishingEnabled: Bool, subscriptionIds: [UInt32] = []) {
        self.requestHeader = requestHeader
        self.publishingEnabled = publishingEnabled
        self.subscriptionIds = subscriptionIds
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(publishingEnabled)
        writer.writeArray(subscriptionIds)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        publishingEnabled = try reader.read()
        subscriptionIds = try reader.readArray(UInt32.self) ?? []
    }
}

public struct SetPublishingModeResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(802)
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

/// Acknowledges a NotificationMessage so the server may drop it from its retransmission queue (OPC 10000-4 §5.13.5).
public struct SubscriptionAcknowledgement: UABinaryCodable, Sendable, Hashable {
    public var subscriptionId: UInt32
    public var sequenceNumber: UInt32

    public init(subscriptionId: UInt32, sequenceNumber: UInt32) {
        self.subscriptionId = subscriptionId
        self.sequenceNumber = sequenceNumber
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(subscriptionId)
        writer.write(sequenceNumber)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        subscriptionId = try reader.read()
        sequenceNumber = try reader.read()
    }
}

/// The notifications of one publishing cycle (OPC 10000-4 §7.25): DataChangeNotification, EventNotificationList or StatusChangeNotification in ExtensionObjects; an empty list is a keep-alive.
public struct NotificationMessage: UABinaryCodable, Sendable, Hashable {
    public var sequenceNumber: UInt32
    public var publishTime: Date
    public var notificationData: [ExtensionObject]

    public init(sequenceNumber: UInt32 = 0, publishTime: Date = .uaMinimum, notificationData: [ExtensionObject] = []) {
        self.sequenceNumber = sequenceNumber
        self.publishTime = publishTime
        self.notificationData = notificationData
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(sequenceNumber)
        writer.write(publishTime)
        writer.writeArray(notificationData)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        sequenceNumber = try reader.read()
        publishTime = try reader.read()
        notificationData = try reader.readArray(ExtensionObject.self) ?? []
    }
}

/// Hands the server a slot for a NotificationMessage and acknowledges received ones (OPC 10000-4 §5.13.5).
public struct PublishRequest: UARequest, Hashable {
    public typealias Response = PublishResponse
    public static let binaryEncodingId = NodeId.numeric(826)
    public var requestHeader: RequestHeader
    public var subscriptionAcknowledgements: [SubscriptionAcknowledgement]

    public init(requestHeader: RequestHeader = RequestHeader(), subscriptionAcknowledgements: [SubscriptionAcknowledgement] = []) {
        self.requestHeader = requestHeader
        self.subscriptionAcknowledgements = subscriptionAcknowledgements
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(subscriptionAcknowledgements)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionAcknowledgements = try reader.readArray(SubscriptionAcknowledgement.self) ?? []
    }
}

public struct PublishResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(829)
    public var responseHeader: ResponseHeader
    public var subscriptionId: UInt32
    /// Sequence numbers the server still holds for Republish.
    public var availableSequenceNumbers: [UInt32]
    public var moreNotifications: Bool
    public var notificationMessage: NotificationMessage
    /// One per acknowledgement sent.
    public var results: [StatusCode]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), subscriptionId: UInt32 = 0, availableSequenceNumbers: [UInt32] = [],
        moreNotifications: Bool = false, notificationMessage: NotificationMessage = NotificationMessage(), results: [StatusCode] = [],
        diagnosticInfos: [DiagnosticInfo] = []
    ) {
        self.responseHeader = responseHeader
        self.subscriptionId = subscriptionId
        self.availableSequenceNumbers = availableSequenceNumbers
        self.moreNotifications = moreNotifications
        self.notificationMessage = notificationMessage
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(subscriptionId)
        writer.writeArray(availableSequenceNumbers)
        writer.write(moreNotifications)
        writer.write(notificationMessage)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        subscriptionId = try reader.read()
        availableSequenceNumbers = try reader.readArray(UInt32.self) ?? []
        moreNotifications = try reader.read()
        notificationMessage = try reader.read()
        results = try reader.readArray(StatusCode.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// Asks for a NotificationMessage again (OPC 10000-4 §5.13.6).
public struct RepublishRequest: UARequest, Hashable {
    public typealias Response = RepublishResponse
    public static let binaryEncodingId = NodeId.numeric(832)
    public var requestHeader: RequestHeader
    public var subscriptionId: UInt32
    public var retransmitSequenceNumber: UInt32

    public init(requestHeader: RequestHeader = RequestHeader(), subscriptionId: UInt32, retransmitSequenceNumber: UInt32) {
        self.requestHeader = requestHeader
        self.subscriptionId = subscriptionId
        self.retransmitSequenceNumber = retransmitSequenceNumber
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(subscriptionId)
        writer.write(retransmitSequenceNumber)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionId = try reader.read()
        retransmitSequenceNumber = try reader.read()
    }
}

public struct RepublishResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(835)
    public var responseHeader: ResponseHeader
    public var notificationMessage: NotificationMessage

    public init(responseHeader: ResponseHeader = ResponseHeader(), notificationMessage: NotificationMessage = NotificationMessage()) {
        self.responseHeader = responseHeader
        self.notificationMessage = notificationMessage
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(notificationMessage)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        notificationMessage = try reader.read()
    }
}

public struct TransferResult: UABinaryCodable, Sendable, Hashable {
    public var statusCode: StatusCode
    public var availableSequenceNumbers: [UInt32]

    public init(statusCode: StatusCode = .good, availableSequenceNumbers: [UInt32] = []) {
        self.statusCode = statusCode
        self.availableSequenceNumbers = availableSequenceNumbers
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(statusCode)
        writer.writeArray(availableSequenceNumbers)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        statusCode = try reader.read()
        availableSequenceNumbers = try reader.readArray(UInt32.self) ?? []
    }
}

/// Moves subscriptions to this session, e.g. after reconnecting with a new session (OPC 10000-4 §5.13.7).
public struct TransferSubscriptionsRequest: UARequest, Hashable {
    public typealias Response = TransferSubscriptionsResponse
    public static let binaryEncodingId = NodeId.numeric(841)
    public var requestHeader: RequestHeader
    public var subscriptionIds: [UInt32]
    public var sendInitialValues: Bool

    public init(requestHeader: RequestHeader = RequestHeader(), subscriptionIds: [UInt32] = [], sendInitialValues: Bool = true) {
        self.requestHeader = requestHeader
        self.subscriptionIds = subscriptionIds
        self.sendInitialValues = sendInitialValues
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(subscriptionIds)
        writer.write(sendInitialValues)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionIds = try reader.readArray(UInt32.self) ?? []
        sendInitialValues = try reader.read()
    }
}

public struct TransferSubscriptionsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(844)
    public var responseHeader: ResponseHeader
    public var results: [TransferResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(responseHeader: ResponseHeader = ResponseHeader(), results: [TransferResult] = [], diagnosticInfos: [DiagnosticInfo] = []) {
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
        results = try reader.readArray(TransferResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// Deletes subscriptions and their monitored items (OPC 10000-4 §5.13.8).
public struct DeleteSubscriptionsRequest: UARequest, Hashable {
    public typealias Response = DeleteSubscriptionsResponse
    public static let binaryEncodingId = NodeId.numeric(847)
    public var requestHeader: RequestHeader
    public var subscriptionIds: [UInt32]

    public init(requestHeader: RequestHeader = RequestHeader(), subscriptionIds: [UInt32] = []) {
        self.requestHeader = requestHeader
        self.subscriptionIds = subscriptionIds
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(subscriptionIds)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        subscriptionIds = try reader.readArray(UInt32.self) ?? []
    }
}

public struct DeleteSubscriptionsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(850)
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
