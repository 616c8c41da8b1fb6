import Foundation

/// Closed-form results the kernel is validated against.
public enum QueueingTheory {
    /// M/M/1 steady state.
    public struct MM1: Sendable {
        public let utilization, meanWaitInQueue, meanTimeInSystem, meanNumberInSystem, meanQueueLength: Double

        public init(arrivalRate lambda: Double, serviceRate mu: Double) {
            precondition(lambda < mu, "M/M/1 is unstable for λ ≥ μ")
            let rho = lambda / mu
            utilization = rho
            meanWaitInQueue = rho / (mu - lambda)
            meanTimeInSystem = 1 / (mu - lambda)
            meanNumberInSystem = rho / (1 - rho)
            meanQueueLength = rho * rho / (1 - rho)
        }
    }

    /// Erlang C: the probability that an arrival to M/M/c waits.
    public static func erlangC(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double) -> Double {
        let a = lambda / mu
        let rho = a / Double(c)
        precondition(rho < 1, "M/M/c is unstable for ρ ≥ 1")
        var term = 1.0
        var sum = 1.0
        for k in 1..<c {
            term *= a / Double(k)
            sum += term
        }
        let last = term * a / Double(c) / (1 - rho)
        return last / (sum + last)
    }

    /// M/M/c mean wait in queue: C(c, a) / (cμ − λ).
    public static func mmcMeanWait(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double) -> Double {
        erlangC(servers: c, arrivalRate: lambda, serviceRate: mu) / (Double(c) * mu - lambda)
    }

    /// Pollaczek–Khinchine: M/G/1 mean wait in queue λ·E[S²] / (2(1 − ρ)).
    public static func mg1MeanWait(arrivalRate lambda: Double, serviceMean: Double, serviceVariance: Double) -> Double {
        let rho = lambda * serviceMean
        precondition(rho < 1, "M/G/1 is unstable for ρ ≥ 1")
        return lambda * (serviceVariance + serviceMean * serviceMean) / (2 * (1 - rho))
    }

    /// M/M/1/K with K places in the system (queue plus server).
    public struct MM1K: Sendable {
        public let blockingProbability, meanNumberInSystem: Double

        public init(arrivalRate lambda: Double, serviceRate mu: Double, capacity k: Int) {
            let rho = lambda / mu
            let kk = Double(k)
            if abs(rho - 1) < 1e-12 {
                blockingProbability = 1 / (kk + 1)
                meanNumberInSystem = kk / 2
            } else {
                blockingProbability = (1 - rho) * pow(rho, kk) / (1 - pow(rho, kk + 1))
                meanNumberInSystem = rho / (1 - rho) - (kk + 1) * pow(rho, kk + 1) / (1 - pow(rho, kk + 1))
            }
        }
    }

    /// Two exponential stations of equal rate μ, the first never starved, a buffer of B
    /// between them and blocking after service: throughput μ(B + 2)/(B + 3).
    public static func twoStationBlockingThroughput(serviceRate mu: Double, buffer b: Int) -> Double {
        mu * Double(b + 2) / Double(b + 3)
    }

    /// A saturated machine with exponential failures (during operation) and repairs, whose
    /// interrupted cycle resumes: throughput = availability / mean cycle.
    public static func preemptResumeThroughput(meanCycle: Double, mtbf: Double, mttr: Double) -> Double {
        mtbf / (mtbf + mttr) / meanCycle
    }

    /// The same machine with a fixed cycle τ that restarts after every failure:
    /// 1 / ((MTBF + MTTR)(e^{τ/MTBF} − 1)).
    public static func preemptRestartThroughput(cycle tau: Double, mtbf: Double, mttr: Double) -> Double {
        1 / ((mtbf + mttr) * expm1(tau / mtbf))
    }
}
