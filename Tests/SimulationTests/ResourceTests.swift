import Testing

@testable import Simulation

@Suite("Resources: capacity, priority queues, preemption")
struct ResourceTests {
    /// A job that asks for `resource` at `arrival` with `priority`, uses it for `duration`, releases it.
    func job(_ simulation: Simulation, _ name: String, _ resource: Resource, priority: Int = 0, duration: Double, log: Log) -> Scripted {
        Scripted(simulation, name) { process in
            switch process.step {
            case 0:
                guard resource.request(process, priority: priority) else { return }
                log.add(process, "got")
                process.step = 1
                process.hold(duration)
            default:
                resource.release(process)
                log.add(process, "done")
                process.finish()
            }
        }
    }

    @Test("waiting requests are granted by priority, then first come first served")
    func priorityQueue() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "machine", capacity: 1)
        let log = Log()
        simulation.start(job(simulation, "first", machine, duration: 4, log: log))
        simulation.start(job(simulation, "low", machine, priority: 5, duration: 1, log: log), after: 1)
        simulation.start(job(simulation, "urgent", machine, priority: -1, duration: 1, log: log), after: 2)
        simulation.start(job(simulation, "normal-a", machine, duration: 1, log: log), after: 2)
        simulation.start(job(simulation, "normal-b", machine, duration: 1, log: log), after: 3)
        simulation.run()
        #expect(log.lines.filter { $0.hasSuffix("got") } == ["first@0 got", "urgent@4 got", "normal-a@5 got", "normal-b@6 got", "low@7 got"])
        #expect(simulation.liveProcessCount == 0)
    }

    @Test("capacity counts units; utilisation and queue length are time averages")
    func capacityAndMonitors() {
        let simulation = Simulation()
        let cranes = Resource(simulation, name: "cranes", capacity: 2)
        let log = Log()
        for (index, arrival) in [0.0, 0, 1].enumerated() {
            simulation.start(job(simulation, "j\(index)", cranes, duration: 2, log: log), after: arrival)
        }
        simulation.run(until: 4)
        // Busy units: 2 on [0, 2), 1 on [2, 4) (j2 waits 1..2 then runs 2..4) → mean 1.5 of 2 = 0.75.
        #expect(log.lines.filter { $0.hasSuffix("got") } == ["j0@0 got", "j1@0 got", "j2@2 got"])
        #expect(abs(cranes.utilization - 0.75) < 1e-12)
        // One request waiting on [1, 2) → mean 0.25 over [0, 4).
        #expect(abs(cranes.queueLength.mean - 0.25) < 1e-12)
    }

    @Test("a preemptive request interrupts the least urgent user, who learns the work left")
    func preemption() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "machine")
        let log = Log()
        var remaining: [Double] = []
        let work = Scripted(simulation, "work") { process in
            if let interrupt = process.takeInterrupt() {
                if case .preempted(let resource, let by) = interrupt.cause { log.add(process, "preempted from \(resource.name) by \(by.name)") }
                remaining.append(interrupt.remainingHold ?? -1)
                process.step = 0
            }
            switch process.step {
            case 0:
                guard machine.request(process, priority: 1) else { return }
                log.add(process, "working")
                process.step = 1
                process.hold(remaining.last ?? 10)
            default:
                machine.release(process)
                log.add(process, "finished")
            }
        }
        let breakdown = Scripted(simulation, "breakdown") { process in
            switch process.step {
            case 0:
                guard machine.request(process, priority: 0, preempt: true) else { return }
                log.add(process, "down")
                process.step = 1
                process.hold(2)
            default:
                machine.release(process)
                log.add(process, "repaired")
            }
        }
        simulation.start(work)
        simulation.start(breakdown, after: 3)
        simulation.run()
        #expect(remaining == [7])
        #expect(log.lines == [
            "work@0 working", "breakdown@3 down", "work@3 preempted from machine by breakdown", "breakdown@5 repaired", "work@5 working",
            "work@12 finished",
        ])
    }

    @Test("a preemptive request does not preempt a user of equal or higher urgency")
    func noPreemptionOfEqualPriority() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "machine")
        let log = Log()
        simulation.start(job(simulation, "holder", machine, priority: 0, duration: 5, log: log))
        let intruder = Scripted(simulation, "intruder") { process in
            guard machine.request(process, priority: 0, preempt: true) else { return }
            log.add(process, "got")
            machine.release(process)
        }
        simulation.start(intruder, after: 1)
        simulation.run()
        #expect(log.lines == ["holder@0 got", "holder@5 done", "intruder@5 got"])
    }

    @Test("an interrupted waiter leaves the queue and is not granted later")
    func interruptedWaiterLeavesQueue() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "machine")
        let log = Log()
        simulation.start(job(simulation, "holder", machine, duration: 5, log: log))
        let impatient = Scripted(simulation, "impatient") { process in
            if process.takeInterrupt() != nil {
                log.add(process, "gave up")
                return
            }
            guard machine.request(process) else { return }
            log.add(process, "got")
        }
        simulation.start(impatient, after: 1)
        simulation.start(Scripted(simulation, "caller") { _ in impatient.interrupt(.signal("timeout")) }, after: 2)
        simulation.run()
        #expect(log.lines == ["holder@0 got", "impatient@2 gave up", "holder@5 done"])
        #expect(machine.waitingCount == 0 && machine.inUse == 0)
    }
}
