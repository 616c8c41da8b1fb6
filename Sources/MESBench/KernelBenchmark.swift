import ArgumentParser
import Foundation
import QueueingModels
import Stochastics

/// The discrete-event kernel on the two reference models, plus the Lindley floor.
struct KernelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "M/M/1 (event-driven and Lindley floor) and a saturated 10-station line: wall seconds and parts per second.")

    @Option(help: "Customers through the M/M/1 queue.") var customers = 1_000_000
    @Option(help: "Parts to leave the serial line.") var parts = 200_000
    @Option(help: "Timed repetitions of each model; the median is reported.") var repetitions = 5
    @Option(help: "Scenario seed.") var seed: UInt64 = 20_261_125
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        guard customers > 0, parts > 0, repetitions > 0 else {
            throw ValidationError("--customers, --parts and --repetitions must be positive")
        }
        let arrival = Distribution.exponential(mean: 1 / 0.9)
        let service = Distribution.exponential(mean: 1.0)
        let streams = RandomStreams(seed: seed)

        let mm1 = measure(units: customers) { () -> Double in
            let line = ProductionLine(.openLine(arrivalRate: 0.9, services: [service]), streams: streams)
            return line.run(departures: customers).stations[0].meanWaitInQueue
        }
        let lindley = measure(units: customers) {
            LindleyRecursion.meanWait(customers: customers, interarrival: arrival, service: service, streams: streams)
        }
        let serial = measure(units: parts) { () -> Double in
            let line = ProductionLine(.saturatedLine(services: Array(repeating: service, count: 10), buffer: 5), streams: streams)
            return line.run(departures: parts).throughput
        }
        let results = [
            Result(model: "mm1", description: "M/M/1 λ=0.9 μ=1, event-driven", units: customers, measurement: mm1, check: "mean wait"),
            Result(model: "mm1_lindley", description: "M/M/1 λ=0.9 μ=1, Lindley recursion", units: customers, measurement: lindley, check: "mean wait"),
            Result(model: "serial_line", description: "10-station saturated line, buffers of 5", units: parts, measurement: serial, check: "throughput"),
        ]
        let overhead = mm1.medianSeconds / lindley.medianSeconds
        if json {
            var object: [String: Any] = ["event_driven_over_lindley": overhead, "repetitions": repetitions, "seed": seed]
            for result in results {
                object[result.model] = [
                    "description": result.description, "units": result.units, "seconds": result.measurement.medianSeconds,
                    "all_seconds": result.measurement.seconds, "units_per_second": result.rate, "check_value": result.measurement.value,
                ] as [String: Any]
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("model                                        units      seconds    units/s       check")
            for result in results {
                print(
                    result.description.padding(toLength: 44, withPad: " ", startingAt: 0),
                    String(result.units).padding(toLength: 10, withPad: " ", startingAt: 0),
                    String(format: "%-10.4f %-13.0f %@ %.4f", result.measurement.medianSeconds, result.rate, result.check, result.measurement.value))
            }
            print(String(format: "event-driven M/M/1 takes %.2f× the Lindley floor's time", overhead))
        }
    }

    struct Measurement {
        var seconds: [Double]
        var value: Double
        var medianSeconds: Double { seconds.sorted()[seconds.count / 2] }
    }

    struct Result {
        let model: String
        let description: String
        let units: Int
        let measurement: Measurement
        let check: String
        var rate: Double { Double(units) / measurement.medianSeconds }
    }

    /// Times `body` `repetitions` times; each run rebuilds its model and streams, so every
    /// repetition does identical work.
    func measure(units: Int, _ body: () -> Double) -> Measurement {
        var seconds: [Double] = []
        var value = 0.0
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let start = clock.now
            value = body()
            seconds.append((clock.now - start).seconds)
        }
        return Measurement(seconds: seconds, value: value)
    }
}
