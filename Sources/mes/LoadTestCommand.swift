import ArgumentParser
import Foundation
import LoadTest
import PlantFiles

/// `mes loadtest`: shop-floor traffic against the MES API, open or closed loop, with honest
/// latency percentiles (see `Sources/LoadTest`).
struct LoadTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Load the MES API with a shop-floor mix (open loop at --rate, or --clients closed-loop users) and report HdrHistogram latencies; --ramp finds the sustainable rate.",
        discussion: """
            Latency is measured from each transaction's intended send time (no coordinated omission). Reports go to --out/<name>/: \
            summary.md, results.json, index.html. The load test logs in as the administrator (--user, password from --password or \
            JETMES_LOADTEST_PASSWORD) and creates the users it needs (lt-planner, lt-supervisor, lt-quality and the --operator-id operator), then released work \
            orders to work on. Access tokens live 15 minutes: keep a run (or a whole ramp) shorter.
            """)

    @Option(help: "Base URL of a running mes serve, e.g. http://127.0.0.1:8080.") var target: String?
    @Flag(help: "Start the API in this process on a fresh SQLite database with the sample shop (plus --extra-lathes lathes) and load it.")
    var inProcess = false
    @Option(help: "Administrator user name (to create the load test's users).") var user = "admin"
    @Option(help: "Administrator password (or JETMES_LOADTEST_PASSWORD).") var password: String?
    @Option(help: "A scenario file (Scenarios/*.yaml): the mix, and the default rate, from its plant's machines, cycle times, operators and demand.")
    var scenario: String?
    @Option(help: "Open loop: transactions per second (default: the scenario's own rate, else 50).") var rate: Double?
    @Option(help: "Closed loop: this many virtual users instead of an open-loop rate.") var clients: Int?
    @Option(help: "Closed loop: mean think time between a user's transactions, ms (exponential).") var thinkMs = 100.0
    @Option(help: "Open-loop arrivals: constant or poisson.") var arrivals = "poisson"
    @Option(help: "Seconds of load (a single run).") var duration = 30.0
    @Option(help: "Seed of the schedule and the mix.") var seed: UInt64 = 1
    @Option(help: "Reports go to OUT/NAME/.") var out = "reports/loadtest"
    @Option(help: "The report's name (default: a UTC timestamp).") var name: String?
    @Flag(help: "Raise the open-loop rate step by step until p99 exceeds --p99-limit or errors appear; report the sustainable rate.")
    var ramp = false
    @Option(help: "Ramp: the p99 limit in ms.") var p99Limit = 50.0
    @Option(help: "Ramp: the first step's rate (transactions/s).") var startRate = 20.0
    @Option(help: "Ramp: each step's rate is the last one's times this.") var factor = 1.5
    @Option(help: "Ramp: seconds per step.") var stepSeconds = 8.0
    @Option(help: "Ramp: stop after this rate.") var maxRate = 100_000.0
    @Option(help: "Open loop: at most this many transactions outstanding; an intended send beyond it is dropped and counted.")
    var maxInFlight = 2_000
    @Option(help: "HTTP/1.1 connections the client may open.") var connections = 64
    @Option(help: "Released work orders (10 serials each) created before the load.") var orders = 60
    @Option(help: "Mean milliseconds between an operation's start and its completion (exponentially distributed).") var cycleThinkMs = 200.0
    @Option(help: "--in-process: lathes added to the sample shop (operation starts need idle machines).") var extraLathes = 38
    @Option(help: "The part whose orders are created and worked on (default: the sample shop's blade).") var part = "ENG-BLADE-001"
    @Option(help: "The part's first routing operation, which the cycles start and complete.") var operation = 10
    @Option(help: "Comma-separated work centres whose idle machines may run that operation.") var workCenters = "TURN,TURN-2"
    @Option(help: "The operator (certified for the operation) the cycles book; the load test's user of the same name starts and completes them.")
    var operatorId = "op-1"
    @Option(help: "The lot material is consumed from, and the quantity per consumption.") var lot = "L-IN718-001"
    @Option(help: "Quantity per consumption, in the lot's unit.") var consumeQuantity = 0.001
    @Option(help: "--target: the inspection plan at that operation (--in-process defines IP-LT-10); without one, inspections are counted as not sent.")
    var inspectionPlan: String?
    @Option(help: "--target: a conforming measurement CHARACTERISTIC=VALUE for each characteristic of --inspection-plan (repeatable).")
    var measurement: [String] = []
    @Flag(help: "No live progress line.") var quiet = false
    @Option(help: "Only write the load test's database to this new file (the sample shop, --extra-lathes lathes, IP-LT-10 and its signed first article, the administrator 'admin' with the --password or JETMES_LOADTEST_PASSWORD password) for `mes serve --db FILE`, then exit.")
    var prepareDb: String?

    func validate() throws {
        if prepareDb != nil { return }
        guard (target == nil) != !inProcess else { throw ValidationError("give either --target URL or --in-process") }
        guard ArrivalProcess(rawValue: arrivals) != nil else { throw ValidationError("--arrivals is constant or poisson") }
        if let clients, clients <= 0 { throw ValidationError("--clients must be positive") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if ramp, clients != nil { throw ValidationError("--ramp is open loop: leave out --clients") }
        guard duration > 0, stepSeconds > 0, factor > 1, startRate > 0, p99Limit > 0, maxInFlight > 0, connections > 0, orders > 0 else {
            throw ValidationError("--duration, --step-seconds, --start-rate, --p99-limit, --max-in-flight, --connections, --orders must be positive, --factor > 1")
        }
    }

    func run() async throws {
        if let prepareDb {
            guard let password = password ?? ProcessInfo.processInfo.environment["JETMES_LOADTEST_PASSWORD"], password.count >= 12 else {
                throw ValidationError("--prepare-db needs the administrator's password (12 characters or more): --password or JETMES_LOADTEST_PASSWORD")
            }
            guard !FileManager.default.fileExists(atPath: prepareDb) else { throw ValidationError("\(prepareDb) exists; --prepare-db writes a new database") }
            try InProcessServer.prepareDatabase(at: prepareDb, extraLathes: extraLathes, adminPassword: password)
            print("wrote \(prepareDb); serve it with: mes serve --db \(prepareDb), then load it with:")
            print("  mes loadtest --target http://127.0.0.1:8080 --inspection-plan IP-LT-10 --measurement ROOT-W=10.01 (password from JETMES_LOADTEST_PASSWORD)")
            return
        }
        let arrivalProcess = ArrivalProcess(rawValue: arrivals)!
        var mix = MESMix.standard
        if let scenario {
            do { mix = MESMix(scenario: try ScenarioLoader.load(scenario)) } catch { throw ValidationError("\(error)") }
        }
        var server: InProcessServer?
        let base: String, adminPassword: String
        if inProcess {
            let started = try await InProcessServer.start(extraLathes: extraLathes)
            server = started
            (base, adminPassword) = (started.base, started.adminPassword)
            print("in-process MES API on \(base) (SQLite \(started.databasePath))")
        } else {
            guard let password = password ?? ProcessInfo.processInfo.environment["JETMES_LOADTEST_PASSWORD"], !password.isEmpty else {
                throw ValidationError("the administrator's password: --password or JETMES_LOADTEST_PASSWORD")
            }
            (base, adminPassword) = (target!, password)
        }
        let transport = HTTPClientTransport(base: base, connections: connections)
        var setup = MESSetup(adminUser: inProcess ? "admin" : user, adminPassword: adminPassword)
        setup.orders = orders
        (setup.partNumber, setup.operationNumber, setup.operatorId, setup.lotCode, setup.consumeQuantity) = (part, operation, operatorId, lot, consumeQuantity)
        setup.workCenters = Set(workCenters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        setup.cycleThink = .milliseconds(Int64(cycleThinkMs))
        if let server {
            setup.inspection = server.inspection
        } else if let inspectionPlan {
            var values: [String: Double] = [:]
            for pair in measurement {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Double(parts[1]) else { throw ValidationError("--measurement is CHARACTERISTIC=VALUE, got '\(pair)'") }
                values[String(parts[0])] = value
            }
            guard !values.isEmpty else { throw ValidationError("--inspection-plan needs a --measurement for each characteristic") }
            setup.inspection = InspectionSpec(planId: inspectionPlan, measurements: values)
        }
        let workload: MESWorkload
        do { workload = try await setup.prepare(transport, mix: mix) } catch {
            await transport.shutdown()
            await server?.stop()
            throw error
        }
        print("set up: \(workload.machineCount) idle machines for operation \(operation), \(orders) released work orders of 10 serials")
        for line in mix.derivation { print("mix: \(line)") }

        let tty = !quiet && isatty(STDOUT_FILENO) == 1
        let progress: (@Sendable (LoadRecorder, Double) -> Void)?
        if quiet { progress = nil } else { progress = { @Sendable recorder, elapsed in Self.printProgress(recorder, elapsed, tty: tty) } }
        let runner = LoadRunner(transport: transport, workload: workload, seed: seed, onTick: progress)
        let reportName = name ?? Self.timestamp()
        let folder = URL(fileURLWithPath: out).appendingPathComponent(reportName)
        let rateUsed = rate ?? mix.plantRate ?? 50
        var notes = [
            inProcess ? "In-process: generator and server share this process and its cores; process CPU per request counts both."
                : "Against \(base): process CPU per request is the generator's alone.",
            "Operation cycles start operation \(operation) of a released \(part) serial on an idle machine (\(workCenters)) as \(operatorId) and complete it "
                + "\(Int(cycleThinkMs)) ms later; \(workload.machineCount) machines were idle at the start; consumption books \(consumeQuantity) from lot \(lot).",
        ]
        if scenario != nil, rate == nil, !ramp { notes.append(String(format: "Rate: the scenario's own %.3f transactions/s.", rateUsed)) }
        let context = ReportContext(name: reportName, command: "mes " + CommandLine.arguments.dropFirst().joined(separator: " "), target: inProcess ? "in-process mes serve (\(base))" : base,
                                    date: Self.timestamp(), machine: Self.machine(), mix: mix.derivation, notes: notes)
        let document: ReportDocument
        if ramp {
            let result = await runner.ramp(startRate: startRate, factor: factor, stepSeconds: stepSeconds, p99Limit: p99Limit, maxRate: maxRate,
                                           arrivals: arrivalProcess, maxInFlight: maxInFlight) { step in
                if tty { print("") }  // ends the progress line
                let r = step.result
                print(String(format: "step %.1f tx/s: %.1f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d 4xx, %d errors, %d dropped — %@", step.rate, r.throughput,
                             r.overall.p50, r.overall.p99, r.overall.p999, r.refused, r.errors, r.dropped, step.met ? "met" : "failed: \(step.reason ?? "")"))
            }
            document = ReportDocument(context: context, run: nil, ramp: result, sustainableRate: result.sustainable?.rate)
            if let best = result.sustainable {
                print(String(format: "sustainable rate: %.1f transactions/s (%.1f requests/s), p99 %.2f ms at that rate", best.rate, best.result.throughput, best.result.overall.p99))
            } else {
                print("no step met the limit")
            }
        } else {
            let shape: LoadShape = clients.map { .closed(users: $0, thinkTime: .milliseconds(Int64(thinkMs))) }
                ?? .open(rate: rateUsed, arrivals: arrivalProcess, maxInFlight: maxInFlight)
            let measurement = await runner.run(shape, duration: duration)
            if tty { print("") }
            let result = RunResult(measurement, label: reportName, shape: shape)
            document = ReportDocument(context: context, run: result, ramp: nil, sustainableRate: nil)
            print(String(format: "%d requests, %.1f/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %d 4xx, %d 5xx, %d no answer, %d dropped",
                         result.requests, result.throughput, result.overall.p50, result.overall.p90, result.overall.p99, result.overall.p999, result.overall.max,
                         result.refused, result.serverErrors, result.transportErrors, result.dropped))
        }
        try ReportWriter.write(document, to: folder)
        print("report: \(folder.path)/summary.md, results.json, index.html")
        await transport.shutdown()
        await server?.stop()
    }

    /// The live progress line: rewritten in place on a terminal, one line a second otherwise.
    static func printProgress(_ recorder: LoadRecorder, _ elapsed: Double, tty: Bool) {
        let p = recorder.progress()
        let line = String(format: "%6.1f s  %8d done  %5d in flight  %6d errors  %5d dropped  p99 so far %8.2f ms", elapsed, p.completed, p.inFlight, p.errors,
                          p.dropped, p.p99)
        if tty {
            FileHandle.standardOutput.write(Data(("\r" + line).utf8))
        } else {
            print(line)
        }
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }

    static func machine() -> String {
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "CPU model unknown"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(model)), load average \(load) at the start"
    }
}
