import Foundation

/// A non-conformance report on a serial (a failed characteristic) or a material lot.
public struct NonConformance: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable { case open = "Open", underReview = "UnderReview", dispositioned = "Dispositioned", closed = "Closed" }

    public enum Disposition: String, Codable, Sendable, CaseIterable {
        case useAsIs = "UseAsIs", rework = "Rework", repair = "Repair", scrap = "Scrap", returnToVendor = "ReturnToVendor"
    }

    public let id: String
    public let subject: EntityReference
    public let description: String
    /// Failed characteristics and the inspection that found them, when raised by an inspection.
    public let inspectionId: String?
    public let characteristicIds: [String]
    public var status: Status
    public let openedAt: Date
    public let openedBy: String
    public var reviewSignature: ElectronicSignature?
    public var disposition: Disposition?
    public var dispositionSignature: ElectronicSignature?
    public var customerApproval: String?
    /// Operations added to the serial's route by a rework or repair disposition.
    public var addedOperations: [Int]
    public var closedAt: Date?
    public var closeSignature: ElectronicSignature?
}
