import Foundation

/// An order to make `quantity` serialised units of a part revision.
public struct WorkOrder: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case created = "Created", released = "Released", inProgress = "InProgress", completed = "Completed", closed = "Closed"
        case onHold = "OnHold", cancelled = "Cancelled"
    }

    public enum Priority: String, Codable, Sendable, CaseIterable { case low = "Low", normal = "Normal", high = "High", critical = "Critical" }

    public let id: String
    public let partNumber: String
    public let revision: String
    public var quantity: Int
    public var priority: Priority
    /// Due date, `yyyy-MM-dd`.
    public var targetDate: String?
    public var customerOrder: String?
    public var status: Status
    public let createdAt: Date
    public var releasedAt: Date?
    public var completedAt: Date?
    public var serials: [String]
    /// Where the order returns when taken off hold.
    public var statusBeforeHold: Status?
    public var holdReason: String?
    public var closeSignature: ElectronicSignature?
}

/// One serialised unit of a work order and its own route through the operations.
public struct SerialUnit: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable { case inProcess = "InProcess", completed = "Completed", scrapped = "Scrapped" }

    public let serial: String
    public let workOrderId: String
    public let partNumber: String
    public let revision: String
    public var status: Status
    public var operations: [OperationRecord]
    public var consumptions: [Consumption]
    /// Serials of components installed into this unit.
    public var components: [String]
    /// The assembly this unit was installed into.
    public var installedIn: String?
    /// Open non-conformance reports holding the unit: no operation may start while any is open.
    public var holds: [String] = []

    public var isOnHold: Bool { !holds.isEmpty }

    /// The first operation not yet completed.
    public var nextOperation: OperationRecord? { operations.first { $0.status != .completed } }
}

/// One operation of one serial: its plan and what actually happened.
public struct OperationRecord: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable { case pending = "Pending", inProgress = "InProgress", completed = "Completed", scrapped = "Scrapped" }
    /// Routing operations, or ones a non-conformance disposition added to this serial's route.
    public enum Kind: String, Codable, Sendable { case routing = "Routing", rework = "Rework", repair = "Repair", reinspection = "Reinspection" }

    public let number: Int
    public let description: String
    public let workCenter: String
    public var kind: Kind = .routing
    public var alternateWorkCenters: [String] = []
    public var requiredCertification: String?
    /// The non-conformance report that added this operation.
    public var nonConformanceId: String?
    public var status: Status
    public var equipmentId: String?
    public var operatorId: String?
    public var toolIds: [String]
    public var startedAt: Date?
    public var completedAt: Date?
    public var scrapReason: String?
}
