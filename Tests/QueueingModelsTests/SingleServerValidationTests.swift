import Testing

@testable import QueueingModels
@testable import Stochastics

/// One-station queues against M/M/1, M/D/1 (Pollaczek–Khinchine), M/M/1/K and M/M/c (Erlang C).
/// `serviceScale` stretches every service time; 1.05 is the "kernel is 5% wrong" model
/// that each check must reject.
@Suite("Validation: single-station queues")
struct SingleServerValidationTests {
    static func mm1(serviceScale: Double = 1, replications: Int = 16) -> Replications.Summary {
        Replications(count: replications, seed: 1_001).run { streams in
            let stats = ProductionLine(.openLine(arrivalRate: 0.9, services: [.exponential(mean: serviceScale)]), streams: streams)
                .run(warmUp: 5_000, length: 100_000)
            return ["Wq": stats.stations[0].meanWaitInQueue, "W": stats.meanTimeInSystem, "L": stats.meanWorkInProcess,
                    "rho": stats.stations[0].utilization, "Lq": stats.stations[0].meanQueueLength]
        }
    }

    @Test("M/M/1 with λ=0.9, μ=1: Wq=9, W=10, L=9, Lq=8.1, utilisation 0.9")
    func mm1Theory() {
        let theory = QueueingTheory.MM1(arrivalRate: 0.9, serviceRate: 1)
        #expect(abs(theory.meanWaitInQueue - 9) < 1e-12 && abs(theory.meanTimeInSystem - 10) < 1e-12 && abs(theory.meanNumberInSystem - 9) < 1e-12)
        let summary = Self.mm1()
        expectInside(summary, "Wq", 9)
        expectInside(summary, "W", 10)
        expectInside(summary, "L", 9)
        expectInside(summary, "Lq", 8.1)
        expectInside(summary, "rho", 0.9)
    }

    @Test("M/M/1 with service 5% slower is rejected")
    func mm1Power() {
        let summary = Self.mm1(serviceScale: 1.05, replications: 8)
        expectOutside(summary, "Wq", 9)
        expectOutside(summary, "rho", 0.9)
    }

    @Test("the event-driven M/M/1 gives exactly the Lindley recursion's waits on the same streams")
    func lindleyEquivalence() throws {
        let streams = RandomStreams(seed: 77)
        let line = ProductionLine(.openLine(arrivalRate: 0.9, services: [.exponential(mean: 1)]), streams: streams)
        let stats = line.run(departures: 20_000)
        let served = stats.stations[0].served
        #expect(served >= 20_000)
        var lindley = Tally()
        LindleyRecursion.forEachWait(
            customers: served, interarrival: .exponential(mean: 1 / 0.9), service: .exponential(mean: 1), streams: streams
        ) { lindley.record($0) }
        #expect(abs(stats.stations[0].meanWaitInQueue - lindley.mean) < 1e-9 * lindley.mean)
    }

    static func md1(service: Double) -> Replications.Summary {
        Replications(count: 12, seed: 1_002).run { streams in
            let stats = ProductionLine(.openLine(arrivalRate: 0.8, services: [.constant(service)]), streams: streams)
                .run(warmUp: 2_000, length: 50_000)
            return ["Wq": stats.stations[0].meanWaitInQueue]
        }
    }

    @Test("M/D/1 with λ=0.8, D=1: Wq = λD²/(2(1−ρ)) = 2 (Pollaczek–Khinchine)")
    func md1() {
        let theory = QueueingTheory.mg1MeanWait(arrivalRate: 0.8, serviceMean: 1, serviceVariance: 0)
        #expect(abs(theory - 2) < 1e-12)
        expectInside(Self.md1(service: 1), "Wq", theory)
        expectOutside(Self.md1(service: 1.05), "Wq", theory)
    }

    static func mm1k(serviceScale: Double) -> Replications.Summary {
        // K = 5 places: 4 in the queue and 1 in service.
        let configuration = LineConfiguration(
            arrivals: .stream(.exponential(mean: 1 / 0.9)), services: [.exponential(mean: serviceScale)], bufferCapacities: [4])
        return Replications(count: 10, seed: 1_003).run { streams in
            let stats = ProductionLine(configuration, streams: streams).run(warmUp: 1_000, length: 50_000)
            return ["P_K": stats.blockingProbability, "L": stats.meanWorkInProcess]
        }
    }

    @Test("M/M/1/K with λ=0.9, μ=1, K=5: blocking probability and L")
    func mm1k() {
        let theory = QueueingTheory.MM1K(arrivalRate: 0.9, serviceRate: 1, capacity: 5)
        // (1−ρ)ρ⁵/(1−ρ⁶) with ρ = 0.9: 0.1·0.59049/0.468559 = 0.126022.
        #expect(abs(theory.blockingProbability - 0.126022) < 1e-6)
        let summary = Self.mm1k(serviceScale: 1)
        expectInside(summary, "P_K", theory.blockingProbability)
        expectInside(summary, "L", theory.meanNumberInSystem)
        expectOutside(Self.mm1k(serviceScale: 1.05), "P_K", theory.blockingProbability)
    }

    static func mmc(serviceScale: Double) -> Replications.Summary {
        Replications(count: 10, seed: 1_004).run { streams in
            let result = MultiServerQueue(servers: 3, interarrival: .exponential(mean: 1 / 2.4), service: .exponential(mean: serviceScale), streams: streams)
                .run(warmUp: 1_000, length: 20_000)
            return ["Wq": result.meanWait, "rho": result.utilization]
        }
    }

    @Test("M/M/3 with ρ=0.8: Wq from Erlang C")
    func mmc() {
        // a = 2.4: Σ_{k<3} a^k/k! = 6.28, a³/3!/(1−ρ) = 11.52 ⇒ C = 11.52/17.8 = 0.647191, Wq = C/0.6.
        let erlangC = QueueingTheory.erlangC(servers: 3, arrivalRate: 2.4, serviceRate: 1)
        #expect(abs(erlangC - 11.52 / 17.8) < 1e-12)
        let wq = QueueingTheory.mmcMeanWait(servers: 3, arrivalRate: 2.4, serviceRate: 1)
        let summary = Self.mmc(serviceScale: 1)
        expectInside(summary, "Wq", wq)
        expectInside(summary, "rho", 0.8)
        expectOutside(Self.mmc(serviceScale: 1.05), "Wq", wq)
    }
}
