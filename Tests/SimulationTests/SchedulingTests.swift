import Stochastics
import Testing

@testable import Simulation

@Suite("Calendar, clock and run control")
struct SchedulingTests {
    @Test("simultaneous activations run by priority, then in the order they were scheduled")
    func tieBreaking() {
        let simulation = Simulation()
        let log = Log()
        for (name, priority) in [("a", 0), ("b", -1), ("c", 0), ("d", 1), ("e", -1)] {
            simulation.start(Scripted(simulation, name) { log.add($0) }, after: 5, priority: priority)
        }
        simulation.start(Scripted(simulation, "early") { log.add($0) }, after: 4.5, priority: 9)
        simulation.run()
        #expect(log.lines == ["early@4.5", "b@5", "e@5", "a@5", "c@5", "d@5"])
    }

    @Test("the calendar pops in (time, priority, sequence) order whatever the insertion order")
    func calendarOrder() {
        let simulation = Simulation()
        let process = Scripted(simulation, "p") { _ in }
        let calendar = EventCalendar(initialCapacity: 2)
        var rng = SplitMix(seed: 1)
        var pushed: [Activation] = []
        for sequence in 0..<5_000 {
            let activation = Activation(
                time: Double(rng.next() % 50), order: Activation.order(priority: Int(rng.next() % 5) - 2, sequence: UInt64(sequence)),
                process: .passUnretained(process), token: 0)
            pushed.append(activation)
            calendar.push(activation)
        }
        var popped: [Activation] = []
        while !calendar.isEmpty { popped.append(calendar.popFirst()) }
        let expected = pushed.sorted { $0.precedes($1) }
        #expect(popped.map(\.time) == expected.map(\.time))
        #expect(popped.map(\.order) == expected.map(\.order))
    }

    @Test("run(until:) stops before activations at the end time and leaves the clock there")
    func runUntilTime() {
        let simulation = Simulation()
        let log = Log()
        simulation.start(
            Scripted(simulation, "ticker") { process in
                log.add(process)
                process.hold(2)
            })
        simulation.run(until: 6)
        #expect(simulation.now == 6)
        #expect(log.lines == ["ticker@0", "ticker@2", "ticker@4"])
        simulation.run(until: 7)
        #expect(log.lines.last == "ticker@6")
    }

    @Test("run(until: condition) and stop() end the run at the activation that triggers them")
    func runUntilCondition() {
        let simulation = Simulation()
        var ticks = 0
        simulation.start(
            Scripted(simulation, "ticker") { process in
                ticks += 1
                if ticks == 7 { process.simulation.stop() }
                process.hold(1.5)
            })
        #expect(simulation.run(until: { ticks == 4 }))
        #expect(simulation.now == 4.5)
        simulation.run()
        #expect(ticks == 7 && simulation.now == 9)
        #expect(!simulation.run(until: { ticks == 100 }, notLaterThan: 20))
        #expect(ticks == 14)
    }

    @Test("a passive process waits for activate(); finish() cancels what it had pending")
    func passiveAndFinish() {
        let simulation = Simulation()
        let log = Log()
        let sleeper = Scripted(simulation, "sleeper") { process in
            log.add(process)
            process.step += 1
        }
        let waker = Scripted(simulation, "waker") { process in
            switch process.step {
            case 0:
                process.step = 1
                process.hold(3)
            default:
                sleeper.activate()
                log.add(process)
            }
        }
        let quitter = Scripted(simulation, "quitter") { process in
            log.add(process)
            process.hold(1)
        }
        simulation.start(sleeper)
        simulation.start(waker)
        simulation.start(quitter, after: 0.5)
        simulation.run(until: 2)
        #expect(simulation.liveProcessCount == 3)
        quitter.finish()
        #expect(quitter.isFinished)
        simulation.run()
        #expect(simulation.liveProcessCount == 2)
        #expect(log.lines == ["sleeper@0", "quitter@0.5", "quitter@1.5", "waker@3", "sleeper@3"])
    }

    @Test("finished processes are released once nothing in the calendar points at them")
    func finishedProcessesAreReleased() {
        let simulation = Simulation()
        weak var selfFinished: Scripted?
        weak var finishedFromOutside: Scripted?
        do {
            let a = Scripted(simulation, "a") { process in
                if process.step == 0 {
                    process.step = 1
                    process.hold(1)
                } else {
                    process.finish()
                }
            }
            let b = Scripted(simulation, "b") { $0.hold(10) }
            selfFinished = a
            finishedFromOutside = b
            simulation.start(a)
            simulation.start(b)
        }
        simulation.run(until: 2)
        #expect(selfFinished == nil)
        #expect(finishedFromOutside != nil)
        finishedFromOutside?.finish()
        #expect(finishedFromOutside != nil, "its cancelled hold at t=10 still points at it")
        simulation.run()
        #expect(finishedFromOutside == nil)
        #expect(simulation.liveProcessCount == 0 && simulation.now == 2)
    }

    @Test("the trace hook sees every resumption in order")
    func trace() {
        let simulation = Simulation()
        var seen: [TraceEntry] = []
        simulation.trace = { seen.append($0) }
        simulation.start(Scripted(simulation, "x") { if $0.now < 2 { $0.hold(1) } })
        simulation.start(Scripted(simulation, "y") { _ in }, after: 1.5)
        simulation.run()
        #expect(seen.map(\.processName) == ["x", "x", "y", "x"])
        #expect(seen.map(\.time) == [0, 1, 1.5, 2])
        #expect(seen.map(\.sequence) == [1, 2, 3, 4])
        #expect(simulation.dispatchedCount == 4)
    }

    @Test("the same seeds give a bit-identical run, another stream name another run")
    func determinism() {
        func run(streamName: String) -> [UInt64] {
            let simulation = Simulation()
            var times: [UInt64] = []
            simulation.trace = { times.append($0.time.bitPattern) }
            for index in 0..<4 {
                let stream = Stochastics.RandomStreams(seed: 17).stream(named: index == 0 ? streamName : "machine-\(index)")
                simulation.start(Scripted(simulation, "machine-\(index)") { $0.hold(Stochastics.Distribution.exponential(mean: 2).sample(stream)) })
            }
            simulation.run(until: 500)
            return times
        }
        #expect(run(streamName: "machine-0") == run(streamName: "machine-0"))
        #expect(run(streamName: "machine-0") != run(streamName: "machine-0-variant"))
    }
}

/// A tiny deterministic generator for shuffling test inputs (independent of GSL).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
