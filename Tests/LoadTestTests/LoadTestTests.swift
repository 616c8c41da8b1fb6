import Foundation
import Histogram
import Hummingbird
import Testing

@testable import LoadTest

/// A Hummingbird server on 127.0.0.1 (a free port), running until the test stops it.
struct TestServer {
    let base: String
    let task: Task<Void, any Error>

    static func start(_ router: Router<BasicRequestContext>) async throws -> TestServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return TestServer(base: "http://127.0.0.1:\(port)", task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

actor Counter {
    var count = 0
    func next() -> Int { count += 1; return count }
}

/// Stalls the whole server once: the `stallAt`-th request starts a 1 s stall and every request
/// arriving before it ends waits for its end.
actor Staller {
    let stallAt: Int
    var count = 0
    var until: ContinuousClock.Instant?
    init(stallAt: Int) { self.stallAt = stallAt }

    func gate() -> ContinuousClock.Instant? {
        count += 1
        if count == stallAt { until = .now + .seconds(1) }
        if let until, until > .now { return until }
        return nil
    }
}

@Suite("Load generator", .serialized)
struct LoadTestTests {
    @Test("A seeded schedule repeats; Poisson gaps average 1/rate")
    func schedules() {
        let a = ArrivalProcess.poisson.schedule(rate: 1000, duration: 10, seed: 42)
        #expect(a == ArrivalProcess.poisson.schedule(rate: 1000, duration: 10, seed: 42))
        #expect(a != ArrivalProcess.poisson.schedule(rate: 1000, duration: 10, seed: 43))
        #expect(abs(Double(a.count) - 10_000) < 400)  // ±4 standard deviations of a Poisson count
        let constant = ArrivalProcess.constant.schedule(rate: 100, duration: 1, seed: 1)
        #expect(constant.count == 100 || constant.count == 101)
        #expect(abs(constant[1] - constant[0] - 0.01) < 1e-12)
    }

    @Test("Every request is counted, percentiles match a sort of the raw latencies, every 5th request's 503 is counted")
    func countsAndPercentiles() async throws {
        let counter = Counter()
        let router = Router()
        router.get("/work") { _, _ -> Response in
            let n = await counter.next()
            return Response(status: n % 5 == 0 ? .serviceUnavailable : .ok)
        }
        let server = try await TestServer.start(router)
        let transport = HTTPClientTransport(base: server.base, connections: 16)
        let runner = LoadRunner(transport: transport, workload: FixedWorkload(type: "GET /work", request: LoadRequest(.GET, "/work")), seed: 7)
        let scheduled = ArrivalProcess.constant.schedule(rate: 250, duration: 2, seed: 7).count
        let measurement = await runner.run(.open(rate: 250, arrivals: .constant, maxInFlight: 1000), duration: 2, keepSamples: true)
        await transport.shutdown()
        await server.stop()

        let result = RunResult(measurement, label: "test", shape: .open(rate: 250, arrivals: .constant, maxInFlight: 1000))
        let served = await counter.count
        #expect(result.dropped == 0)
        #expect(result.transactionsStarted == scheduled)
        #expect(result.requests == scheduled)
        #expect(served == scheduled)
        #expect(result.serverErrors == scheduled / 5)
        #expect(result.statuses["503"] == scheduled / 5)
        #expect(result.statuses["200"] == scheduled - scheduled / 5)
        #expect(result.ok == scheduled - scheduled / 5)
        #expect(result.transportErrors == 0 && result.refused == 0)
        #expect(result.types.map(\.type) == ["GET /work"])

        let samples = measurement.recorder.samples.sorted()
        let histogram = measurement.recorder.state.withLockedValue { $0.overall }
        #expect(samples.count == scheduled && Int(histogram.totalCount) == scheduled)
        for percentile in [50.0, 90.0, 99.0, 99.9] {
            let rank = Int((percentile / 100 * Double(samples.count)).rounded(.up))
            let exact = samples[max(rank, 1) - 1]
            let recorded = histogram.valueAtPercentile(percentile)
            // HdrHistogram with 3 significant digits: within 0.1 % (its bucket) of the exact order statistic.
            #expect(histogram.valuesAreEquivalent(recorded, exact), "p\(percentile): histogram \(recorded) µs, sorted samples \(exact) µs")
            #expect(abs(Double(recorded) - Double(exact)) <= Double(exact) * 0.001 + 1)
        }
        #expect(histogram.maxRecorded == samples.last)
        #expect(abs(result.overall.max - Double(samples.last!) / 1000) < 1e-9)
        #expect(abs(result.overall.p50 * 1000 - Double(samples[samples.count / 2 - 1])) <= Double(samples[samples.count / 2 - 1]) * 0.001 + 1)
    }

    @Test("A 1 s stall shows at the open loop's p99.9 and hides from a closed loop's")
    func stallIsVisibleOnlyInOpenLoop() async throws {
        func server(_ staller: Staller) async throws -> TestServer {
            let router = Router()
            router.get("/work") { _, _ -> Response in
                if let until = await staller.gate() { try await Task.sleep(until: until, clock: .continuous) }
                return Response(status: .ok)
            }
            return try await TestServer.start(router)
        }
        let workload = FixedWorkload(type: "GET /work", request: LoadRequest(.GET, "/work"))

        // Open loop: 200 requests/s for 3 s; the stall begins at the 100th (0.5 s in).
        let openServer = try await server(Staller(stallAt: 100))
        let openTransport = HTTPClientTransport(base: openServer.base, connections: 64)
        let shape = LoadShape.open(rate: 200, arrivals: .constant, maxInFlight: 2000)
        let open = RunResult(await LoadRunner(transport: openTransport, workload: workload, seed: 1).run(shape, duration: 3), label: "open", shape: shape)
        await openTransport.shutdown()
        await openServer.stop()

        // Closed loop: 2 users without think time; the stall begins at the 50th request. The run
        // must hold enough requests for p99.9 to exclude the two stalled ones: 4 s on a quiet
        // machine, longer (a fresh run) when other test suites share the cores.
        let closedShape = LoadShape.closed(users: 2, thinkTime: .zero)
        var closed: RunResult
        var seconds = 4.0
        repeat {
            let closedServer = try await server(Staller(stallAt: 50))
            let closedTransport = HTTPClientTransport(base: closedServer.base, connections: 2)
            closed = RunResult(await LoadRunner(transport: closedTransport, workload: workload, seed: 1).run(closedShape, duration: seconds), label: "closed",
                               shape: closedShape)
            await closedTransport.shutdown()
            await closedServer.stop()
            seconds *= 2
        } while closed.requests <= 2_500 && seconds <= 32

        #expect(open.errors == 0 && closed.errors == 0)
        // The open loop kept sending during the stall: every request meant for that second waited.
        #expect(open.overall.p999 >= 900, "open-loop p99.9 \(open.overall.p999) ms")
        #expect(open.overall.p99 >= 500, "open-loop p99 \(open.overall.p99) ms")
        // The closed loop's users each waited once; the stall is in its max only.
        #expect(closed.overall.max >= 900, "closed-loop max \(closed.overall.max) ms: the stall happened")
        try #require(closed.requests > 2_500, "the closed loop needs enough requests for p99.9 to exclude two samples (got \(closed.requests))")
        #expect(closed.overall.p999 < 100, "closed-loop p99.9 \(closed.overall.p999) ms")
    }

    @Test("The MES mix runs against the in-process API without refusals or errors")
    func mesMixInProcess() async throws {
        let server = try await InProcessServer.start(extraLathes: 8)
        let transport = HTTPClientTransport(base: server.base, connections: 16)
        var setup = MESSetup(adminUser: server.adminUser, adminPassword: server.adminPassword)
        setup.orders = 5
        setup.cycleThink = .milliseconds(20)
        setup.inspection = server.inspection
        let prepared: MESWorkload
        do { prepared = try await setup.prepare(transport, mix: .standard) } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
        let workload = prepared
        #expect(workload.machineCount == 10)
        let shape = LoadShape.open(rate: 80, arrivals: .poisson, maxInFlight: 500)
        let result = RunResult(await LoadRunner(transport: transport, workload: workload, seed: 3).run(shape, duration: 2), label: "mes", shape: shape)
        // Long runs: the tokens are renewed through the refresh tokens and the new ones work.
        let before = workload.tokens.supervisor
        await workload.tokens.renew()
        let after = workload.tokens.supervisor
        let listed = await transport.send(LoadRequest(.GET, "/api/v1/workorders?limit=1", token: after))
        await transport.shutdown()
        #expect(after != before && listed.status == 200)
        await server.stop()
        #expect(result.requests > 60)
        #expect(result.refused == 0, "\(result.firstErrors)")
        #expect(result.errors == 0, "\(result.firstErrors)")
        // Only an inspection drawn before any cycle had completed can go unsent (no serial to inspect yet).
        #expect(result.notSent == (result.types.first { $0.type == "POST /inspections" }?.notSent["no serial with its operation complete"] ?? 0))
        // Every request type of the mix was sent and answered 2xx.
        let answered = Dictionary(uniqueKeysWithValues: result.types.map { ($0.type, $0.ok) })
        for type in ["GET /workorders?status=Released&limit=20", "GET /workorders/{id}", "GET /genealogy/{serial}", "POST /consumption", "POST …/operations/10/start",
                     "POST …/operations/10/complete", "POST /workorders", "POST /workorders/{id}/release", "POST /inspections",
                     "POST /inspections/{id}/results"] {
            #expect((answered[type] ?? 0) > 0, "\(type): \(answered[type] ?? 0) answered 2xx")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-loadtest-report-\(UUID().uuidString)")
        try ReportWriter.write(ReportDocument(context: ReportContext(name: "t", command: "test", target: server.base, date: "today", machine: "here",
                                                                     mix: MESMix.standard.derivation, notes: []),
                                              run: result, ramp: nil, sustainableRate: nil), to: folder)
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<polyline"))
        // Self-contained: no scripts, no fetched resources.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        try? FileManager.default.removeItem(at: folder)
    }
}
