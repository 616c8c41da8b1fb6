import Foundation
import Stochastics

/// A scenario file (`Scenarios/*.yaml`): which plant, how long, how often, what demand under
/// which dispatching rule, scripted events, and what-if variants run with common random
/// numbers. Times are hours from the scenario's start unless a field says otherwise.
public struct ScenarioDescription: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    /// The plant file, relative to the scenario file.
    public var plant: String
    /// ISO 8601 start of the simulated period; a Monday 06:00 UTC when absent.
    public var start: String?
    public var horizonHours: Double
    public var warmupHours: Double
    public var replications: Int
    public var seed: UInt64
    public var demand: DemandDescription
    public var dispatching: DispatchingRule
    /// CONWIP release: an order is released only while fewer than this many serials are in
    /// process (the order waits otherwise, oldest first); released on arrival when absent.
    public var wipLimit: Int?
    public var events: [ScriptedEvent]
    public var variants: [VariantDescription]
    /// How the simulated quality engineer handles NCRs.
    public var quality: QualityPolicy
    /// Scripted events of a training session (`mes train`), which `mes simulate` runs too.
    public var training: TrainingDescription?

    enum CodingKeys: String, CodingKey {
        case name, description, plant, start, horizonHours, warmupHours, replications, seed, demand, dispatching, wipLimit, events, variants, quality, training
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        plant = try c.decode(String.self, forKey: .plant)
        start = try c.decodeIfPresent(String.self, forKey: .start)
        horizonHours = try c.decode(Double.self, forKey: .horizonHours)
        warmupHours = try c.decodeIfPresent(Double.self, forKey: .warmupHours) ?? 0
        replications = try c.decodeIfPresent(Int.self, forKey: .replications) ?? 10
        seed = try c.decode(UInt64.self, forKey: .seed)
        demand = try c.decode(DemandDescription.self, forKey: .demand)
        dispatching = try c.decodeIfPresent(DispatchingRule.self, forKey: .dispatching) ?? .fifo
        wipLimit = try c.decodeIfPresent(Int.self, forKey: .wipLimit)
        events = try c.decodeIfPresent([ScriptedEvent].self, forKey: .events) ?? []
        variants = try c.decodeIfPresent([VariantDescription].self, forKey: .variants) ?? []
        quality = try c.decodeIfPresent(QualityPolicy.self, forKey: .quality) ?? QualityPolicy()
        training = try c.decodeIfPresent(TrainingDescription.self, forKey: .training)
    }
}

/// Work to do: explicit work orders, an arrival process over a part mix, or both.
public struct DemandDescription: Codable, Sendable, Equatable {
    public var workOrders: [WorkOrderDemand]?
    public var arrivals: ArrivalDemand?

    public struct WorkOrderDemand: Codable, Sendable, Equatable {
        public var partNumber: String
        public var revision: String?
        public var quantity: Int
        public var releaseAtHours: Double
        public var dueAtHours: Double
        public var customerOrder: String?
        /// The order's priority in the MES; Normal when absent.
        public var priority: String?
    }

    /// Orders arriving at random over a mix of parts.
    public struct ArrivalDemand: Codable, Sendable, Equatable {
        public var interarrivalHours: Distribution
        public var mix: [MixEntry]

        public struct MixEntry: Codable, Sendable, Equatable {
            public var partNumber: String
            public var revision: String?
            public var weight: Double
            public var quantity: Distribution
            public var dueAfterHours: Distribution
        }
    }
}

/// Which waiting job a free machine takes next.
public enum DispatchingRule: String, Codable, Sendable, CaseIterable {
    /// First come, first served.
    case fifo
    /// Earliest due date.
    case edd
    /// Shortest processing time (mean cycle time of the operation).
    case spt
    /// Smallest critical ratio: time to due date over remaining work.
    case criticalRatio
    /// Work-order priority, then first come.
    case priority
}

/// Something the scenario makes happen at a set time.
public struct ScriptedEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case breakdown, badLot, sensorDrift }
    public var kind: Kind
    public var atHours: Double
    /// The machine that breaks down, or whose sensor drifts.
    public var machine: String?
    /// For a breakdown: how long the repair takes (minutes).
    public var repairMinutes: Double?
    /// For a bad lot: the lot whose parts come out nonconforming.
    public var lot: String?
    /// For a sensor drift: the sensor tag and the extra drift per cycle.
    public var sensor: String?
    public var driftPerCycle: Double?
}

/// A what-if: named changes to the base scenario, run on the same random streams.
public struct VariantDescription: Codable, Sendable, Equatable {
    public var name: String
    public var dispatching: DispatchingRule?
    /// Another CONWIP limit for this variant.
    public var wipLimit: Int?
    /// Machines added to the plant.
    public var addMachines: [MachineDescription]?
    /// Changes to existing machines.
    public var changeMachines: [MachineChange]?

    public struct MachineChange: Codable, Sendable, Equatable {
        public var id: String
        public var failures: FailureDescription?
        public var bufferCapacity: Int?
        public var setup: SetupDescription?
    }
}

/// The simulated quality engineer's policy for non-conformances: how long a review takes, how
/// the disposition is chosen, and when a lot is held as the likely cause.
public struct QualityPolicy: Codable, Sendable, Equatable {
    /// Time from an NCR being opened to its disposition (hours).
    public var reviewHours: Distribution
    /// Relative weights of the dispositions chosen for a serial.
    public var rework: Double
    public var scrap: Double
    public var useAsIs: Double
    /// Reworks a serial may have; a serial failing again is scrapped.
    public var maxReworks: Int
    /// NCRs on parts made from one lot after which the lot is quarantined; 0 never does.
    public var quarantineLotAfterNCRs: Int

    public init(reviewHours: Distribution = .constant(4), rework: Double = 0.7, scrap: Double = 0.3, useAsIs: Double = 0, maxReworks: Int = 1,
                quarantineLotAfterNCRs: Int = 3) {
        self.reviewHours = reviewHours
        self.rework = rework
        self.scrap = scrap
        self.useAsIs = useAsIs
        self.maxReworks = maxReworks
        self.quarantineLotAfterNCRs = quarantineLotAfterNCRs
    }

    enum CodingKeys: String, CodingKey { case reviewHours, rework, scrap, useAsIs, maxReworks, quarantineLotAfterNCRs }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = QualityPolicy()
        reviewHours = try c.decodeIfPresent(Distribution.self, forKey: .reviewHours) ?? defaults.reviewHours
        rework = try c.decodeIfPresent(Double.self, forKey: .rework) ?? defaults.rework
        scrap = try c.decodeIfPresent(Double.self, forKey: .scrap) ?? defaults.scrap
        useAsIs = try c.decodeIfPresent(Double.self, forKey: .useAsIs) ?? defaults.useAsIs
        maxReworks = try c.decodeIfPresent(Int.self, forKey: .maxReworks) ?? defaults.maxReworks
        quarantineLotAfterNCRs = try c.decodeIfPresent(Int.self, forKey: .quarantineLotAfterNCRs) ?? defaults.quarantineLotAfterNCRs
    }
}
