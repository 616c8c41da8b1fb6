/// The method of batch means: one long, autocorrelated output series (waiting times of
/// successive parts) cut into `batchCount` contiguous batches whose means are close to
/// independent, giving a confidence interval from a single run.
public struct BatchMeans: Sendable, Equatable {
    public let batchCount: Int
    public let batchMeans: [Double]

    /// Splits `series` into `batchCount` equal batches; a remainder at the start is dropped,
    /// since the start is where the warm-up bias lives.
    public init(_ series: [Double], batchCount: Int) throws(StatisticsError) {
        guard batchCount >= 2 else { throw StatisticsError("batch means need at least 2 batches, got \(batchCount)") }
        guard series.count >= batchCount else {
            throw StatisticsError("\(series.count) observations cannot fill \(batchCount) batches")
        }
        let size = series.count / batchCount
        let start = series.count - size * batchCount
        self.batchCount = batchCount
        batchMeans = (0..<batchCount).map { batch in
            let lower = start + batch * size
            return series[lower..<(lower + size)].reduce(0, +) / Double(size)
        }
    }

    public func confidenceInterval(level: Double = 0.95) throws(StatisticsError) -> ConfidenceInterval {
        try ConfidenceInterval.studentT(batchMeans, level: level)
    }
}
