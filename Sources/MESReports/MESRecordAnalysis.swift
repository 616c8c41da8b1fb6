import Foundation
import MESCore

/// Computes `RunKPIs` by replaying an MES event record: the same code serves a simulated
/// replication and a production database. It folds the events into its own `MESState`, so
/// every figure rests on what the MES recorded and nothing else.
public struct MESRecordAnalysis {
    public let from: Date
    public let to: Date
    private var state = MESState()
    private var machines: [String: MachineFigures] = [:]
    private var machineSince: [String: (state: EquipmentState, planned: Bool, since: Date)] = [:]
    /// The operation ("serial/number") running on each machine, and each running operation's
    /// Execute hours in all and inside the window: an operation's standard time is credited in
    /// the share of its Execute time that fell inside the window, so performance stays true at
    /// the window's edges (an operation started before the window is not credited in full).
    private var running: [String: String] = [:]
    private var executeHours: [String: (total: Double, inside: Double)] = [:]
    private var wip = WindowedLevel()
    private var queues: [String: WindowedLevel] = [:]
    private var waits: [String: (total: Double, count: Int)] = [:]
    private var waiting: [String: (center: String, since: Date)] = [:]
    private var serialsWithNCR = Set<String>()
    private var plant = PlantFigures()
    private var leadTimes = (total: 0.0, count: 0)
    private var onTime = (hits: 0, count: 0)
    private var tardiness = (total: 0.0, count: 0)
    private var firstPass = 0
    private var detail: RunDetail
    private var wipBins: [Double]
    private var serialsReworked = Set<String>()
    private var wipSince: Date?
    /// What machines counted themselves (real equipment through its driver): where a machine
    /// reports counts, they replace the operations booked on it as its produced and good
    /// quantities, and its ideal cycle time gives the standard time (one basis for all three).
    private var machineCounts: [String: (produced: Int, good: Int, idealHours: Double)] = [:]

    public init(from: Date, to: Date) {
        precondition(from < to, "an analysis window must have positive length")
        self.from = from
        self.to = to
        let hours = to.timeIntervalSince(from) / 3_600
        // About a hundred bins, of whole hours (whole days past four days).
        let bin = hours > 96 ? max(24, (hours / 100 / 24).rounded(.up) * 24) : max(1, (hours / 100).rounded(.up))
        detail = RunDetail(windowHours: hours, binHours: bin)
        let count = Int((hours / bin).rounded(.up))
        detail.throughput = Array(repeating: 0, count: count)
        wipBins = Array(repeating: 0, count: count)
        var block = from
        while block < to {
            detail.shiftBlocks[RunDetail.shiftBlock(of: block), default: 0] += min(to.timeIntervalSince(block), 8 * 3_600) / (8 * 3_600)
            block = block.addingTimeInterval(8 * 3_600)
        }
    }

    private func offset(_ time: Date) -> Double { time.timeIntervalSince(from) / 3_600 }

    private func bin(_ time: Date) -> Int? {
        guard inWindow(time) else { return nil }
        return min(detail.throughput.count - 1, Int(offset(time) / detail.binHours))
    }

    /// Reads one journal entry's events, in order.
    public mutating func read(_ events: [DomainEvent], at entryTime: Date) {
        for event in events { read(event, at: entryTime) }
    }

    private mutating func read(_ event: DomainEvent, at entryTime: Date) {
        var touchedSerials: [String] = []
        switch event {
        case .equipmentRegistered(let machine):
            machines[machine.id] = MachineFigures(id: machine.id)
            machineSince[machine.id] = (machine.state, false, entryTime)
        case .equipmentStateChanged(let id, let newState, let time):
            transition(id, to: newState, planned: false, at: time)
        case .maintenanceStarted(let orderId, let asset, let time) where asset.kind == .equipment:
            let kind = state.maintenanceOrders[orderId]?.kind ?? .corrective
            transition(asset.id, to: .maintenance, planned: kind != .corrective, at: time)
        case .maintenanceCompleted(_, let asset, _, _, let time) where asset.kind == .equipment:
            transition(asset.id, to: state.equipmentInUse[asset.id] == nil ? .idle : .held, planned: false, at: time)
        case .machinePartsCounted(let id, let good, let bad, let ideal, let time):
            var counts = machineCounts[id] ?? (0, 0, 0)
            if inWindow(time) {
                counts.produced += good + bad
                counts.good += good
                counts.idealHours += Double(good + bad) * (ideal ?? 0) / 3_600
            }
            machineCounts[id] = counts
        case .operationStarted(let serial, let number, let machine, _, _, _):
            running[machine] = "\(serial)/\(number)"
            touchedSerials = [serial]
        case .operationCompleted(let serial, let number, let scrapReason, let time):
            if let unit = state.serials[serial], let operation = unit.operations.first(where: { $0.number == number }), let machine = operation.equipmentId {
                let key = "\(serial)/\(number)"
                // Close the Execute time up to the completion, so the operation's share is complete.
                if let current = machineSince[machine], current.state == .execute, running[machine] == key {
                    add(current.state, planned: current.planned, from: current.since, until: time, to: machine)
                    span(current.state, planned: current.planned, from: current.since, until: time, machine: machine)
                    machineSince[machine] = (current.state, current.planned, time)
                }
                let hours = executeHours.removeValue(forKey: key)
                if running[machine] == key { running[machine] = nil }
                let share = hours.map { $0.total > 0 ? $0.inside / $0.total : (inWindow(time) ? 1 : 0) } ?? (inWindow(time) ? 1 : 0)
                let credit = standardHours(of: operation, for: unit) * share
                machines[machine]?.idealHours += credit
                if inWindow(time) {
                    machines[machine]?.produced += 1
                    if scrapReason == nil { machines[machine]?.good += 1 }
                }
            }
            touchedSerials = [serial]
        case .workOrderReleased(_, let time, let units):
            accumulateWIP(until: time)
            wip.set(wip.level + Double(units.count), at: time, window: from...to)
            touchedSerials = units.map(\.serial)
        case .serialStatusChanged(let serial, let status):
            if state.serials[serial]?.status == .inProcess && status != .inProcess {
                accumulateWIP(until: entryTime)
                wip.set(wip.level - 1, at: entryTime, window: from...to)
                if inWindow(entryTime) {
                    if status == .completed {
                        plant.serialsCompleted += 1
                        if !serialsWithNCR.contains(serial) { firstPass += 1 }
                        if let index = bin(entryTime) { detail.throughput[index] += 1 }
                        detail.shiftThroughput[RunDetail.shiftBlock(of: entryTime), default: 0] += 1
                    } else {
                        plant.serialsScrapped += 1
                    }
                    if state.serials[serial]?.operations.contains(where: { $0.kind == .rework || $0.kind == .repair }) == true { serialsReworked.insert(serial) }
                }
            }
            touchedSerials = [serial]
        case .workOrderStatusChanged(let id, .completed, _, let time):
            if inWindow(time), let order = state.workOrders[id], let released = order.releasedAt {
                plant.workOrdersCompleted += 1
                leadTimes.total += time.timeIntervalSince(released) / 3_600
                leadTimes.count += 1
                detail.leadTimes.append(time.timeIntervalSince(released) / 3_600)
                if let due = order.targetDate.flatMap(Self.endOfDay) {
                    onTime.count += 1
                    // On time in full: by the end of the due day, with every serial good.
                    let good = order.serials.filter { state.serials[$0]?.status == .completed }.count
                    if time <= due && good == order.quantity { onTime.hits += 1 }
                    tardiness.total += max(0, time.timeIntervalSince(due) / 3_600)
                }
            }
        case .nonConformanceOpened(let report):
            if inWindow(report.openedAt) {
                plant.ncrCount += 1
                for characteristic in report.characteristicIds { detail.ncrByCharacteristic[characteristic, default: 0] += 1 }
                let found = report.inspectionId.flatMap { state.inspections[$0]?.planId } ?? "raised by hand"
                detail.ncrByInspection[found, default: 0] += 1
            }
            if report.subject.kind == .serial {
                serialsWithNCR.insert(report.subject.id)
                touchedSerials = [report.subject.id]
            }
        case .nonConformanceDispositioned(_, let subject, _, _, _, _) where subject.kind == .serial:
            touchedSerials = [subject.id]
        case .resultsRecorded(let id, let results, _):
            if let planId = state.inspections[id]?.planId {
                for result in results where inWindow(result.recordedAt) {
                    detail.measurements["\(planId)/\(result.characteristicId)", default: []].append(result.value)
                }
            }
        default:
            break
        }
        state.apply(event)
        for serial in touchedSerials { updateQueue(of: serial, at: eventTime(event) ?? entryTime) }
    }

    /// Ends the window and returns the figures with what the report's charts need.
    public mutating func finishWithDetail() -> (kpis: RunKPIs, detail: RunDetail) {
        let kpis = finish()
        accumulateWIP(until: to)
        detail.wip = wipBins.map { $0 / (detail.binHours * 3_600) }
        if let last = detail.wip.indices.last {
            // The last bin may be cut short by the window's end.
            let covered = detail.windowHours - Double(last) * detail.binHours
            if covered > 0 && covered < detail.binHours { detail.wip[last] = wipBins[last] / (covered * 3_600) }
        }
        detail.orders = state.workOrders.values.filter { $0.releasedAt != nil && $0.releasedAt! < to && ($0.completedAt ?? to) >= from }
            .sorted { $0.id < $1.id }
            .map { order in
                RunDetail.OrderRow(
                    id: order.id, part: "\(order.partNumber) rev \(order.revision)", quantity: order.quantity, released: offset(order.releasedAt!),
                    completed: order.completedAt.map(offset), due: order.targetDate.flatMap(Self.endOfDay).map(offset), status: order.status.rawValue)
            }
        return (kpis, detail)
    }

    /// Ends the window and returns the figures.
    public mutating func finish() -> RunKPIs {
        for (id, current) in machineSince {
            add(current.state, planned: current.planned, from: current.since, until: to, to: id)
            span(current.state, planned: current.planned, from: current.since, until: to, machine: id)
            machineSince[id] = (current.state, current.planned, to)
        }
        let windowHours = to.timeIntervalSince(from) / 3_600
        plant.wipMean = wip.mean(until: to, window: from...to)
        plant.throughputPerDay = Double(plant.serialsCompleted) / windowHours * 24
        plant.leadTimeHours = leadTimes.count > 0 ? leadTimes.total / Double(leadTimes.count) : nil
        plant.onTimeDelivery = onTime.count > 0 ? Double(onTime.hits) / Double(onTime.count) : nil
        let finished = plant.serialsCompleted + plant.serialsScrapped
        plant.firstPassYield = finished > 0 ? Double(firstPass) / Double(finished) : nil
        plant.scrapRate = finished > 0 ? Double(plant.serialsScrapped) / Double(finished) : nil
        plant.reworkRate = finished > 0 ? Double(serialsReworked.count) / Double(finished) : nil
        plant.tardinessHours = onTime.count > 0 ? tardiness.total / Double(onTime.count) : nil
        for (id, counts) in machineCounts where machines[id] != nil {
            machines[id]?.produced = counts.produced
            machines[id]?.good = counts.good
            machines[id]?.idealHours = counts.idealHours
        }
        let centers = Set(state.equipment.values.map(\.workCenter)).union(queues.keys).sorted()
        return RunKPIs(
            windowHours: windowHours, plant: plant, machines: machines.values.sorted { $0.id < $1.id },
            workCenters: centers.map { id in
                var figures = WorkCenterFigures(id: id)
                figures.queueLengthMean = queues[id]?.mean(until: to, window: from...to) ?? 0
                if let wait = waits[id], wait.count > 0 {
                    figures.waitHours = wait.total / Double(wait.count)
                    figures.starts = wait.count
                }
                return figures
            })
    }

    // MARK: Machines

    private mutating func transition(_ id: String, to newState: EquipmentState, planned: Bool, at time: Date) {
        guard let current = machineSince[id] else { return }
        add(current.state, planned: current.planned, from: current.since, until: time, to: id)
        span(current.state, planned: current.planned, from: current.since, until: time, machine: id)
        let failing = newState == .aborted || (newState == .maintenance && !planned)
        let wasFailing = current.state == .aborted || (current.state == .maintenance && !current.planned)
        if failing && !wasFailing && inWindow(time) { machines[id]?.failures += 1}
        machineSince[id] = (newState, planned, time)
    }

    private mutating func add(_ machineState: EquipmentState, planned: Bool, from start: Date, until end: Date, to id: String) {
        let hours = overlapHours(start, end)
        if machineState == .execute, let key = running[id], end > start {
            executeHours[key, default: (0, 0)].total += end.timeIntervalSince(start) / 3_600
            executeHours[key, default: (0, 0)].inside += hours
        }
        guard hours > 0 else { return }
        switch machineState {
        case .execute: machines[id]?.productionHours += hours
        case .setup: machines[id]?.setupHours += hours
        case .idle: machines[id]?.idleHours += hours
        case .suspended: machines[id]?.suspendedHours += hours
        case .held: machines[id]?.heldHours += hours
        case .aborted: machines[id]?.downHours += hours
        case .maintenance:
            if planned { machines[id]?.plannedDowntimeHours += hours } else { machines[id]?.downHours += hours }
        case .stopped: machines[id]?.stoppedHours += hours
        }
    }

    private mutating func span(_ machineState: EquipmentState, planned: Bool, from start: Date, until end: Date, machine id: String) {
        let lower = max(start, from), upper = min(end, to)
        guard upper > lower else { return }
        let category: String = switch machineState {
        case .execute: "execute"
        case .setup: "setup"
        case .idle: "idle"
        case .suspended: "blocked"
        case .held: "held"
        case .aborted: "down"
        case .maintenance: planned ? "maintenance" : "down"
        case .stopped: "stopped"
        }
        // Changed in place: copying the machine's spans out and back would make this quadratic.
        if let last = detail.spans[id]?.last, last.category == category, abs(last.end - offset(lower)) < 1e-9 {
            detail.spans[id]![detail.spans[id]!.count - 1] = RunDetail.StateSpan(start: last.start, end: offset(upper), category: category)
        } else {
            detail.spans[id, default: []].append(RunDetail.StateSpan(start: offset(lower), end: offset(upper), category: category))
        }
    }

    /// Spreads the WIP level since its last change over the bins it covered.
    private mutating func accumulateWIP(until time: Date) {
        guard let since = wipSince else {
            wipSince = time
            return
        }
        var lower = max(since, from)
        let upper = min(time, to)
        while lower < upper {
            let index = min(wipBins.count - 1, Int(offset(lower) / detail.binHours))
            let binEnd = min(upper, from.addingTimeInterval(Double(index + 1) * detail.binHours * 3_600))
            guard binEnd > lower else { break }
            wipBins[index] += wip.level * binEnd.timeIntervalSince(lower)
            lower = binEnd
        }
        wipSince = time
    }

    /// The standard run time of an operation: its routing step's, or for a step a disposition
    /// added, that of the routing step at the same work centre.
    private func standardHours(of operation: OperationRecord, for unit: SerialUnit) -> Double {
        guard let part = state.parts[Part.key(unit.partNumber, unit.revision)] else { return 0 }
        let step = operation.kind == .routing
            ? part.routing.first { $0.number == operation.number }
            : part.routing.first { $0.workCenter == operation.workCenter }
        return (step?.runMinutes ?? 0) / 60
    }

    // MARK: Queues

    private mutating func updateQueue(of serial: String, at time: Date) {
        let center = state.serials[serial].flatMap(Self.waitingCenter)
        let previous = waiting[serial]
        guard previous?.center != center else { return }
        if let previous {
            queues[previous.center, default: WindowedLevel()].add(-1, at: time, window: from...to)
            let started = state.serials[serial]?.operations.contains { $0.status == .inProgress } ?? false
            if started && inWindow(time) {
                waits[previous.center, default: (0, 0)].total += time.timeIntervalSince(previous.since) / 3_600
                waits[previous.center, default: (0, 0)].count += 1
            }
        }
        if let center {
            queues[center, default: WindowedLevel()].add(1, at: time, window: from...to)
            waiting[serial] = (center, time)
        } else {
            waiting[serial] = nil
        }
    }

    /// Where a serial waits: in process, not held, nothing running, and a step still to do.
    static func waitingCenter(_ unit: SerialUnit) -> String? {
        guard unit.status == .inProcess, !unit.isOnHold, !unit.operations.contains(where: { $0.status == .inProgress }) else { return nil }
        return unit.nextOperation?.workCenter
    }

    private func eventTime(_ event: DomainEvent) -> Date? {
        switch event {
        case .operationStarted(_, _, _, _, _, let time), .operationCompleted(_, _, _, let time), .workOrderReleased(_, let time, _): time
        case .nonConformanceOpened(let report): report.openedAt
        default: nil
        }
    }

    private func inWindow(_ time: Date) -> Bool { time >= from && time < to }

    private func overlapHours(_ start: Date, _ end: Date) -> Double {
        let lower = max(start, from), upper = min(end, to)
        return upper > lower ? upper.timeIntervalSince(lower) / 3_600 : 0
    }

    /// The last instant of a `yyyy-MM-dd` target date (UTC): an order due that day is on time
    /// when it completes before the day ends.
    static func endOfDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents(year: parts[0], month: parts[1], day: parts[2] + 1)
        components.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}

/// A level (serials in WIP, in a queue) integrated over time inside a window.
struct WindowedLevel {
    private(set) var level = 0.0
    private var since: Date?
    private var area = 0.0

    mutating func add(_ change: Double, at time: Date, window: ClosedRange<Date>) { set(level + change, at: time, window: window) }

    mutating func set(_ newLevel: Double, at time: Date, window: ClosedRange<Date>) {
        accumulate(until: time, window: window)
        level = newLevel
        since = time
    }

    func mean(until end: Date, window: ClosedRange<Date>) -> Double {
        var copy = self
        copy.accumulate(until: end, window: window)
        return copy.area / window.upperBound.timeIntervalSince(window.lowerBound)
    }

    private mutating func accumulate(until time: Date, window: ClosedRange<Date>) {
        guard let since else { return }
        let lower = max(since, window.lowerBound), upper = min(time, window.upperBound)
        if upper > lower { area += level * upper.timeIntervalSince(lower) }
    }
}
