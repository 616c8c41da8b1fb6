import Testing

@testable import Stochastics

/// Statistics against hand calculations (tolerance 1e-9 unless a published table is quoted).
@Suite("Statistics")
struct StatisticsTests {
    let data: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

    @Test("a tally gives count, mean, sample variance, min and max")
    func tally() {
        var tally = Tally()
        for value in data { tally.record(value) }
        #expect(tally.count == 8)
        #expect(tally.mean == 5)
        #expect(abs(tally.variance - 32.0 / 7) < 1e-12)  // Σ(x−5)² = 32, n − 1 = 7
        #expect(tally.min == 2 && tally.max == 9 && tally.sum == 40)
        tally.reset()
        #expect(tally.count == 0 && tally.variance == 0)
    }

    @Test("a tally stays accurate for values far from zero")
    func tallyStability() {
        var tally = Tally()
        for value in data { tally.record(1e9 + value) }
        #expect(abs(tally.mean - (1e9 + 5)) < 1e-6)
        #expect(abs(tally.variance - 32.0 / 7) < 1e-9)
    }

    @Test("sample statistics and GSL quantiles (type 7)")
    func sample() throws {
        let sample = try SampleStatistics([5, 1, 4, 2, 3])
        #expect(sample.mean == 3 && abs(sample.variance - 2.5) < 1e-12)
        #expect(try sample.quantile(0.25) == 2)
        #expect(abs(try sample.quantile(0.9) - 4.6) < 1e-12)  // (n−1)·0.9 = 3.6 → 4 + 0.6·(5 − 4)
        #expect(sample.median == 3 && sample.min == 1 && sample.max == 5)
        #expect(throws: StatisticsError("a sample needs at least one observation")) { try SampleStatistics([]) }
        #expect(throws: StatisticsError("the sample holds NaN")) { try SampleStatistics([1, .nan]) }
        #expect(throws: StatisticsError("a quantile's probability must lie in [0, 1], got 1.5")) { try sample.quantile(1.5) }
    }

    @Test("a time-weighted average integrates the path")
    func timeWeighted() {
        // 0 on [0, 2), 3 on [2, 5), 1 on [5, 10): area 0 + 9 + 5 = 14 over 10.
        var average = TimeWeightedAverage(startingAt: 0, value: 0)
        average.record(3, at: 2)
        average.record(1, at: 5)
        #expect(abs(average.mean(at: 10) - 1.4) < 1e-12)
        // Second moment (27 + 5)/10 = 3.2, variance 3.2 − 1.96 = 1.24.
        #expect(abs(average.variance(at: 10) - 1.24) < 1e-12)
        #expect(average.max == 3 && average.min == 0 && average.current == 1)
        average.reset(at: 10)
        average.record(5, at: 12)
        #expect(abs(average.mean(at: 14) - 3) < 1e-12)  // (1·2 + 5·2)/4
    }

    @Test("Student-t quantiles match the published table")
    func tQuantiles() {
        // Two-sided 95% with 9 d.f. and 99% with 19 d.f., to the table's six decimals.
        #expect(abs(ConfidenceInterval.studentTQuantile(probability: 0.975, degreesOfFreedom: 9) - 2.262157) < 5e-7)
        #expect(abs(ConfidenceInterval.studentTQuantile(probability: 0.995, degreesOfFreedom: 19) - 2.860935) < 5e-7)
        #expect(abs(ConfidenceInterval.studentTQuantile(probability: 0.975, degreesOfFreedom: 1) - 12.706205) < 5e-6)
    }

    @Test("a Student-t confidence interval by hand")
    func studentInterval() throws {
        // 1…5: mean 3, s = √2.5, t(0.975, 4) = 2.776445 ⇒ half-width 2.776445·√2.5/√5 = 1.963243.
        let interval = try ConfidenceInterval.studentT([1, 2, 3, 4, 5], level: 0.95)
        #expect(interval.mean == 3 && interval.count == 5)
        #expect(abs(interval.halfWidth - 1.963243) < 1e-6)
        #expect(interval.contains(4.9) && !interval.contains(5.0))
        #expect(throws: StatisticsError("a confidence interval needs at least two independent observations, got 1")) {
            try ConfidenceInterval.studentT([1])
        }
        #expect(throws: StatisticsError("a confidence level must lie in (0, 1), got 95.0")) {
            try ConfidenceInterval.studentT([1, 2], level: 95)
        }
    }

    @Test("batch means drop the leading remainder and average each batch")
    func batchMeans() throws {
        // 11 values, 3 batches of 3: the first 2 values are dropped.
        let series: [Double] = [100, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let batches = try BatchMeans(series, batchCount: 3)
        #expect(batches.batchMeans == [2, 5, 8])
        let interval = try batches.confidenceInterval(level: 0.95)
        // mean 5, s = 3, t(0.975, 2) = 4.3026527 ⇒ half-width 4.3026527·3/√3 = 7.452413.
        #expect(interval.mean == 5 && abs(interval.halfWidth - 7.452413) < 1e-6)
        #expect(throws: StatisticsError("2 observations cannot fill 3 batches")) { try BatchMeans([1, 2], batchCount: 3) }
        #expect(throws: StatisticsError("batch means need at least 2 batches, got 1")) { try BatchMeans([1, 2], batchCount: 1) }
    }
}
