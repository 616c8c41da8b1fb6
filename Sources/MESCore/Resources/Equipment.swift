import Foundation

/// A machine or cell, with the calibration and preventive-maintenance dates that can lock it out.
public struct Equipment: Codable, Sendable, Hashable {
    public let id: String
    public var equipmentClass: String
    public var workCenter: String
    public var state: EquipmentState
    public var calibrationDue: Date?
    public var calibrationIntervalDays: Double?
    /// Days between preventive maintenance; nil when the machine has no PM plan.
    public var preventiveMaintenanceIntervalDays: Double?
    public var lastPreventiveMaintenance: Date?

    public init(
        id: String, equipmentClass: String, workCenter: String, state: EquipmentState = .idle, calibrationDue: Date? = nil,
        calibrationIntervalDays: Double? = nil, preventiveMaintenanceIntervalDays: Double? = nil, lastPreventiveMaintenance: Date? = nil
    ) {
        self.calibrationIntervalDays = calibrationIntervalDays
        self.id = id
        self.equipmentClass = equipmentClass
        self.workCenter = workCenter
        self.state = state
        self.calibrationDue = calibrationDue
        self.preventiveMaintenanceIntervalDays = preventiveMaintenanceIntervalDays
        self.lastPreventiveMaintenance = lastPreventiveMaintenance
    }

    /// When the next preventive maintenance falls due, if the machine has a plan.
    public var preventiveMaintenanceDue: Date? {
        guard let interval = preventiveMaintenanceIntervalDays else { return nil }
        guard let last = lastPreventiveMaintenance else { return .distantPast }
        return last.addingTimeInterval(interval * 86_400)
    }

    /// Why the machine may not start work at `time`, or nil when it may.
    public func lockout(at time: Date) -> String? {
        switch state {
        case .idle, .stopped: break
        case .execute: return "equipment '\(id)' is busy (Execute)"
        default: return "equipment '\(id)' is \(state.rawValue)"
        }
        if let due = preventiveMaintenanceDue, time > due { return "equipment '\(id)' is overdue for preventive maintenance (due \(due.iso8601))" }
        if let due = calibrationDue, time > due { return "equipment '\(id)' is past its calibration date (\(due.iso8601))" }
        return nil
    }
}

/// PackML-style machine states, plus the out-of-service state of maintenance.
public enum EquipmentState: String, Codable, Sendable, CaseIterable {
    case stopped = "Stopped", idle = "Idle", execute = "Execute", held = "Held", suspended = "Suspended", aborted = "Aborted"
    case maintenance = "Maintenance"
    /// Changing over between jobs (PackML's changeover mode): planned busy time that makes nothing.
    case setup = "Setup"
}

/// A cutting tool, fixture or measuring gauge whose calibration gates its use.
public struct ToolGauge: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case tool, gauge }
    public let id: String
    public let kind: Kind
    public var description: String
    public var calibrationDue: Date?
    public var calibrationIntervalDays: Double?
    public var inMaintenance: Bool

    public init(id: String, kind: Kind, description: String, calibrationDue: Date? = nil, calibrationIntervalDays: Double? = nil) {
        self.id = id
        self.kind = kind
        self.description = description
        self.calibrationDue = calibrationDue
        self.calibrationIntervalDays = calibrationIntervalDays
        self.inMaintenance = false
    }

    public func lockout(at time: Date) -> String? {
        if inMaintenance { return "\(kind.rawValue) '\(id)' is in maintenance" }
        if let due = calibrationDue, time > due { return "\(kind.rawValue) '\(id)' is past its calibration date (\(due.iso8601))" }
        return nil
    }
}

extension Date {
    var iso8601: String { ISO8601DateFormatter().string(from: self) }
}
