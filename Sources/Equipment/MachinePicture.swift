import Foundation

/// What machines report beyond their state, kept live by a gateway rather than journaled: parts
/// counted, the latest sample of each tag, alarms raised and not yet cleared, and the reports
/// the MES refused. `GET /equipment/{id}/status` shows it as the machine's report.
public struct MachinePicture: Sendable, Equatable {
    public var counters: [String: MESEquipmentGateway.PartCounter]
    /// The latest sample of each tag, keyed "equipment/tag".
    public var values: [String: ProcessValue]
    /// Alarms raised and not yet cleared, keyed "equipment/code".
    public var alarms: [String: Alarm]
    public var refusals: [MESEquipmentGateway.Refusal]

    public init(counters: [String: MESEquipmentGateway.PartCounter] = [:], values: [String: ProcessValue] = [:], alarms: [String: Alarm] = [:],
                refusals: [MESEquipmentGateway.Refusal] = []) {
        self.counters = counters
        self.values = values
        self.alarms = alarms
        self.refusals = refusals
    }

    /// One picture of two gateways' machines (a training run's simulated machines beside the real
    /// ones a server reads): counts add up, the newer sample of a tag wins, alarms and refusals
    /// are both gateways'. Two gateways normally report distinct machines, so nothing overlaps.
    public func merging(_ other: MachinePicture) -> MachinePicture {
        MachinePicture(
            counters: counters.merging(other.counters) { MESEquipmentGateway.PartCounter(good: $0.good + $1.good, bad: $0.bad + $1.bad) },
            values: values.merging(other.values) { $1.time >= $0.time ? $1 : $0 },
            alarms: alarms.merging(other.alarms) { $1.time >= $0.time ? $1 : $0 },
            refusals: refusals + other.refusals)
    }
}

extension MESEquipmentGateway {
    /// The gateway's live machine picture as it stands.
    public var picture: MachinePicture { MachinePicture(counters: counters, values: latestValues, alarms: activeAlarms, refusals: refusals) }
}
