import Testing

@testable import SPC

/// The computed constants against the published table (Montgomery, Introduction to Statistical
/// Quality Control, Appendix VI; ASTM E2587), which gives three or four decimals: the
/// tolerance is half a unit of the last published digit, except d3, whose classic table is off
/// by one in the last digit at some n (n = 19: 0.734 for 0.73348), so ±0.0006 there; and against
/// five-decimal values integrated independently with SciPy (quad/dblquad) to ±0.00002.
@Suite("Control chart constants")
struct ConstantsTests {
    static let d2: [Double] = [1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532,
                               3.588, 3.640, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931]
    static let d3: [Double] = [0.853, 0.888, 0.880, 0.864, 0.848, 0.833, 0.820, 0.808, 0.797, 0.787, 0.778, 0.770, 0.763, 0.756, 0.750,
                               0.744, 0.739, 0.734, 0.729, 0.724, 0.720, 0.716, 0.712, 0.708]
    static let c4: [Double] = [0.7979, 0.8862, 0.9213, 0.9400, 0.9515, 0.9594, 0.9650, 0.9693, 0.9727, 0.9754, 0.9776, 0.9794, 0.9810,
                               0.9823, 0.9835, 0.9845, 0.9854, 0.9862, 0.9869, 0.9876, 0.9882, 0.9887, 0.9892, 0.9896]

    @Test("d2, d3 and c4 for every n from 2 to 25")
    func basicConstants() throws {
        for n in 2...25 {
            let constants = try ControlChartConstants.forSubgroup(size: n)
            #expect(abs(constants.d2 - Self.d2[n - 2]) <= 0.0005, "d2(\(n)) = \(constants.d2)")
            #expect(abs(constants.d3 - Self.d3[n - 2]) <= 0.0006, "d3(\(n)) = \(constants.d3)")
            #expect(abs(constants.c4 - Self.c4[n - 2]) <= 0.00005, "c4(\(n)) = \(constants.c4)")
        }
    }

    @Test("d2 and d3 to five decimals against an independent SciPy integration", arguments: [
        (2, 1.12838, 0.85250), (5, 2.32593, 0.86408), (10, 3.07751, 0.79705), (19, 3.68896, 0.73348), (25, 3.93063, 0.70844),
    ])
    func precise(_ row: (Int, Double, Double)) throws {
        let constants = try ControlChartConstants.forSubgroup(size: row.0)
        #expect(abs(constants.d2 - row.1) <= 0.00002 && abs(constants.d3 - row.2) <= 0.00002, "n=\(row.0): d2 \(constants.d2), d3 \(constants.d3)")
    }

    @Test("A2, A3, B3, B4, D3, D4 against the table", arguments: [
        // n, A2, A3, B3, B4, D3, D4
        (2, 1.880, 2.659, 0.000, 3.267, 0.000, 3.267),
        (5, 0.577, 1.427, 0.000, 2.089, 0.000, 2.114),
        (7, 0.419, 1.182, 0.118, 1.882, 0.076, 1.924),
        (10, 0.308, 0.975, 0.284, 1.716, 0.223, 1.777),
        (25, 0.153, 0.606, 0.565, 1.435, 0.459, 1.541),
    ])
    func derivedConstants(_ row: (Int, Double, Double, Double, Double, Double, Double)) throws {
        let c = try ControlChartConstants.forSubgroup(size: row.0)
        for (name, computed, published) in [("A2", c.a2, row.1), ("A3", c.a3, row.2), ("B3", c.b3, row.3), ("B4", c.b4, row.4),
                                            ("D3", c.d3Limit, row.5), ("D4", c.d4Limit, row.6)] {
            #expect(abs(computed - published) <= 0.0006, "\(name)(\(row.0)) = \(computed), table \(published)")
        }
    }

    @Test("subgroup sizes outside 2...25 are refused")
    func sizes() {
        #expect(throws: SPCError("subgroup size must be between 2 and 25, got 1")) { try ControlChartConstants.forSubgroup(size: 1) }
        #expect(throws: SPCError("subgroup size must be between 2 and 25, got 26")) { try ControlChartConstants.forSubgroup(size: 26) }
    }
}
