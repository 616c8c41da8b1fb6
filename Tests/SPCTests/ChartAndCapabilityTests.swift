import Testing

@testable import SPC

/// Charts and capability against hand calculations (here worked with NumPy/SciPy), on five
/// subgroups of five measurements of a 10.0 ± 0.6 mm blade root width.
@Suite("Control charts and capability")
struct ChartAndCapabilityTests {
    static let subgroups: [[Double]] = [
        [10.2, 9.9, 10.1, 10.0, 9.8], [10.1, 10.3, 9.9, 10.0, 10.2], [9.7, 10.0, 10.1, 9.9, 10.0], [10.4, 10.1, 10.0, 10.2, 10.3],
        [9.9, 9.8, 10.0, 10.1, 9.9],
    ]

    @Test("X̄-R limits for n=5 match X̄̄ ± A2·R̄, D3·R̄ and D4·R̄ by hand")
    func xbarR() throws {
        let charts = try ShewhartCharts.xbarR(Self.subgroups)
        // X̄̄ = 10.036, R̄ = 0.38; with the table's A2 = 0.577, D3 = 0, D4 = 2.114:
        // X̄: 10.036 ± 0.21926 = [9.81674, 10.25526]; R: [0, 0.80332]. Tolerance: the table's rounding, 0.0005·R̄.
        let x = try #require(charts.location.limits.first)
        #expect(abs(x.center - 10.036) < 1e-12 && abs(x.upper - 10.25526) < 0.0002 && abs(x.lower - 9.81674) < 0.0002)
        let r = try #require(charts.dispersion.limits.first)
        #expect(abs(r.center - 0.38) < 1e-12 && abs(r.upper - 0.80332) < 0.0002 && r.lower == 0)
        #expect(charts.location.points.map { ($0 * 1000).rounded() / 1000 } == [10.0, 10.1, 9.94, 10.2, 9.94])
        #expect(abs(charts.sigmaWithin - 0.16337551) < 1e-6)  // R̄/d2 with d2(5) = 2.32593
        #expect(charts.location.outOfControl.isEmpty && charts.dispersion.outOfControl.isEmpty)
    }

    @Test("X̄-S uses s̄/c4 and A3, B3, B4")
    func xbarS() throws {
        let charts = try ShewhartCharts.xbarS(Self.subgroups)
        let deviations = Self.subgroups.map { s -> Double in
            let m = s.reduce(0, +) / 5
            return (s.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 4).squareRoot()
        }
        let sBar = deviations.reduce(0, +) / 5
        let c = try ControlChartConstants.forSubgroup(size: 5)
        #expect(abs(charts.dispersion.limits[0].center - sBar) < 1e-12)
        #expect(abs(charts.location.limits[0].upper - (10.036 + c.a3 * sBar)) < 1e-12)
        #expect(abs(charts.dispersion.limits[0].upper - c.b4 * sBar) < 1e-12 && charts.dispersion.limits[0].lower == 0)
        #expect(abs(charts.sigmaWithin - sBar / 0.9400) < 1e-4)
    }

    @Test("Cp, Cpk, Pp, Ppk and their intervals match the hand calculation")
    func capability() throws {
        let charts = try ShewhartCharts.xbarR(Self.subgroups)
        let capability = try Capability(values: Self.subgroups.flatMap { $0 }, sigmaWithin: charts.sigmaWithin, lower: 9.4, upper: 10.6)
        // μ = 10.036, σ within = 0.16337551, σ overall = 0.17048949 (n − 1 = 24).
        // Cp = 1.2/(6·0.16337551) = 1.22417368, Cpk = (10.6 − 10.036)/(3·0.16337551) = 1.15072326,
        // Pp = 1.17309283, Ppk = 1.10270726; Cpk 95% (Bissell) [0.79994, 1.50150]; Cp 95% (χ²) [0.87997, 1.56779].
        #expect(abs(capability.cp! - 1.22417368) < 1e-6)
        #expect(abs(capability.cpk - 1.15072326) < 1e-6)
        #expect(abs(capability.pp! - 1.17309283) < 1e-6)
        #expect(abs(capability.ppk - 1.10270726) < 1e-6)
        #expect(abs(capability.cpkInterval.lowerBound - 0.79994) < 1e-5 && abs(capability.cpkInterval.upperBound - 1.50150) < 1e-5)
        #expect(abs(capability.cpInterval!.lowerBound - 0.87997) < 1e-5 && abs(capability.cpInterval!.upperBound - 1.56779) < 1e-5)
        let upperOnly = try Capability(values: Self.subgroups.flatMap { $0 }, sigmaWithin: charts.sigmaWithin, lower: nil, upper: 10.6)
        #expect(upperOnly.cp == nil && abs(upperOnly.cpk - 1.15072326) < 1e-6)
    }

    @Test("I-MR: σ = MR̄/1.128, I limits x̄ ± 2.66·MR̄, MR upper 3.267·MR̄")
    func individuals() throws {
        let values: [Double] = [5, 7, 6, 8, 6, 5, 7]
        let charts = try ShewhartCharts.individuals(values)
        // Moving ranges 2, 1, 2, 2, 1, 2: MR̄ = 10/6; x̄ = 44/7. The tabulated E2 = 2.660 and
        // D4 = 3.267 are 3/d2(2) = 2.6587 and 1 + 3·d3/d2 rounded, hence the 0.0025 tolerance.
        let mrBar = 10.0 / 6
        #expect(abs(charts.location.limits[0].upper - (44.0 / 7 + 2.660 * mrBar)) < 0.0025)
        #expect(abs(charts.dispersion.limits[0].upper - 3.267 * mrBar) < 0.0025)
        #expect(abs(charts.sigmaWithin - mrBar / 1.12838) < 1e-5)
        #expect(charts.dispersion.points == [2, 1, 2, 2, 1, 2])
    }

    @Test("attribute charts: p with varying n, np, c, u")
    func attributes() throws {
        let p = try ShewhartCharts.p(defectives: [2, 5, 1, 4], sampleSizes: [50, 100, 50, 100])
        // p̄ = 12/300 = 0.04; n = 50: 0.04 ± 3·√(0.04·0.96/50) = 0.04 ± 0.083138 → [0, 0.123138].
        #expect(abs(p.limits[0].center - 0.04) < 1e-12 && abs(p.limits[0].upper - 0.123138) < 1e-6 && p.limits[0].lower == 0)
        #expect(abs(p.limits[1].upper - (0.04 + 3 * (0.04 * 0.96 / 100).squareRoot())) < 1e-12)
        let np = try ShewhartCharts.np(defectives: [3, 5, 4, 4], sampleSize: 100)
        #expect(abs(np.limits[0].center - 4) < 1e-12 && abs(np.limits[0].upper - (4 + 3 * (4 * 0.96).squareRoot())) < 1e-12)
        let c = try ShewhartCharts.c(counts: [4, 9, 2, 5])
        #expect(c.limits[0].center == 5 && abs(c.limits[0].upper - (5 + 3 * 5.0.squareRoot())) < 1e-12 && c.limits[0].lower == 0)
        let u = try ShewhartCharts.u(counts: [6, 3, 9], units: [2, 1, 3])
        #expect(u.limits[0].center == 3 && abs(u.limits[2].upper - (3 + 3 * (3.0 / 3).squareRoot())) < 1e-12)
    }

    @Test("frozen limits judge later points against a baseline; recomputed limits move with them")
    func frozenLimits() throws {
        let shifted = Self.subgroups + [[10.9, 11.0, 10.8, 11.1, 10.9]]
        let frozen = try ShewhartCharts.xbarR(shifted, limits: .frozen(baseline: 0..<5))
        #expect(frozen.location.limits[0].center == 10.036 || abs(frozen.location.limits[0].center - 10.036) < 1e-12)
        #expect(frozen.location.outOfControl == [5])
        let recomputed = try ShewhartCharts.xbarR(shifted, limits: .recomputed)
        #expect(recomputed.location.limits[0].center > 10.1)
        #expect(throws: SPCError("baseline 3..<9 must hold at least 2 of the 6 subgroups")) {
            try ShewhartCharts.xbarR(shifted, limits: .frozen(baseline: 3..<9))
        }
    }

    @Test("bad data is refused with the reason")
    func badData() {
        #expect(throws: SPCError("subgroup 1 has 4 values; the first has 5")) { try ShewhartCharts.xbarR([[1, 2, 3, 4, 5], [1, 2, 3, 4]]) }
        #expect(throws: SPCError("value 1 is not a finite number: nan")) { try ShewhartCharts.individuals([1, .nan, 3]) }
        #expect(throws: SPCError("subgroup 0: 7 defectives in a sample of 5")) { try ShewhartCharts.p(defectives: [7, 1], sampleSizes: [5, 5]) }
        #expect(throws: SPCError("the lower specification limit 2.0 must lie below the upper 1.0")) {
            try Capability(values: [1, 2, 3], sigmaWithin: 1, lower: 2, upper: 1)
        }
    }
}
