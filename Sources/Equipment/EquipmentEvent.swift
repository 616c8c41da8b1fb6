import Foundation

/// What a machine tells the MES, whether a simulator or an OPC UA server drives it.
public enum EquipmentEvent: Sendable, Equatable {
    case stateChanged(equipmentId: String, from: PackMLState, to: PackMLState, at: Date)
    /// The machine's unit mode changed (production, maintenance, manual, changeover).
    case modeChanged(equipmentId: String, mode: PackMLUnitMode, at: Date)
    /// Parts finished since the last count: good and rejected by the machine itself.
    case partsCounted(equipmentId: String, good: Int, bad: Int, at: Date)
    case processValue(ProcessValue)
    case alarm(Alarm)
}

/// One sample of a machine tag (spindle load, coolant temperature, a probe reading) with the
/// quality a field device reports for it.
public struct ProcessValue: Sendable, Equatable, Codable {
    public enum Quality: String, Sendable, Codable { case good = "Good", uncertain = "Uncertain", bad = "Bad" }

    public let equipmentId: String
    public let tag: String
    public let value: Double
    public let unit: String
    public let quality: Quality
    public let time: Date

    public init(equipmentId: String, tag: String, value: Double, unit: String, quality: Quality = .good, time: Date) {
        self.equipmentId = equipmentId
        self.tag = tag
        self.value = value
        self.unit = unit
        self.quality = quality
        self.time = time
    }
}

/// An alarm raised or cleared by a machine.
public struct Alarm: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable { case information = "Information", warning = "Warning", fault = "Fault" }

    public let equipmentId: String
    public let code: String
    public let text: String
    public let severity: Severity
    public let active: Bool
    public let time: Date

    public init(equipmentId: String, code: String, text: String, severity: Severity, active: Bool, time: Date) {
        self.equipmentId = equipmentId
        self.code = code
        self.text = text
        self.severity = severity
        self.active = active
        self.time = time
    }
}
