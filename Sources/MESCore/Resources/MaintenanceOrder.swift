import Foundation

/// Preventive, corrective or calibration work on a machine, tool or gauge. While it is in
/// progress the asset is out of service; completing it restarts the asset's PM or calibration clock.
public struct MaintenanceOrder: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case preventive, corrective, calibration }
    public enum Status: String, Codable, Sendable, CaseIterable { case scheduled = "Scheduled", inProgress = "InProgress", completed = "Completed" }

    public let id: String
    public let asset: EntityReference
    public let kind: Kind
    public var description: String
    public var status: Status
    public let createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var completedBy: String?
    public var signature: ElectronicSignature?
}
