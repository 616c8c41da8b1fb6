/// What to measure on a part revision at one operation, how often, and who may record it.
public struct InspectionPlan: Codable, Sendable, Hashable {
    public let id: String
    public let partNumber: String
    public let revision: String
    public let operationNumber: Int
    public var characteristics: [Characteristic]
    public var sampling: Sampling
    /// The role an inspector must hold to record results (besides the matrix's Quality Data permission).
    public var requiredRole: Role?

    public init(
        id: String, partNumber: String, revision: String, operationNumber: Int, characteristics: [Characteristic], sampling: Sampling = .every,
        requiredRole: Role? = nil
    ) {
        self.id = id
        self.partNumber = partNumber
        self.revision = revision
        self.operationNumber = operationNumber
        self.characteristics = characteristics
        self.sampling = sampling
        self.requiredRole = requiredRole
    }

    /// Which serials of a work order must be inspected.
    public enum Sampling: Codable, Sendable, Hashable {
        /// 100 %.
        case every
        /// The 1st, (n+1)th, (2n+1)th, ... serial of the order.
        case everyNth(Int)
        /// The first and the last serial of the order.
        case firstAndLast

        /// Whether the serial at `position` (0-based) of `count` must be inspected.
        public func selects(position: Int, of count: Int) -> Bool {
            switch self {
            case .every: true
            case .everyNth(let n): position % Swift.max(1, n) == 0
            case .firstAndLast: position == 0 || position == count - 1
            }
        }
    }
}

/// One drawing characteristic, ballooned on the drawing, with its specification.
public struct Characteristic: Codable, Sendable, Hashable {
    public let id: String
    public let balloon: Int
    public var description: String
    public var nominal: Double
    /// Lower specification limit; nil for a one-sided (upper only) characteristic.
    public var lowerLimit: Double?
    /// Upper specification limit; nil for a one-sided (lower only) characteristic.
    public var upperLimit: Double?
    public var unit: String
    public var method: String
    /// The gauge that must be used, if the plan names one.
    public var gaugeId: String?

    public init(
        id: String, balloon: Int, description: String, nominal: Double, lowerLimit: Double?, upperLimit: Double?, unit: String, method: String,
        gaugeId: String? = nil
    ) {
        self.id = id
        self.balloon = balloon
        self.description = description
        self.nominal = nominal
        self.lowerLimit = lowerLimit
        self.upperLimit = upperLimit
        self.unit = unit
        self.method = method
        self.gaugeId = gaugeId
    }

    public func conforms(_ value: Double) -> Bool {
        (lowerLimit.map { value >= $0 } ?? true) && (upperLimit.map { value <= $0 } ?? true)
    }
}
