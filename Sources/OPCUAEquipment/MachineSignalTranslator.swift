import Equipment
import Foundation
import OPCUA
import PlantFiles

/// What one subscribed node means for its machine.
enum MachineSignal: Hashable, Sendable {
    case state, mode, produced, good, bad
    case processValue(Int)
    case alarmActive(Int)
    case alarmText(Int)
}

/// Turns one machine's node values into the MES's equipment events: state numbers (PackML or
/// OPC 40001 MachineryItemState) into PackML states, cumulative counters into parts counted
/// since the last report — a counter that falls has been reset by a machine restart and
/// counts from zero — process values with their quality, alarms raised and cleared. A Bad
/// status is a quality flag on the value, never an exception.
struct MachineSignalTranslator {
    let equipmentId: String
    let mapping: DriverDescription
    private(set) var state: PackMLState?
    private var counters: [MachineSignal: Double] = [:]
    /// For produced/bad counters: the counter values already reported, and since when a
    /// change waits to settle (a PLC may update the two counters in different scans, so
    /// they are read together once neither has moved for `settleTime`).
    private var base: [MachineSignal: Double] = [:]
    private var unsettledSince: Date?
    private var lastCounterChange: Date?
    static let settleTime: TimeInterval = 0.5
    private var alarmActive: [Int: Bool] = [:]
    private var alarmText: [Int: String] = [:]
    private(set) var counterResets = 0
    private(set) var badSignals = 0

    init(equipmentId: String, mapping: DriverDescription) {
        self.equipmentId = equipmentId
        self.mapping = mapping
    }

    mutating func translate(_ signal: MachineSignal, _ value: DataValue, now: Date = Date()) -> [EquipmentEvent] {
        let time = value.sourceTimestamp.flatMap { $0 > Date.uaMinimum ? $0 : nil } ?? value.serverTimestamp ?? now
        switch signal {
        case .state:
            guard value.status.isGood, let number = value.value.doubleValue, let new = Self.state(Int(number), model: mapping.state?.model ?? .packml) else {
                badSignals += 1
                return []
            }
            let old = state
            state = new
            return old == new ? [] : [.stateChanged(equipmentId: equipmentId, from: old ?? new, to: new, at: time)]
        case .mode:
            guard value.status.isGood, let number = value.value.doubleValue, let mode = Self.unitMode(Int(number)) else {
                badSignals += 1
                return []
            }
            return [.modeChanged(equipmentId: equipmentId, mode: mode, at: time)]
        case .produced, .good, .bad:
            return count(signal, value, at: time, now: now)
        case .processValue(let index):
            guard let tag = mapping.processValues?[index] else { return [] }
            let quality: ProcessValue.Quality = value.status.isGood ? .good : value.status.isUncertain ? .uncertain : .bad
            if quality == .bad { badSignals += 1 }
            return [.processValue(ProcessValue(equipmentId: equipmentId, tag: tag.tag, value: value.value.doubleValue ?? 0, unit: tag.unit, quality: quality, time: time))]
        case .alarmText(let index):
            if case .scalar(.string(let text)) = value.value { alarmText[index] = text ?? "" }
            if case .scalar(.localizedText(let text)) = value.value { alarmText[index] = text.text ?? "" }
            return []
        case .alarmActive(let index):
            guard let alarm = mapping.alarms?[index], value.status.isGood, case .scalar(.boolean(let active)) = value.value else { return [] }
            let was = alarmActive[index] ?? false
            alarmActive[index] = active
            guard was != active else { return [] }
            let severity: Alarm.Severity =
                switch alarm.severity {
                case .information: .information
                case .warning: .warning
                case .fault: .fault
                }
            let text = alarmText[index].flatMap { $0.isEmpty ? nil : $0 } ?? alarm.code
            return [.alarm(Alarm(equipmentId: equipmentId, code: alarm.code, text: text, severity: severity, active: active, time: time))]
        }
    }

    /// Parts counted since the last value; the first value after start-up is the baseline.
    private mutating func count(_ signal: MachineSignal, _ value: DataValue, at time: Date, now: Date) -> [EquipmentEvent] {
        guard value.status.isGood, let number = value.value.doubleValue, number >= 0 else {
            badSignals += 1
            return []
        }
        let previous = counters[signal]
        if mapping.counters?.good != nil {
            // Good and bad counted separately: each counter's increase is what it says.
            counters[signal] = number
            guard let previous else { return [] }
            let reset = number < previous
            if reset { counterResets += 1 }
            let delta = Int(reset ? number : number - previous)
            switch signal {
            case .good where delta > 0: return [.partsCounted(equipmentId: equipmentId, good: delta, bad: 0, at: time)]
            case .bad where delta > 0: return [.partsCounted(equipmentId: equipmentId, good: 0, bad: delta, at: time)]
            default: return []
            }
        }
        // Produced and bad: read together once settled; a counter below its base was reset by
        // a machine restart, so what was pending is reported first and it counts from zero.
        guard previous != nil else {
            counters[signal] = number
            base[signal] = number
            return []
        }
        var events: [EquipmentEvent] = []
        if number < (base[signal] ?? 0) {
            counterResets += 1
            events = settledCounts(at: now, force: true)
            base[signal] = 0
        }
        counters[signal] = number
        unsettledSince = unsettledSince ?? time
        lastCounterChange = now
        return events
    }

    /// The produced/bad counts since the last report, once neither counter has moved for
    /// `settleTime` (or at once when forced); good is produced − bad.
    mutating func settledCounts(at now: Date, force: Bool = false) -> [EquipmentEvent] {
        guard mapping.counters?.good == nil, let since = unsettledSince, force || now.timeIntervalSince(lastCounterChange ?? now) >= Self.settleTime else {
            return []
        }
        let produced = (counters[.produced] ?? 0) - (base[.produced] ?? 0)
        let bad = (counters[.bad] ?? 0) - (base[.bad] ?? 0)
        // A bad part counted before its produced count: wait for the produced counter.
        guard produced >= bad || force else { return [] }
        unsettledSince = nil
        base[.produced] = counters[.produced] ?? 0
        base[.bad] = counters[.bad] ?? 0
        let good = max(0, produced - bad)
        guard good + max(0, bad) > 0 else { return [] }
        return [.partsCounted(equipmentId: equipmentId, good: Int(good), bad: Int(max(0, bad)), at: since)]
    }

    /// PackML (ISA-TR88, OPC 30050) state numbers; MachineryItemState (OPC 40001-1) in the
    /// nearest PackML state: executing runs, not executing is idle, out of service is down,
    /// not available (switched off) is stopped.
    static func state(_ number: Int, model: DriverDescription.StateMapping.Model) -> PackMLState? {
        switch model {
        case .packml:
            let states: [Int: PackMLState] = [
                1: .clearing, 2: .stopped, 3: .starting, 4: .idle, 5: .suspended, 6: .execute, 7: .stopping, 8: .aborting, 9: .aborted,
                10: .holding, 11: .held, 12: .unholding, 13: .suspending, 14: .unsuspending, 15: .resetting, 16: .completing, 17: .complete,
            ]
            return states[number]
        case .machineryItemState:
            return [0: PackMLState.stopped, 1: .aborted, 2: .execute, 3: .idle][number]
        }
    }

    /// PackML unit modes: 1 Production, 2 Maintenance, 3 Manual; 4 (the first user-defined
    /// mode) is read as changeover.
    static func unitMode(_ number: Int) -> PackMLUnitMode? {
        [1: PackMLUnitMode.production, 2: .maintenance, 3: .manual, 4: .changeover][number]
    }

    /// The PackML command number of `command`.
    static func commandNumber(_ command: PackMLCommand) -> Int32 {
        switch command {
        case .reset: 1
        case .start: 2
        case .stop: 3
        case .hold: 4
        case .unhold: 5
        case .suspend: 6
        case .unsuspend: 7
        case .abort: 8
        case .clear: 9
        case .complete: 10
        }
    }
}
