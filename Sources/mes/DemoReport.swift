import Foundation
import QueueingModels
import Stochastics

/// The measures of the kernel demo, each simulated value next to its closed-form value.
enum DemoReport {
    struct Row {
        let model: String
        let measure: String
        let theory: Double
        let interval: ConfidenceInterval
    }

    static func rows(replications: Replications, warmUp: Double, length: Double) throws -> [Row] {
        var rows: [Row] = []
        let mm1 = QueueingTheory.MM1(arrivalRate: 0.9, serviceRate: 1)
        let single = replications.run { streams in
            let stats = ProductionLine(.openLine(arrivalRate: 0.9, services: [.exponential(mean: 1)]), streams: streams)
                .run(warmUp: warmUp, length: length)
            return ["wq": stats.stations[0].meanWaitInQueue, "w": stats.meanTimeInSystem, "l": stats.meanWorkInProcess,
                    "rho": stats.stations[0].utilization]
        }
        rows += [
            Row(model: "M/M/1 λ=0.9 μ=1", measure: "Wq", theory: mm1.meanWaitInQueue, interval: try single.interval("wq")),
            Row(model: "M/M/1 λ=0.9 μ=1", measure: "W", theory: mm1.meanTimeInSystem, interval: try single.interval("w")),
            Row(model: "M/M/1 λ=0.9 μ=1", measure: "L", theory: mm1.meanNumberInSystem, interval: try single.interval("l")),
            Row(model: "M/M/1 λ=0.9 μ=1", measure: "utilisation", theory: mm1.utilization, interval: try single.interval("rho")),
        ]
        let mmc = replications.run { streams in
            ["wq": MultiServerQueue(servers: 3, interarrival: .exponential(mean: 1 / 2.4), service: .exponential(mean: 1), streams: streams)
                .run(warmUp: warmUp, length: length / 4).meanWait]
        }
        rows.append(Row(model: "M/M/3 λ=2.4 μ=1", measure: "Wq (Erlang C)",
                        theory: QueueingTheory.mmcMeanWait(servers: 3, arrivalRate: 2.4, serviceRate: 1), interval: try mmc.interval("wq")))
        for buffer in [0, 2, 5] {
            let pair = replications.run { streams in
                ["x": ProductionLine(.saturatedLine(services: [.exponential(mean: 1), .exponential(mean: 1)], buffer: buffer), streams: streams)
                    .run(warmUp: warmUp, length: length).throughput]
            }
            rows.append(Row(model: "2 stations, buffer \(buffer), blocking", measure: "throughput",
                            theory: QueueingTheory.twoStationBlockingThroughput(serviceRate: 1, buffer: buffer), interval: try pair.interval("x")))
        }
        let mm1k = QueueingTheory.MM1K(arrivalRate: 0.9, serviceRate: 1, capacity: 5)
        let finite = replications.run { streams in
            let line = LineConfiguration(arrivals: .stream(.exponential(mean: 1 / 0.9)), services: [.exponential(mean: 1)], bufferCapacities: [4])
            let stats = ProductionLine(line, streams: streams).run(warmUp: warmUp, length: length)
            return ["pk": stats.blockingProbability, "l": stats.meanWorkInProcess]
        }
        rows += [
            Row(model: "M/M/1/5 λ=0.9 μ=1", measure: "P(arrival lost)", theory: mm1k.blockingProbability, interval: try finite.interval("pk")),
            Row(model: "M/M/1/5 λ=0.9 μ=1", measure: "L", theory: mm1k.meanNumberInSystem, interval: try finite.interval("l")),
        ]
        for work in [FailingMachine.InterruptedWork.resume, .restart] {
            let machine = replications.run { streams in
                ["x": FailingMachine(cycle: .constant(1), timeToFailure: .exponential(mean: 9), timeToRepair: .exponential(mean: 1),
                                     interruptedWork: work, streams: streams).run(warmUp: warmUp, length: length).throughput]
            }
            let theory = work == .resume
                ? QueueingTheory.preemptResumeThroughput(meanCycle: 1, mtbf: 9, mttr: 1)
                : QueueingTheory.preemptRestartThroughput(cycle: 1, mtbf: 9, mttr: 1)
            rows.append(Row(model: "machine τ=1, MTBF 9, MTTR 1, preempt-\(work)", measure: "throughput", theory: theory,
                            interval: try machine.interval("x")))
        }
        return rows
    }

    static func markdown(rows: [Row], seed: UInt64, replications: Int, warmUp: Double, length: Double) -> String {
        var text = """
            # JetMES kernel demo

            Reference lines simulated by the discrete-event kernel, \(replications) replications each \
            (seed \(seed), warm-up \(Int(warmUp)), run length \(Int(length)) time units), \
            against their closed-form values. Intervals are 99% Student-t over replication means.

            | model | measure | theory | simulated mean | 99% CI | theory inside |
            |---|---|---:|---:|---|:---:|

            """
        for row in rows {
            let inside = row.interval.contains(row.theory) ? "yes" : "**no**"
            text += "| \(row.model) | \(row.measure) | \(format(row.theory)) | \(format(row.interval.mean)) | "
            text += "[\(format(row.interval.lower)), \(format(row.interval.upper))] | \(inside) |\n"
        }
        return text
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
