import MESCore
import Stochastics

/// A plant file (`Plants/*.yaml`): the shop the twin simulates and the master data the MES
/// runs on. Times are in minutes unless a field's name says otherwise; every random quantity
/// is a `Distribution` (a bare number is a constant).
public struct PlantDescription: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    public var workCenters: [WorkCenterDescription]
    public var machines: [MachineDescription]
    public var materials: [MaterialDefinition]
    public var lots: [LotDescription]
    public var parts: [PartDescription]
    public var inspectionPlans: [InspectionPlanDescription]
    public var tools: [ToolDescription]
    public var operators: [OperatorDescription]
    public var shifts: [ShiftDescription]

    enum CodingKeys: String, CodingKey {
        case name, description, workCenters, machines, materials, lots, parts, inspectionPlans, tools, operators, shifts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        workCenters = try c.decode([WorkCenterDescription].self, forKey: .workCenters)
        machines = try c.decode([MachineDescription].self, forKey: .machines)
        materials = try c.decodeIfPresent([MaterialDefinition].self, forKey: .materials) ?? []
        lots = try c.decodeIfPresent([LotDescription].self, forKey: .lots) ?? []
        parts = try c.decode([PartDescription].self, forKey: .parts)
        inspectionPlans = try c.decodeIfPresent([InspectionPlanDescription].self, forKey: .inspectionPlans) ?? []
        tools = try c.decodeIfPresent([ToolDescription].self, forKey: .tools) ?? []
        operators = try c.decodeIfPresent([OperatorDescription].self, forKey: .operators) ?? []
        shifts = try c.decodeIfPresent([ShiftDescription].self, forKey: .shifts) ?? []
    }
}

public struct WorkCenterDescription: Codable, Sendable, Equatable {
    public var id: String
    public var description: String?
}

/// A machine: where it stands, how it fails and is maintained, what feeds it, what it senses.
public struct MachineDescription: Codable, Sendable, Equatable {
    public var id: String
    public var workCenter: String
    public var equipmentClass: String
    /// Places in the machine's input buffer; unlimited when absent.
    public var bufferCapacity: Int?
    public var failures: FailureDescription?
    public var preventiveMaintenance: MaintenancePlanDescription?
    public var calibrationIntervalDays: Double?
    /// How long a calibration takes (minutes); an hour when absent.
    public var calibrationDuration: Distribution?
    public var setup: SetupDescription?
    public var sensors: [SensorDescription]?
    /// How the MES reaches the real machine; the simulator when absent.
    public var driver: DriverDescription?
}

/// Breakdowns: time (or cycles) between failures and time to repair.
public struct FailureDescription: Codable, Sendable, Equatable {
    public enum Basis: String, Codable, Sendable { case operatingTime, calendarTime, cycles }
    public var basis: Basis
    /// Minutes of the basis (or cycles) between failures.
    public var between: Distribution
    public var timeToRepair: Distribution
}

public struct MaintenancePlanDescription: Codable, Sendable, Equatable {
    public var intervalHours: Double
    public var duration: Distribution
}

/// Changeover time: within a part family, and between families.
public struct SetupDescription: Codable, Sendable, Equatable {
    public var sameFamily: Distribution
    public var familyChange: Distribution
}

/// A process value the machine measures, and how it moves the part's characteristics.
public struct SensorDescription: Codable, Sendable, Equatable {
    public var tag: String
    public var unit: String
    public var nominal: Double
    /// Measurement and process noise added to each cycle's value.
    public var noise: Distribution
    /// Drift per cycle, such as tool wear.
    public var driftPerCycle: Double?
    /// Cycles after which the tool is changed and the drift starts again.
    public var resetAfterCycles: Int?
    /// Characteristic ids and how much each moves per unit of the sensor's deviation from nominal.
    public var influences: [Influence]?

    public struct Influence: Codable, Sendable, Equatable {
        public var characteristic: String
        public var gain: Double
    }
}

public struct LotDescription: Codable, Sendable, Equatable {
    public var lotCode: String
    public var material: String
    public var heatNumber: String
    public var supplier: String
    public var quantity: Double
    public var unit: String
    /// The supplier's lot quality: the share of parts made from the lot that come out
    /// nonconforming at their first inspection (none when absent).
    public var nonconformingFraction: Double?
}

/// A part revision: its bill of materials and routing, each operation with the cycle time
/// the twin samples and the standards the MES plans with.
public struct PartDescription: Codable, Sendable, Equatable {
    public var partNumber: String
    public var revision: String
    public var description: String
    public var family: String?
    public var billOfMaterials: [BOMLine]?
    public var routing: [OperationDescription]
}

public struct OperationDescription: Codable, Sendable, Equatable {
    public var operation: Int
    public var description: String
    public var workCenter: String
    public var cycleTime: Distribution
    public var setupMinutes: Double?
    public var certification: String?
    public var alternateWorkCenters: [String]?
    /// Probability that a part is scrapped at this operation whatever the sensors say.
    public var scrapProbability: Double?
}

public struct InspectionPlanDescription: Codable, Sendable, Equatable {
    public var id: String
    public var partNumber: String
    public var revision: String
    public var operation: Int
    /// `every`, `every N` or `first-last`.
    public var sampling: String?
    public var characteristics: [Characteristic]
    /// Part-to-part variation of characteristics that no sensor explains, added to each measurement.
    public var variation: [Variation]?

    public struct Variation: Codable, Sendable, Equatable {
        public var characteristic: String
        public var noise: Distribution
    }
}

public struct ToolDescription: Codable, Sendable, Equatable {
    public var id: String
    public var kind: ToolGauge.Kind
    public var description: String
    public var calibrationIntervalDays: Double?
    /// Days after the start of a run when calibration falls due.
    public var calibrationDueInDays: Double?
}

public struct OperatorDescription: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var certifications: [String]
    /// Work speed relative to the standard (1.0 = standard).
    public var efficiency: Double?
    public var shift: String?
}

/// A shift pattern: when it starts, how long it lasts, on which days, with which breaks.
public struct ShiftDescription: Codable, Sendable, Equatable {
    public var name: String
    /// `HH:MM`.
    public var start: String
    public var hours: Double
    /// Weekdays worked, `Mon` ... `Sun`.
    public var days: [String]
    public var breaks: [BreakDescription]?

    public struct BreakDescription: Codable, Sendable, Equatable {
        public var start: String
        public var minutes: Double
    }
}
