import ArgumentParser
import Foundation
import QueueingModels
import Stochastics

/// Until the digital twin lands, the main job is this kernel demo: reference lines simulated
/// with replications and compared with queueing theory, written to `reports/demo/`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate reference production lines with replications and compare them with queueing theory.")

    @Option(help: "Scenario seed.") var seed: UInt64 = 2026
    @Option(help: "Independent replications per model (at least 2).") var replications = 10
    @Option(help: "Simulated time per replication after warm-up.") var length = 200_000.0
    @Option(help: "Warm-up time discarded at the start of each replication.") var warmUp = 10_000.0
    @Option(help: "Directory the report is written to.") var out = "reports/demo"

    func validate() throws {
        guard replications >= 2 else { throw ValidationError("--replications must be at least 2, got \(replications)") }
        guard length > 0, warmUp >= 0 else { throw ValidationError("--length must be positive and --warm-up non-negative") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let rows = try DemoReport.rows(replications: Replications(count: replications, seed: seed), warmUp: warmUp, length: length)
        let report = DemoReport.markdown(rows: rows, seed: seed, replications: replications, warmUp: warmUp, length: length)
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("kernel-demo.md")
        try Data(report.utf8).write(to: file, options: .atomic)
        print(report)
        print("report written to \(file.path) in \(clock.now - started)")
        if rows.contains(where: { !$0.interval.contains($0.theory) }) {
            print("note: at 99% confidence about 1 in 100 rows misses its theoretical value by chance alone")
        }
    }
}
