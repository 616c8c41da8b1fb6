// The notifications a NotificationMessage carries in ExtensionObjects (OPC 10000-4 §7.25).

/// A new value of one monitored item.
public struct MonitoredItemNotification: UABinaryCodable, Sendable, Hashable {
    public var clientHandle: UInt32
    public var value: DataValue

    public init(clientHandle: UInt32, value: DataValue) {
        self.clientHandle = clientHandle
        self.value = value
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(clientHandle)
        writer.write(value)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        clientHandle = try reader.read()
        value = try reader.read()
    }
}

/// Value changes of monitored items (OPC 10000-4 §7.25.2).
public struct DataChangeNotification: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(811)
    public var monitoredItems: [MonitoredItemNotification]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(monitoredItems: [MonitoredItemNotification] = [], diagnosticInfos: [DiagnosticInfo] = []) {
        self.monitoredItems = monitoredItems
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.writeArray(monitoredItems)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        monitoredItems = try reader.readArray(MonitoredItemNotification.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// A change of the subscription's status, e.g. BadTimeout when it expired (OPC 10000-4 §7.25.4).
public struct StatusChangeNotification: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(820)
    public var status: StatusCode
    public var diagnosticInfo: DiagnosticInfo

    public init(status: StatusCode, diagnosticInfo: DiagnosticInfo = DiagnosticInfo()) {
        self.status = status
        self.diagnosticInfo = diagnosticInfo
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(status)
        writer.write(diagnosticInfo)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        status = try reader.read()
        diagnosticInfo = try reader.read()
    }
}

/// The selected fields of one event (OPC 10000-4 §7.25.3).
public struct EventFieldList: UABinaryCodable, Sendable, Hashable {
    public var clientHandle: UInt32
    public var eventFields: [Variant]

    public init(clientHandle: UInt32, eventFields: [Variant] = []) {
        self.clientHandle = clientHandle
        self.eventFields = eventFields
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(clientHandle)
        writer.writeArray(eventFields)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        clientHandle = try reader.read()
        eventFields = try reader.readArray(Variant.self) ?? []
    }
}

/// Events reported by event monitored items (OPC 10000-4 §7.25.3).
public struct EventNotificationList: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(916)
    public var events: [EventFieldList]

    public init(events: [EventFieldList] = []) {
        self.events = events
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.writeArray(events)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        events = try reader.readArray(EventFieldList.self) ?? []
    }
}

extension NotificationMessage {
    /// One notification of a NotificationMessage, decoded by its encoding id. Nested so that it
    /// does not clash with Foundation's `Notification` where both modules are imported.
    public enum Notification: Sendable, Hashable {
        case dataChange(DataChangeNotification)
        case statusChange(StatusChangeNotification)
        case events(EventNotificationList)
        /// A notification type the client does not know, kept as sent.
        case other(ExtensionObject)
    }

    /// The notifications decoded; one that is malformed is an error, one of an unknown type
    /// is `.other`.
    public func decodedNotifications(limits: UADecodingLimits = .default) throws(UADecodingError) -> [Notification] {
        var notifications: [Notification] = []
        notifications.reserveCapacity(notificationData.count)
        for object in notificationData {
            if let value = try object.decode(as: DataChangeNotification.self, limits: limits) {
                notifications.append(.dataChange(value))
            } else if let value = try object.decode(as: StatusChangeNotification.self, limits: limits) {
                notifications.append(.statusChange(value))
            } else if let value = try object.decode(as: EventNotificationList.self, limits: limits) {
                notifications.append(.events(value))
            } else {
                notifications.append(.other(object))
            }
        }
        return notifications
    }

    /// True when the message carries no notifications (a keep-alive).
    public var isKeepAlive: Bool { notificationData.isEmpty }
}
