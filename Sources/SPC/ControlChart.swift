/// Centre line and control limits at one point of a chart; `sigma` is one standard error of the
/// plotted statistic there, which the zone rules measure distances in.
public struct ControlLimits: Sendable, Equatable, Codable {
    public let center: Double
    public let upper: Double
    public let lower: Double
    public let sigma: Double

    public init(center: Double, sigma: Double, floor: Double? = nil) {
        self.center = center
        self.sigma = sigma
        upper = center + 3 * sigma
        lower = floor.map { Swift.max($0, center - 3 * sigma) } ?? center - 3 * sigma
    }

    public init(center: Double, upper: Double, lower: Double) {
        self.center = center
        self.upper = upper
        self.lower = lower
        sigma = (upper - center) / 3
    }

    /// Distance from the centre in sigmas.
    public func zone(of value: Double) -> Double {
        if sigma > 0 { return (value - center) / sigma }
        // With no spread at all, any departure from the centre is infinitely many sigmas.
        return value == center ? 0 : (value > center ? .infinity : -.infinity)
    }
}

/// One plotted statistic per subgroup (or observation) with its limits.
public struct ControlChart: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case xbar = "X̄", range = "R", standardDeviation = "S", individuals = "I", movingRange = "MR"
        case p, np, c, u
    }

    public let kind: Kind
    public let points: [Double]
    /// The limits at each point (they vary only for p and u charts with varying sample sizes).
    public let limits: [ControlLimits]

    public init(kind: Kind, points: [Double], limits: [ControlLimits]) {
        precondition(points.count == limits.count, "one set of limits per point")
        self.kind = kind
        self.points = points
        self.limits = limits
    }

    /// Points outside their control limits.
    public var outOfControl: [Int] { points.indices.filter { points[$0] > limits[$0].upper || points[$0] < limits[$0].lower } }

    /// Rule violations of `rules`, in order of the point that completes each pattern.
    public func violations(_ rules: [ControlRule]) -> [RuleViolation] {
        let zones = points.indices.map { limits[$0].zone(of: points[$0]) }
        return points.indices.flatMap { index in rules.compactMap { $0.check(points: points, zones: zones, at: index) } }
    }
}
