import Foundation

/// An inspection of one serial against a plan, and the results recorded in it.
public struct Inspection: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable { case open = "Open", passed = "Passed", failed = "Failed" }

    public let id: String
    public let planId: String
    public let serial: String
    public let workOrderId: String
    public var status: Status
    public let createdAt: Date
    public var inspectorId: String?
    public var notes: String?
    public var results: [CharacteristicResult]
    /// Characteristics to measure; all of the plan's unless this is a re-inspection after rework.
    public var characteristicIds: [String]
}

public struct CharacteristicResult: Codable, Sendable, Hashable {
    public let characteristicId: String
    public let value: Double
    public let conforms: Bool
    public let gaugeId: String?
    public let recordedBy: String
    public let recordedAt: Date
}

/// A measured value for `RecordResults`.
public struct MeasuredValue: Codable, Sendable, Hashable {
    public let characteristicId: String
    public let value: Double
    public let gaugeId: String?

    public init(characteristicId: String, value: Double, gaugeId: String? = nil) {
        self.characteristicId = characteristicId
        self.value = value
        self.gaugeId = gaugeId
    }
}
