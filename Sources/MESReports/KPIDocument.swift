import Foundation
import Stochastics

/// `kpis.json`: a scenario's KPIs across replications, each figure its mean and 95 % Student-t
/// interval. The schema is documented in `docs/kpis-schema.md`; keep the two in step.
public struct KPIDocument: Codable, Sendable, Equatable {
    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    public var horizonHours: Double
    public var warmupHours: Double
    public var dispatching: String
    public var plant: PlantKPIs
    public var machines: [MachineKPIs]
    public var workCenters: [WorkCenterKPIs]
    public var variants: [VariantKPIs]
    /// Present when the run followed a production plan (`mes simulate --schedule`).
    public var schedule: ScheduleKPIs?

    public init(scenario: String, seed: UInt64, replications: Int, horizonHours: Double, warmupHours: Double, dispatching: String, plant: PlantKPIs,
                machines: [MachineKPIs], workCenters: [WorkCenterKPIs], variants: [VariantKPIs]) {
        self.scenario = scenario
        self.seed = seed
        self.replications = replications
        self.horizonHours = horizonHours
        self.warmupHours = warmupHours
        self.dispatching = dispatching
        self.plant = plant
        self.machines = machines
        self.workCenters = workCenters
        self.variants = variants
    }

    /// Canonical bytes: sorted keys, so the same run gives the same file.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

/// A figure across replications: mean and 95 % confidence interval (nil with fewer than two
/// replications); replications where it is undefined (no failures → no MTBF) are left out,
/// and it is null when it is undefined in all of them.
public struct Figure: Codable, Sendable, Equatable {
    public var mean: Double?
    public var ci95: [Double]?

    /// `within` is the figure's possible range (a share lies in [0, 1], a duration is not
    /// negative): the interval is clipped to it, as a t interval from few replications can
    /// reach past it.
    public init(_ values: [Double?], within bounds: ClosedRange<Double>? = nil) {
        let defined = values.compactMap { $0 }.filter(\.isFinite)
        guard !defined.isEmpty else { return }
        if defined.count >= 2, let interval = try? ConfidenceInterval.studentT(defined, level: 0.95) {
            mean = interval.mean
            ci95 = [interval.lower, interval.upper].map { value in bounds.map { min(max(value, $0.lowerBound), $0.upperBound) } ?? value }
        } else {
            mean = defined.reduce(0, +) / Double(defined.count)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mean, forKey: .mean)
        try container.encode(ci95, forKey: .ci95)
    }
}

public struct PlantKPIs: Codable, Sendable, Equatable {
    public var oee, availability, performance, quality: Figure
    public var throughputPerDay, wipMean, leadTimeHours, onTimeDelivery, firstPassYield, scrapRate, ncrCount: Figure
    /// Added with the reports: mean lateness past the target date, and the share of serials reworked.
    public var tardinessHours, reworkRate: Figure

    public init(_ runs: [RunKPIs]) {
        let totals = runs.map(\.oee)
        oee = Figure(totals.map(\.oee), within: .nonNegative)
        availability = Figure(totals.map(\.availability), within: .share)
        performance = Figure(totals.map(\.performance), within: .nonNegative)
        quality = Figure(totals.map(\.quality), within: .share)
        throughputPerDay = Figure(runs.map(\.plant.throughputPerDay), within: .nonNegative)
        wipMean = Figure(runs.map(\.plant.wipMean), within: .nonNegative)
        leadTimeHours = Figure(runs.map(\.plant.leadTimeHours), within: .nonNegative)
        onTimeDelivery = Figure(runs.map(\.plant.onTimeDelivery), within: .share)
        firstPassYield = Figure(runs.map(\.plant.firstPassYield), within: .share)
        scrapRate = Figure(runs.map(\.plant.scrapRate), within: .share)
        ncrCount = Figure(runs.map { Double($0.plant.ncrCount) }, within: .nonNegative)
        tardinessHours = Figure(runs.map(\.plant.tardinessHours), within: .nonNegative)
        reworkRate = Figure(runs.map(\.plant.reworkRate), within: .share)
    }
}

public struct MachineKPIs: Codable, Sendable, Equatable {
    public var id: String
    public var oee, availability, performance, quality, utilization, mtbfHours, mttrHours: Figure

    /// One entry per machine id found in any run, sorted by id.
    public static func of(_ runs: [RunKPIs]) -> [MachineKPIs] {
        let ids = Set(runs.flatMap { $0.machines.map(\.id) }).sorted()
        return ids.map { id in
            let figures = runs.compactMap { run in run.machines.first { $0.id == id }.map { (run.windowHours, $0) } }
            return MachineKPIs(
                id: id, oee: Figure(figures.map(\.1.oee), within: .nonNegative), availability: Figure(figures.map(\.1.availability), within: .share),
                performance: Figure(figures.map(\.1.performance), within: .nonNegative), quality: Figure(figures.map(\.1.quality), within: .share),
                utilization: Figure(figures.map { $0.1.utilization(windowHours: $0.0) }, within: .share),
                mtbfHours: Figure(figures.map(\.1.mtbfHours), within: .nonNegative), mttrHours: Figure(figures.map(\.1.mttrHours), within: .nonNegative))
        }
    }
}

public struct WorkCenterKPIs: Codable, Sendable, Equatable {
    public var id: String
    public var queueLengthMean, waitHours: Figure

    public static func of(_ runs: [RunKPIs]) -> [WorkCenterKPIs] {
        let ids = Set(runs.flatMap { $0.workCenters.map(\.id) }).sorted()
        return ids.map { id in
            let figures = runs.compactMap { run in run.workCenters.first { $0.id == id } }
            return WorkCenterKPIs(id: id, queueLengthMean: Figure(figures.map(\.queueLengthMean), within: .nonNegative),
                                  waitHours: Figure(figures.map(\.waitHours), within: .nonNegative))
        }
    }
}

public struct VariantKPIs: Codable, Sendable, Equatable {
    public var name: String
    public var dispatching: String
    public var plant: PlantKPIs
    public var machines: [MachineKPIs]
    public var workCenters: [WorkCenterKPIs]

    public init(name: String, dispatching: String, runs: [RunKPIs]) {
        self.name = name
        self.dispatching = dispatching
        plant = PlantKPIs(runs)
        machines = MachineKPIs.of(runs)
        workCenters = WorkCenterKPIs.of(runs)
    }
}

extension ClosedRange<Double> {
    /// The range of a share or probability.
    public static let share: ClosedRange<Double> = 0...1
    /// The range of a duration, count or rate.
    public static let nonNegative: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
}
