import Foundation
import MESCore
import MESStore
import Testing

/// `mes simulate` as a user runs it: bad input of each kind is reported as file:line:column
/// with what was expected, the exit status is non-zero, and nothing is written.
@Suite("mes simulate from the command line")
struct SimulateCommandTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mes")

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    func mes(_ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Foundation.Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    /// A scratch copy of the validation plant and scenario, with `edit` applied to one of them.
    func workspace(plantEdit: (String) -> String = { $0 }, scenarioEdit: (String) -> String = { $0 }) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Plants/validation"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Scenarios/validation"), withIntermediateDirectories: true)
        let plant = try String(contentsOf: repositoryRoot.appendingPathComponent("Plants/validation/single-server.yaml"), encoding: .utf8)
        let scenario = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/validation/mm1.yaml"), encoding: .utf8)
        try plantEdit(plant).write(to: root.appendingPathComponent("Plants/validation/single-server.yaml"), atomically: true, encoding: .utf8)
        try scenarioEdit(scenario).write(to: root.appendingPathComponent("Scenarios/validation/mm1.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    static let badInputs: [(name: String, plant: Bool, from: String, to: String, expected: [String])] = [
        ("YAML syntax error", false, "horizonHours: 4000", "horizonHours: [4000", ["mm1.yaml:", "YAML"]),
        ("misspelt key", false, "warmupHours: 400", "warmupHour: 400", ["mm1.yaml:8:1", "unknown key 'warmupHour'", "warmupHours"]),
        ("missing required field", false, "seed: 20261125\n", "", ["mm1.yaml:", "seed"]),
        ("negative repair time", true, "    equipmentClass: validation-server\n",
         "    equipmentClass: validation-server\n    failures: {basis: operatingTime, between: 600, timeToRepair: {type: uniform, min: -5, max: 10}}\n",
         ["single-server.yaml:11:66", "timeToRepair", "negative"]),
        ("routing names no such work centre", true, "        workCenter: WC-SERVE\n        cycleTime", "        workCenter: WC-NOWHERE\n        cycleTime",
         ["single-server.yaml:18:21", "no work centre 'WC-NOWHERE'"]),
        ("impossible distribution", true, "cycleTime: {type: exponential, mean: 60}", "cycleTime: {type: exponential, mean: -60}",
         ["single-server.yaml:19:20", "mean must be greater than 0"]),
    ]

    @Test("bad input: located, non-zero exit, nothing written", arguments: 0..<badInputs.count)
    func badInput(index: Int) throws {
        let bad = Self.badInputs[index]
        #expect(try String(contentsOf: repositoryRoot.appendingPathComponent(bad.plant ? "Plants/validation/single-server.yaml" : "Scenarios/validation/mm1.yaml"),
                           encoding: .utf8).contains(bad.from), "\(bad.name): the edit applies")
        let root = try workspace(plantEdit: { bad.plant ? $0.replacingOccurrences(of: bad.from, with: bad.to) : $0 },
                                 scenarioEdit: { bad.plant ? $0 : $0.replacingOccurrences(of: bad.from, with: bad.to) })
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try mes(["simulate", "Scenarios/validation/mm1.yaml", "--replications", "2"], in: root)
        #expect(outcome.status != 0, "\(bad.name): exit status")
        for text in bad.expected { #expect(outcome.errors.contains(text), "\(bad.name): '\(text)' in: \(outcome.errors)") }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("reports").path), "\(bad.name): nothing written")
    }

    @Test("a good run writes kpis.json and summary.md, and keeps replication 1's MES record with --db")
    func goodRun() throws {
        let root = try workspace(scenarioEdit: { $0.replacingOccurrences(of: "horizonHours: 4000", with: "horizonHours: 600")
            .replacingOccurrences(of: "warmupHours: 400", with: "warmupHours: 60") })
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try mes(["simulate", "Scenarios/validation/mm1.yaml", "--replications", "2", "--db", "run.sqlite"], in: root)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let folder = root.appendingPathComponent("reports/validation-mm1")
        let data = try Data(contentsOf: folder.appendingPathComponent("kpis.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["replications"] as? Int == 2)
        let plant = try #require(json["plant"] as? [String: Any])
        for key in ["oee", "availability", "performance", "quality", "throughputPerDay", "wipMean", "leadTimeHours", "onTimeDelivery", "firstPassYield", "scrapRate", "ncrCount"] {
            let figure = try #require(plant[key] as? [String: Any], "plant.\(key)")
            #expect(figure["mean"] != nil && figure["ci95"] != nil, "plant.\(key) has mean and ci95")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("summary.md").path))
        // The kept record opens, verifies and answers genealogy and audit queries.
        let engine = try MESEngine(store: try SQLiteJournalStore(path: root.appendingPathComponent("run.sqlite").path), detail: .audited)
        guard case .intact(let entries) = try engine.verifyAuditTrail() else { Issue.record("the audit chain of the kept record is not intact"); return }
        #expect(entries > 100)
        let quality = Actor(id: "qe", name: "Quality engineer", roles: [.qualityEngineer])
        let done = try #require(engine.state.serials.values.filter { $0.status == .completed }.map(\.serial).min())
        let trace = try engine.traceability(by: quality).backward(from: done)
        #expect(trace.serial == done)
        #expect(try !engine.auditTrail(of: EntityReference(.serial, done), by: quality).isEmpty)
        #expect(outcome.errors.contains("replication 2/2"), "progress is reported: \(outcome.errors)")
        // `mes report` on the kept database reproduces replication 1's figures exactly.
        for name in ["index.html", "plant.csv", "machines.csv", "replications.csv", "workorders.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name) written")
        }
        let report = try mes(["report", "--db", "run.sqlite", "--out", "from-db"], in: root)
        #expect(report.status == 0, "\(report.errors)")
        func replicationOne(_ folder: URL) throws -> [Substring] {
            try String(contentsOf: folder.appendingPathComponent("replications.csv"), encoding: .utf8).split(separator: "\r\n").filter { $0.hasPrefix("base,1,") }
        }
        let fromRun = try replicationOne(folder), fromDatabase = try replicationOne(root.appendingPathComponent("from-db"))
        #expect(!fromRun.isEmpty && fromRun == fromDatabase)
        let html = try String(contentsOf: root.appendingPathComponent("from-db/index.html"), encoding: .utf8)
        #expect(html.contains("OEE loss tree per machine") && html.contains("replication 1 of a simulated run"))
        let again = try mes(["simulate", "Scenarios/validation/mm1.yaml", "--replications", "2", "--db", "run.sqlite"], in: root)
        #expect(again.status != 0 && again.errors.contains("already exists"), "an existing database is not appended to")
    }

    /// Separate processes hash differently (Swift seeds its hashing per process), so any
    /// result that depended on the iteration order of a set or dictionary would differ here.
    @Test("the same scenario and seed give byte-identical kpis.json from separate processes")
    func identicalAcrossProcesses() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = repositoryRoot.appendingPathComponent("Scenarios/compressor-disk-line.yaml").path
        var files: [Data] = []
        for run in ["a", "b"] {
            let outcome = try mes(["simulate", scenario, "--replications", "2", "--out", "out-\(run)"], in: root)
            #expect(outcome.status == 0, "\(outcome.errors)")
            files.append(try Data(contentsOf: root.appendingPathComponent("out-\(run)/kpis.json")))
        }
        #expect(files[0] == files[1])
        #expect(!files[0].isEmpty)
    }

    @Test("an infeasible plan is rejected at import with its row numbers, and nothing is written")
    func infeasiblePlan() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var plan = try String(contentsOf: repositoryRoot.appendingPathComponent("Plans/deterministic-line.csv"), encoding: .utf8)
        // PL-3's first booking moved into PL-2's on M-A.
        plan = plan.replacingOccurrences(of: "PL-3,DET-1,A,1,2026-01-05T09:00:00Z,10,M-A,2026-01-05T08:00:00Z", with: "PL-3,DET-1,A,1,2026-01-05T09:00:00Z,10,M-A,2026-01-05T07:00:00Z")
        try plan.write(to: root.appendingPathComponent("plan.csv"), atomically: true, encoding: .utf8)
        let outcome = try mes(["simulate", scenarioPath("validation/deterministic-plan.yaml"), "--schedule", "plan.csv"], in: root)
        #expect(outcome.status != 0)
        #expect(outcome.errors.contains("plan.csv: row 6: overlaps row 4 on machine M-A"), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("reports").path))
        let good = try mes(["simulate", scenarioPath("validation/deterministic-plan.yaml"), "--schedule", repositoryRoot.appendingPathComponent("Plans/deterministic-line.csv").path,
                            "--out", "out"], in: root)
        #expect(good.status == 0, "\(good.errors)")
        let json = try String(contentsOf: root.appendingPathComponent("out/kpis.json"), encoding: .utf8)
        #expect(json.contains("\"schedule\"") && json.contains("\"lateProbability\""))
        let html = try String(contentsOf: root.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(html.contains("Schedule risk") && html.contains("rule: fifo"))
    }
}
