/// Plant and scenario files describe a distribution as a map with a `type` and its
/// parameters, e.g. `{type: lognormal, mean: 12.5, sd: 1.2}`, or as a bare number for a
/// constant. Unknown types, missing or unknown parameters and invalid values are decoding
/// errors that carry the coding path of the offending field.
extension Distribution: Codable {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The parameters each type accepts (truncated_normal's bounds, beta's range and empirical's
    /// `continuous` may be left out).
    static let parameters: [String: [String]] = [
        "constant": ["value"],
        "exponential": ["mean"],
        "normal": ["mean", "sd"],
        "truncated_normal": ["mean", "sd", "min", "max"],
        "lognormal": ["mean", "sd"],
        "weibull": ["shape", "scale"],
        "gamma": ["shape", "scale"],
        "erlang": ["phases", "mean"],
        "triangular": ["min", "mode", "max"],
        "uniform": ["min", "max"],
        "beta": ["alpha", "beta", "min", "max"],
        "poisson": ["mean"],
        "bernoulli": ["p"],
        "binomial": ["trials", "p"],
        "empirical": ["data", "continuous"],
    ]

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let value = try? single.decode(Double.self) {
            self = .constant(value)
            try Self.check(self, codingPath: decoder.codingPath)
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        let typeKey = Key("type")
        let type = try container.decode(String.self, forKey: typeKey)
        guard let allowed = Self.parameters[type] else {
            let known = Self.parameters.keys.sorted().joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: typeKey, in: container, debugDescription: "unknown distribution type '\(type)'; expected one of: \(known)")
        }
        for key in container.allKeys where key.stringValue != "type" && !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "\(type) takes no parameter '\(key.stringValue)'; its parameters are: \(allowed.joined(separator: ", "))")
        }
        func number(_ name: String) throws -> Double { try container.decode(Double.self, forKey: Key(name)) }
        func optionalNumber(_ name: String) throws -> Double? { try container.decodeIfPresent(Double.self, forKey: Key(name)) }
        func integer(_ name: String) throws -> Int { try container.decode(Int.self, forKey: Key(name)) }

        switch type {
        case "constant": self = .constant(try number("value"))
        case "exponential": self = .exponential(mean: try number("mean"))
        case "normal": self = .normal(mean: try number("mean"), sd: try number("sd"))
        case "truncated_normal":
            self = .truncatedNormal(
                mean: try number("mean"), sd: try number("sd"),
                min: try optionalNumber("min") ?? -.infinity, max: try optionalNumber("max") ?? .infinity)
        case "lognormal": self = .lognormal(mean: try number("mean"), sd: try number("sd"))
        case "weibull": self = .weibull(shape: try number("shape"), scale: try number("scale"))
        case "gamma": self = .gamma(shape: try number("shape"), scale: try number("scale"))
        case "erlang": self = .erlang(phases: try integer("phases"), mean: try number("mean"))
        case "triangular": self = .triangular(min: try number("min"), mode: try number("mode"), max: try number("max"))
        case "uniform": self = .uniform(min: try number("min"), max: try number("max"))
        case "beta":
            self = .beta(
                alpha: try number("alpha"), beta: try number("beta"),
                min: try optionalNumber("min") ?? 0, max: try optionalNumber("max") ?? 1)
        case "poisson": self = .poisson(mean: try number("mean"))
        case "bernoulli": self = .bernoulli(p: try number("p"))
        case "binomial": self = .binomial(trials: try integer("trials"), p: try number("p"))
        default:  // "empirical"; the table above admits no other type
            let data = try container.decode([Double].self, forKey: Key("data"))
            let continuous = try container.decodeIfPresent(Bool.self, forKey: Key("continuous")) ?? false
            self = .empirical(EmpiricalData(sortedValues: data.sorted(), continuous: continuous))
        }
        try Self.check(self, codingPath: decoder.codingPath)
    }

    private static func check(_ distribution: Distribution, codingPath: [any CodingKey]) throws {
        do {
            try distribution.validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(typeName, forKey: Key("type"))
        func put(_ name: String, _ value: Double) throws { try container.encode(value, forKey: Key(name)) }
        switch self {
        case .constant(let value): try put("value", value)
        case .exponential(let mean), .poisson(let mean): try put("mean", mean)
        case .normal(let mean, let sd), .lognormal(let mean, let sd):
            try put("mean", mean)
            try put("sd", sd)
        case .truncatedNormal(let mean, let sd, let min, let max):
            try put("mean", mean)
            try put("sd", sd)
            if min.isFinite { try put("min", min) }
            if max.isFinite { try put("max", max) }
        case .weibull(let shape, let scale), .gamma(let shape, let scale):
            try put("shape", shape)
            try put("scale", scale)
        case .erlang(let phases, let mean):
            try container.encode(phases, forKey: Key("phases"))
            try put("mean", mean)
        case .triangular(let min, let mode, let max):
            try put("min", min)
            try put("mode", mode)
            try put("max", max)
        case .uniform(let min, let max):
            try put("min", min)
            try put("max", max)
        case .beta(let alpha, let beta, let min, let max):
            try put("alpha", alpha)
            try put("beta", beta)
            try put("min", min)
            try put("max", max)
        case .bernoulli(let p): try put("p", p)
        case .binomial(let trials, let p):
            try container.encode(trials, forKey: Key("trials"))
            try put("p", p)
        case .empirical(let data):
            try container.encode(data.sortedValues, forKey: Key("data"))
            try container.encode(data.continuous, forKey: Key("continuous"))
        }
    }
}
