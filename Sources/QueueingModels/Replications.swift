import Stochastics

/// Independent replications of a model: replication r uses `RandomStreams(seed:replication:)`,
/// and each named measure gets a Student-t confidence interval over the replications.
public struct Replications: Sendable {
    public let count: Int
    public let seed: UInt64

    public init(count: Int, seed: UInt64) {
        precondition(count >= 2, "a confidence interval needs at least two replications")
        self.count = count
        self.seed = seed
    }

    /// Runs `model` once per replication; it returns its measures by name.
    public func run(_ model: (RandomStreams) -> [String: Double]) -> Summary {
        var values: [String: [Double]] = [:]
        for replication in 0..<count {
            for (name, value) in model(RandomStreams(seed: seed, replication: replication)) {
                values[name, default: []].append(value)
            }
        }
        return Summary(values: values)
    }

    public struct Summary: Sendable {
        /// Each measure's value in every replication, in replication order.
        public let values: [String: [Double]]

        /// The confidence interval of measure `name`'s mean across replications.
        public func interval(_ name: String, level: Double = 0.99) throws -> ConfidenceInterval {
            guard let sample = values[name] else { throw StatisticsError("no measure named '\(name)'") }
            return try ConfidenceInterval.studentT(sample, level: level)
        }
    }
}
