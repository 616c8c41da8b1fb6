import Testing

@testable import QueueingModels
@testable import Stochastics

/// Lines of stations against Jackson networks, the two-station blocking formula, failures
/// with preempt-resume and preempt-restart, and Little's law.
@Suite("Validation: lines, blocking, failures, Little's law")
struct LineValidationTests {
    static func jackson(serviceScale: Double) -> Replications.Summary {
        let services = [1.0, 0.8, 2.0 / 3].map { Distribution.exponential(mean: serviceScale / $0) }
        return Replications(count: 12, seed: 2_001).run { streams in
            let stats = ProductionLine(.openLine(arrivalRate: 0.5, services: services), streams: streams).run(warmUp: 2_000, length: 50_000)
            return Dictionary(uniqueKeysWithValues: stats.stations.enumerated().map { ("Lq\($0.offset + 1)", $0.element.meanQueueLength) })
        }
    }

    @Test("3-station tandem (Jackson): each station is M/M/1 with Lq = ρ²/(1−ρ)")
    func jacksonTandem() {
        // λ = 0.5 and μ = 1, 0.8, 2/3 ⇒ ρ = 0.5, 0.625, 0.75 ⇒ Lq = 0.5, 1.041667, 2.25.
        let expected = [0.5, 0.625 * 0.625 / 0.375, 2.25]
        let summary = Self.jackson(serviceScale: 1)
        for (index, lq) in expected.enumerated() { expectInside(summary, "Lq\(index + 1)", lq) }
        let wrong = Self.jackson(serviceScale: 1.05)
        expectOutside(wrong, "Lq3", expected[2])
    }

    static func pair(buffer: Int, serviceScale: Double) -> Replications.Summary {
        Replications(count: 10, seed: 2_002).run { streams in
            let line = ProductionLine(
                .saturatedLine(services: [.exponential(mean: serviceScale), .exponential(mean: serviceScale)], buffer: buffer), streams: streams)
            return ["X": line.run(warmUp: 1_000, length: 20_000).throughput]
        }
    }

    @Test("saturated 2-station line with a buffer of B and blocking after service: X = μ(B+2)/(B+3)", arguments: [0, 1, 3])
    func twoStationBlocking(buffer: Int) {
        let theory = QueueingTheory.twoStationBlockingThroughput(serviceRate: 1, buffer: buffer)
        expectInside(Self.pair(buffer: buffer, serviceScale: 1), "X", theory)
        expectOutside(Self.pair(buffer: buffer, serviceScale: 1.05), "X", theory)
    }

    static func failing(cycle: Distribution, work: FailingMachine.InterruptedWork, cycleScale: Double = 1) -> Replications.Summary {
        let scaled: Distribution = switch cycle {
        case .constant(let value): .constant(value * cycleScale)
        case .exponential(let mean): .exponential(mean: mean * cycleScale)
        default: cycle
        }
        return Replications(count: 10, seed: 2_003).run { streams in
            let machine = FailingMachine(
                cycle: scaled, timeToFailure: .exponential(mean: 9), timeToRepair: .exponential(mean: 1), interruptedWork: work, streams: streams)
            return ["X": machine.run(warmUp: 1_000, length: 40_000).throughput]
        }
    }

    @Test("a saturated machine with failures, preempt-resume: throughput = availability / cycle")
    func preemptResume() {
        let theory = QueueingTheory.preemptResumeThroughput(meanCycle: 1, mtbf: 9, mttr: 1)
        #expect(abs(theory - 0.9) < 1e-12)
        expectInside(Self.failing(cycle: .exponential(mean: 1), work: .resume), "X", theory)
        expectInside(Self.failing(cycle: .constant(1), work: .resume), "X", theory)
        expectOutside(Self.failing(cycle: .constant(1), work: .resume, cycleScale: 1.05), "X", theory)
    }

    @Test("the same machine with a fixed cycle τ, preempt-restart: X = 1/((MTBF+MTTR)(e^{τ/MTBF}−1))")
    func preemptRestart() {
        let theory = QueueingTheory.preemptRestartThroughput(cycle: 1, mtbf: 9, mttr: 1)
        // 1/(10·(e^{1/9} − 1)) = 1/(10·0.117519) = 0.850925.
        #expect(abs(theory - 0.850925) < 1e-6)
        let restart = Self.failing(cycle: .constant(1), work: .restart)
        expectInside(restart, "X", theory)
        // Restarting is measurably worse than resuming: the semantics differ as theory says.
        expectOutside(restart, "X", QueueingTheory.preemptResumeThroughput(meanCycle: 1, mtbf: 9, mttr: 1))
        expectOutside(Self.failing(cycle: .constant(1), work: .restart, cycleScale: 1.05), "X", theory)
    }

    @Test("Little's law L = λW on a line with finite buffers and blocking")
    func littlesLaw() throws {
        let configuration = LineConfiguration(
            arrivals: .stream(.exponential(mean: 1 / 0.7)), services: Array(repeating: .exponential(mean: 1), count: 3),
            bufferCapacities: [.max, 2, 2])
        var ratios: [Double] = []
        let summary = Replications(count: 10, seed: 2_004).run { streams in
            let stats = ProductionLine(configuration, streams: streams).run(warmUp: 2_000, length: 50_000)
            ratios.append(stats.meanWorkInProcess / (stats.throughput * stats.meanTimeInSystem))
            return ["L - XW": stats.meanWorkInProcess - stats.throughput * stats.meanTimeInSystem, "L": stats.meanWorkInProcess]
        }
        // Time-weighted WIP against per-part time in system: equal up to the parts straddling
        // the window's ends, which cancel in expectation.
        expectInside(summary, "L - XW", 0)
        #expect(ratios.allSatisfy { abs($0 - 1) < 0.01 }, "per-replication L/(XW): \(ratios)")
        // The buffers do bind: an infinite-buffer line at this load would hold less WIP.
        let wip = try summary.interval("L", level: 0.99)
        #expect(wip.lower > 3 * 0.7 / 0.3, "WIP \(wip) is no more than the unblocked Jackson line's")
    }

    @Test("the same seed gives bit-identical statistics; another seed other statistics")
    func determinism() {
        func run(_ seed: UInt64) -> LineStatistics {
            ProductionLine(.saturatedLine(services: Array(repeating: .exponential(mean: 1), count: 4), buffer: 2), streams: RandomStreams(seed: seed))
                .run(warmUp: 100, length: 2_000)
        }
        #expect(run(5) == run(5))
        #expect(run(5) != run(6))
    }
}
