import Testing

@testable import Simulation

@Suite("Interrupts and statistics monitors")
struct InterruptAndMonitorTests {
    @Test("interrupting a holding process cancels its hold and reports the time left")
    func interruptHold() {
        let simulation = Simulation()
        let log = Log()
        var left: Double?
        let worker = Scripted(simulation, "worker") { process in
            if let interrupt = process.takeInterrupt() {
                left = interrupt.remainingHold
                if case .signal(let why) = interrupt.cause { log.add(process, why) }
                return
            }
            if process.step == 0 {
                process.step = 1
                process.hold(10)
            } else {
                log.add(process, "finished")
            }
        }
        simulation.start(worker)
        simulation.start(Scripted(simulation, "operator") { _ in worker.interrupt(.signal("tool change")) }, after: 4)
        simulation.run()
        #expect(log.lines == ["worker@4 tool change"])
        #expect(left == 6)
        #expect(simulation.now == 4)
    }

    @Test("interrupts queue up and are handled oldest first")
    func interruptOrder() {
        let simulation = Simulation()
        var causes: [String] = []
        let target = Scripted(simulation, "target") { process in
            while let interrupt = process.takeInterrupt() {
                if case .signal(let why) = interrupt.cause { causes.append(why) }
            }
            if process.step == 0 {
                process.step = 1
                process.hold(100)
            }
        }
        simulation.start(target)
        simulation.start(Scripted(simulation, "a") { _ in
            target.interrupt(.signal("first"))
            target.interrupt(.signal("second"))
        }, after: 1)
        simulation.run()
        #expect(causes == ["first", "second"])
    }

    @Test("resetting statistics at the end of warm-up forgets what came before")
    func warmUpReset() {
        let simulation = Simulation()
        let level = TimeWeightedMonitor(simulation, name: "wip")
        let waits = TallyMonitor(simulation, name: "wait")
        let parts = CounterMonitor(simulation, name: "parts")
        simulation.start(Scripted(simulation, "model") { process in
            switch process.step {
            case 0:
                level.set(1)
                waits.record(100)
                parts.increment()
                process.step = 1
                process.hold(5)
            default:
                level.set(3)
                waits.record(2)
                waits.record(4)
                parts.increment(by: 2)
            }
        })
        simulation.run(until: 5)
        #expect(abs(level.mean - 1) < 1e-12)
        simulation.resetStatistics()
        #expect(simulation.statisticsStart == 5)
        simulation.run(until: 10)
        #expect(abs(level.mean - 3) < 1e-12)
        #expect(waits.count == 2 && waits.mean == 3)
        #expect(parts.count == 2 && abs(parts.rate - 0.4) < 1e-12)
    }

    @Test("the FIFO rings keep their order across growth")
    func ringsGrow() {
        let queue = FIFOQueue<String>(initialCapacity: 2)
        var expected: [String] = []
        for round in 0..<5 {
            for index in 0..<(7 * (round + 1)) {
                queue.append("\(round)-\(index)")
                expected.append("\(round)-\(index)")
            }
            for _ in 0..<5 { #expect(queue.removeFirst() == expected.removeFirst()) }
        }
        queue.removeAll { $0.hasPrefix("4-") }
        expected.removeAll { $0.hasPrefix("4-") }
        var rest: [String] = []
        while !queue.isEmpty { rest.append(queue.removeFirst()) }
        #expect(rest == expected)
    }
}
