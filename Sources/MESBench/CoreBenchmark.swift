import ArgumentParser
import Foundation
import MESCore
import MESSampleData
import MESStore

/// Commands per second through the MES core: in memory, and durable in SQLite at both
/// synchronous levels, on the sample shop's realistic mix.
struct CoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "MES core throughput: the sample workload (receive, create, release, consume, start, complete) plus genealogy queries.")

    @Option(help: "Commands per run.") var commands = 20_000
    @Option(help: "One genealogy query after this many commands.") var queryEvery = 10
    @Option(help: "Write the results as Markdown to this file.") var markdown: String?

    struct Result {
        let store: String
        let durability: String
        let commands: Int
        let queries: Int
        let seconds: Double
        var operationsPerSecond: Double { Double(commands + queries) / seconds }
        var commandsPerSecond: Double { Double(commands) / seconds }
    }

    func run() throws {
        guard commands > 0, queryEvery > 0 else { throw ValidationError("--commands and --query-every must be positive") }
        var results: [Result] = []
        results.append(try measure("in-memory", "none (process memory)") { InMemoryJournalStore() })
        results.append(try measure("in-memory, events only", "none; no audit values, no hash chain", detail: .eventsOnly) { InMemoryJournalStore() })
        for durability in [SQLiteJournalStore.Durability.normal, .full] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-bench-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let label = durability == .full ? "synchronous=FULL: fsync per commit, survives power loss" : "synchronous=NORMAL (WAL): survives a process crash"
            results.append(try measure("SQLite WAL", label) { try SQLiteJournalStore(path: path, durability: durability) })
        }
        var lines = ["store                         durability                                               commands  queries   seconds   ops/s      commands/s"]
        for result in results {
            lines.append(
                result.store.padding(toLength: 30, withPad: " ", startingAt: 0) + result.durability.padding(toLength: 57, withPad: " ", startingAt: 0)
                    + String(format: "%-9d %-9d %-9.3f %-10.0f %.0f", result.commands, result.queries, result.seconds, result.operationsPerSecond,
                             result.commandsPerSecond))
        }
        print(lines.joined(separator: "\n"))
        if let markdown { try report(results).write(toFile: markdown, atomically: true, encoding: .utf8) }
    }

    func measure(_ store: String, _ durability: String, detail: MESCore.JournalDetail = .audited, _ makeStore: () throws -> any JournalStore) throws -> Result {
        let engine = try MESEngine(store: makeStore(), detail: detail)
        var workload = SampleWorkload(start: Date(timeIntervalSince1970: 1_767_225_600))
        let (setup, admin) = workload.setup()
        try engine.execute(setup, by: admin, at: workload.time)
        var queries = 0
        var lastSerial: String?
        let clock = ContinuousClock()
        let started = clock.now
        for index in 1...commands {
            let (command, actor, time) = workload.next(in: engine.state)
            try engine.execute(command, by: actor, at: time)
            if case .consumeMaterial(_, let serial, _, _) = command { lastSerial = serial }
            if index % queryEvery == 0, let serial = lastSerial {
                _ = try engine.traceability(by: actor).genealogy(of: serial)
                queries += 1
            }
        }
        let seconds = (clock.now - started).seconds
        return Result(store: store, durability: durability, commands: commands, queries: queries, seconds: seconds)
    }

    func report(_ results: [Result]) -> String {
        var text = """
            # MES core benchmark

            - Date: \(ISO8601DateFormatter().string(from: Date()))
            - Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores
            - Command: `bash scripts/bench-core.sh`, which runs `mes-bench core --commands \(commands) --query-every \(queryEvery) --markdown reports/benchmarks/core.md` (release build)
            - Workload: the sample shop's stream — lots received, blade orders of 5 created and released, each serial consuming bar stock and
              going through three operations (start and complete), all as real core commands with authorization, validation, events,
              audit records (before/after JSON) and the SHA-256 hash chain; plus one genealogy query per \(queryEvery) commands.
            - Detail: every row but "events only" keeps audit records with before/after JSON and seals the SHA-256 hash chain;
              "events only" keeps the complete event record (what reports and traces are computed from) for simulated replications.
            - Durability: each command is one transaction (journal entry, audit rows, read-model rows). `NORMAL` in WAL mode loses
              nothing on a process crash (the SIGKILL test) but may lose the last commits on power loss; `FULL` fsyncs every commit.

            | store | durability | commands | queries | seconds | operations/s | commands/s |
            |---|---|---:|---:|---:|---:|---:|

            """
        for result in results {
            text += "| \(result.store) | \(result.durability) | \(result.commands) | \(result.queries) | \(String(format: "%.3f", result.seconds)) | "
            text += "\(String(format: "%.0f", result.operationsPerSecond)) | \(String(format: "%.0f", result.commandsPerSecond)) |\n"
        }
        return text
    }
}
