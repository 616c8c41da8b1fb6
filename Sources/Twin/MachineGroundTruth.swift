/// The simulator's own account of one machine — time in each phase and what it made, inside
/// the observation window — kept independently of the MES, to check the KPIs computed from
/// the MES record against.
public struct MachineGroundTruth: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable { case stopped, idle, setup, execute, blocked, down, plannedMaintenance }

    public let id: String
    public private(set) var hours: [Phase: Double] = [:]
    public private(set) var produced = 0
    public private(set) var good = 0
    public private(set) var idealHours = 0.0
    public private(set) var failures = 0
    private var phase = Phase.stopped
    /// Execute hours of the current job, in all and inside the window: its standard time is
    /// credited in that share, as the KPIs from the MES record do.
    private var jobExecuteTotal = 0.0
    private var jobExecuteInside = 0.0
    private var since = 0.0
    private let window: Range<Double>

    init(id: String, window: Range<Double>) {
        self.id = id
        self.window = window
    }

    mutating func enter(_ next: Phase, at time: Double) {
        close(at: time)
        if next == .down && phase != .down && window.contains(time) { failures += 1}
        phase = next
    }

    mutating func startJob() {
        jobExecuteTotal = 0
        jobExecuteInside = 0
    }

    mutating func countProduced(good isGood: Bool, idealHours standard: Double, at time: Double) {
        close(at: time)
        let share = jobExecuteTotal > 0 ? jobExecuteInside / jobExecuteTotal : (window.contains(time) ? 1 : 0)
        idealHours += standard * share
        startJob()
        guard window.contains(time) else { return }
        produced += 1
        if isGood { good += 1 }
    }

    mutating func close(at time: Double) {
        let lower = max(since, window.lowerBound), upper = min(time, window.upperBound)
        if upper > lower { hours[phase, default: 0] += upper - lower }
        if phase == .execute && time > since {
            jobExecuteTotal += time - since
            jobExecuteInside += max(0, upper - lower)
        }
        since = time
    }

    public func hours(_ phase: Phase) -> Double { hours[phase] ?? 0 }
    public var plannedBusyHours: Double { Phase.allCases.filter { $0 != .stopped && $0 != .plannedMaintenance }.reduce(0) { $0 + hours($1) } }
    public var availability: Double? { plannedBusyHours > 0 ? hours(.execute) / plannedBusyHours : nil }
    public var performance: Double? { hours(.execute) > 0 ? idealHours / hours(.execute) : nil }
}
