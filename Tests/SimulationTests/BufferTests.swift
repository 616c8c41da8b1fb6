import Testing

@testable import Simulation

@Suite("Buffers: blocking, starving, hand-over")
struct BufferTests {
    /// Puts items 1...count, one per time unit, logging when each put completes.
    func producer(_ simulation: Simulation, _ buffer: Buffer<Int>, count: Int, log: Log) -> Scripted {
        Scripted(simulation, "producer") { process in
            while process.step < count {
                guard buffer.put(process.step + 1, process) else { return }
                log.add(process, "put \(process.step + 1)")
                process.step += 1
            }
        }
    }

    /// Gets `count` items starting at `start`, one every `gap` time units.
    func consumer(_ simulation: Simulation, _ buffer: Buffer<Int>, count: Int, gap: Double, log: Log) -> Scripted {
        Scripted(simulation, "consumer") { process in
            guard process.step < count, let item = buffer.get(process) else { return }
            log.add(process, "got \(item)")
            process.step += 1
            process.hold(gap)
        }
    }

    @Test("a full buffer blocks the putter, which keeps its item until room frees")
    func blocking() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 2)
        let log = Log()
        simulation.start(producer(simulation, buffer, count: 4, log: log))
        simulation.start(consumer(simulation, buffer, count: 4, gap: 1, log: log), after: 10)
        simulation.run()
        #expect(log.lines == [
            "producer@0 put 1", "producer@0 put 2", "consumer@10 got 1", "producer@10 put 3", "consumer@11 got 2", "producer@11 put 4",
            "consumer@12 got 3", "consumer@13 got 4",
        ])
        // Level 2 on [0, 12) (each freed place is taken at once by the blocked item), 1 on
        // [12, 13), 0 until the consumer's last pause ends the run at 14.
        #expect(buffer.count == 0 && buffer.blockedCount == 0 && simulation.now == 14)
        #expect(abs(buffer.level.mean - (2 * 12 + 1 * 1) / 14.0) < 1e-12)
    }

    @Test("an empty buffer starves the getter, which is handed the next item")
    func starving() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 5)
        let log = Log()
        simulation.start(consumer(simulation, buffer, count: 2, gap: 0, log: log))
        simulation.start(
            Scripted(simulation, "late") { process in
                _ = buffer.put(42, process)
                _ = buffer.put(43, process)
                log.add(process, "put 42, 43")
            }, after: 7)
        simulation.run()
        #expect(log.lines == ["late@7 put 42, 43", "consumer@7 got 42", "consumer@7 got 43"])
    }

    @Test("two starved getters are served first come first served, and a newcomer cannot jump the queue")
    func fairHandOver() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 5)
        let log = Log()
        for name in ["g1", "g2"] {
            simulation.start(Scripted(simulation, name) { process in
                guard let item = buffer.get(process) else { return }
                log.add(process, "got \(item)")
            })
        }
        simulation.start(Scripted(simulation, "putter") { process in
            _ = buffer.put(1, process)
            log.add(process, "put 1")
        }, after: 1)
        simulation.start(Scripted(simulation, "newcomer") { process in
            log.add(process, buffer.get(process) == nil ? "starved" : "took an item")
        }, after: 1, priority: 1)
        simulation.run(until: 2)
        #expect(log.lines == ["putter@1 put 1", "g1@1 got 1", "newcomer@1 starved"])
        #expect(buffer.starvedCount == 2)
    }

    @Test("capacity 0 hands items straight from putter to getter")
    func zeroCapacity() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "handover", capacity: 0)
        let log = Log()
        simulation.start(producer(simulation, buffer, count: 2, log: log))
        simulation.start(consumer(simulation, buffer, count: 2, gap: 3, log: log), after: 5)
        #expect(!buffer.offer(9))
        simulation.run()
        #expect(log.lines == ["consumer@5 got 1", "producer@5 put 1", "consumer@8 got 2", "producer@8 put 2"])
        #expect(buffer.level.maximum == 0)
    }

    @Test("offer() refuses when full instead of blocking")
    func offer() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 2)
        #expect(buffer.offer(1) && buffer.offer(2))
        #expect(!buffer.offer(3))
        #expect(buffer.count == 2 && buffer.isFull)
    }

    @Test("an interrupted getter leaves the queue; the next item goes to whoever waits next")
    func interruptedGetter() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b")
        let log = Log()
        let quitter = Scripted(simulation, "quitter") { process in
            if process.takeInterrupt() != nil { return log.add(process, "interrupted") }
            if let item = buffer.get(process) { log.add(process, "got \(item)") }
        }
        simulation.start(quitter)
        simulation.start(consumer(simulation, buffer, count: 1, gap: 0, log: log), after: 1)
        simulation.start(Scripted(simulation, "boss") { _ in quitter.interrupt(.signal("break")) }, after: 2)
        simulation.start(Scripted(simulation, "putter") { process in _ = buffer.put(5, process) }, after: 3)
        simulation.run()
        #expect(log.lines == ["quitter@2 interrupted", "consumer@3 got 5"])
    }
}
