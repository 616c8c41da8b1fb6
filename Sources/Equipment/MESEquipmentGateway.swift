import Foundation
import MESCore
import MESStore

/// The MES side of the hardware abstraction: takes what any driver reports — the simulator's
/// machines or an OPC UA server's — and records it in the MES. State changes become
/// `setEquipmentState` commands issued under the gateway's own service account; counts,
/// process values and alarms are kept as the live machine picture. A driver event cannot be
/// refused, so a command the core refuses is kept in `refusals` rather than thrown.
public final class MESEquipmentGateway: EquipmentEventSink {
    public let engine: MESEngine
    /// The service account the gateway acts as; it needs Equipment update rights.
    public let actor: Actor
    public private(set) var counters: [String: PartCounter] = [:]
    /// The latest sample of each tag, keyed "equipment/tag".
    public private(set) var latestValues: [String: ProcessValue] = [:]
    /// Alarms raised and not yet cleared, keyed "equipment/code".
    public private(set) var activeAlarms: [String: Alarm] = [:]
    public private(set) var alarmsRaised = 0
    public private(set) var refusals: [Refusal] = []
    private var reportedStates: [String: PackMLState] = [:]
    private var modes: [String: PackMLUnitMode] = [:]
    /// Machines whose own part counts go into the MES record (real equipment), with their
    /// ideal cycle time in seconds when known. The twin's machines are not here: there the
    /// operations booked are the count.
    public var journaledCounts: [String: Double?] = [:]
    /// Told of every command the gateway carried out, with its events (to publish them live).
    public var onRecorded: ((_ events: [DomainEvent], _ time: Date) -> Void)?

    public init(engine: MESEngine, actor: Actor = Actor(id: "equipment-gateway", name: "Equipment gateway", roles: [.maintenanceTechnician])) {
        self.engine = engine
        self.actor = actor
    }

    public func receive(_ event: EquipmentEvent) {
        switch event {
        case .stateChanged(let id, _, let state, let time):
            reportedStates[id] = state
            record(id, at: time)
        case .modeChanged(let id, let mode, let time):
            modes[id] = mode
            record(id, at: time)
        case .partsCounted(let id, let good, let bad, let time):
            counters[id, default: PartCounter()].add(good: good, bad: bad)
            if let ideal = journaledCounts[id], good + bad > 0 {
                execute(.recordMachineCounts(equipmentId: id, good: good, bad: bad, idealSecondsPerPart: ideal), for: id, at: time)
            }
        case .processValue(let value):
            latestValues["\(value.equipmentId)/\(value.tag)"] = value
        case .alarm(let alarm):
            let key = "\(alarm.equipmentId)/\(alarm.code)"
            if alarm.active {
                if activeAlarms[key] == nil { alarmsRaised += 1 }
                activeAlarms[key] = alarm
            } else {
                activeAlarms[key] = nil
            }
        }
    }

    /// Brings the MES's record of the machine in line with what it reports.
    private func record(_ id: String, at time: Date) {
        guard let machine = engine.state.equipment[id] else {
            refusals.append(Refusal(equipmentId: id, time: time, reason: "the MES knows no equipment '\(id)'"))
            return
        }
        // A maintenance order owns the machine until it completes.
        guard machine.state != .maintenance else { return }
        let running = engine.state.equipmentInUse[id] != nil
        guard let target = Self.mesState(reportedStates[id] ?? .stopped, mode: modes[id] ?? .production, running: running),
            target != machine.state
        else { return }
        execute(.setEquipmentState(equipmentId: id, state: target), for: id, at: time)
    }

    /// Runs a command at the machine's time, or at the journal's newest entry if the machine's
    /// clock is behind it (the journal only moves forward); a refusal is kept, not thrown.
    private func execute(_ command: Command, for id: String, at time: Date) {
        let at = max(time, engine.lastEntryTime ?? time)
        do {
            let events = try engine.execute(command, by: actor, at: at)
            onRecorded?(events, at)
        } catch {
            refusals.append(Refusal(equipmentId: id, time: time, reason: "\(error)"))
        }
    }

    /// The MES state a machine is in when it reports `state` in `mode`, or nil when the report
    /// changes nothing the MES records (a start or completion is the operator's to book).
    public static func mesState(_ state: PackMLState, mode: PackMLUnitMode, running: Bool) -> EquipmentState? {
        if mode == .maintenance { return nil }
        switch state {
        case .aborting, .aborted, .clearing: return .aborted
        case .holding, .held, .unholding: return .held
        case .suspending, .suspended, .unsuspending: return .suspended
        default: break
        }
        if mode == .changeover { return running ? nil : .setup }
        switch state {
        case .execute, .starting, .completing: return running ? .execute : nil
        case .idle, .resetting, .complete: return running ? nil : .idle
        default: return running ? nil : .stopped
        }
    }

    public struct PartCounter: Sendable, Equatable {
        public private(set) var good = 0
        public private(set) var bad = 0

        public init(good: Int = 0, bad: Int = 0) {
            self.good = good
            self.bad = bad
        }
        mutating func add(good: Int, bad: Int) {
            self.good += good
            self.bad += bad
        }
    }

    public struct Refusal: Sendable, Equatable, CustomStringConvertible {
        public let equipmentId: String
        public let time: Date
        public let reason: String
        public var description: String { "\(equipmentId) at \(time): \(reason)" }
    }
}
