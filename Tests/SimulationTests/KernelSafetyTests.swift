import Testing

@testable import Simulation

/// Lifetimes and grants at their edges: processes finishing mid-wait, interrupts and
/// preemptions that land between a grant and the grantee's resumption. Run these under
/// `swift test --sanitize=address` as well: several guard against use-after-free.
@Suite("Kernel safety: lifetimes and grants")
struct KernelSafetyTests {
    final class WeakBox { weak var process: Process? }

    @Test("processes that finish themselves are let go without touching freed memory")
    func selfFinishing() {
        let simulation = Simulation()
        for name in ["a", "b", "c"] { simulation.start(Scripted(simulation, name) { $0.finish() }) }
        simulation.run()
        #expect(simulation.liveProcessCount == 0)
    }

    @Test("a process that balks (finishes after a refused request) lives until its resume() returns")
    func balking() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "m")
        var aliveInside: [Bool] = []
        let box = WeakBox()
        simulation.start(Scripted(simulation, "holder") { p in
            if p.step == 0 {
                _ = machine.request(p)
                p.step = 1
                p.hold(10)
            } else {
                machine.release(p)
                p.finish()
            }
        })
        do {
            let balker = Scripted(simulation, "balker") { p in
                guard machine.request(p) else {
                    p.finish()
                    aliveInside.append(box.process != nil)
                    return
                }
            }
            box.process = balker
            simulation.start(balker, after: 1)
        }
        simulation.run()
        #expect(aliveInside == [true])
        #expect(box.process == nil && machine.waitingCount == 0 && machine.inUse == 0)
    }

    @Test("a unit granted to a process that is preempted before it resumes is not held twice")
    func preemptGrantee() {
        let simulation = Simulation()
        let r1 = Resource(simulation, name: "r1")
        let r2 = Resource(simulation, name: "r2")
        var bHolds = false
        simulation.start(Scripted(simulation, "c") { p in
            if p.step == 0 {
                _ = r1.request(p)
                _ = r2.request(p)
                p.step = 1
                p.hold(5)
            } else {
                r1.release(p)
                r2.release(p)
                p.finish()
            }
        })
        let a = Scripted(simulation, "a") { p in
            if p.step == 0 {
                guard r1.request(p) else { return }
                p.step = 1
            }
            if p.step == 1 {
                guard r2.request(p, priority: 0, preempt: true) else { return }
                p.step = 2
                p.hold(100)
            }
        }
        let b = Scripted(simulation, "b") { p in
            if let interrupt = p.takeInterrupt(), case .preempted = interrupt.cause { p.step = 0 }
            if p.step == 0 {
                guard r2.request(p, priority: 1) else { return }
                bHolds = true
                p.step = 1
                p.hold(100)
            }
        }
        simulation.start(a, after: 1)
        simulation.start(b, after: 2)
        simulation.run(until: 6)
        #expect(r2.isHeld(by: a) && !r2.isHeld(by: b) && !bHolds)
        #expect(r2.inUse == 1 && r2.waitingCount == 1)
    }

    @Test("interrupting a process granted a unit it has not taken passes the unit on")
    func interruptGrantee() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "m")
        let log = Log()
        var impatient: Scripted!
        impatient = Scripted(simulation, "impatient") { p in
            if p.takeInterrupt() != nil { return log.add(p, "gave up") }
            guard machine.request(p) else { return }
            log.add(p, "got")
        }
        simulation.start(Scripted(simulation, "holder") { p in
            if p.step == 0 {
                _ = machine.request(p)
                p.step = 1
                p.hold(5)
            } else {
                machine.release(p)
                impatient.interrupt(.signal("timeout"))
                p.finish()
            }
        })
        simulation.start(impatient, after: 1)
        simulation.start(Scripted(simulation, "later") { p in
            guard machine.request(p) else { return }
            log.add(p, "got")
            machine.release(p)
        }, after: 10)
        simulation.run()
        #expect(log.lines == ["impatient@5 gave up", "later@10 got"])
        #expect(machine.inUse == 0 && machine.waitingCount == 0)
    }

    @Test("an item set aside for an interrupted getter goes to the next getter, and capacity still holds")
    func interruptedWokenGetter() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 1)
        let log = Log()
        var first: Scripted!
        first = Scripted(simulation, "first") { p in
            if p.takeInterrupt() != nil { return log.add(p, "interrupted") }
            if let item = buffer.get(p) { log.add(p, "got \(item)") }
        }
        simulation.start(first)
        simulation.start(Scripted(simulation, "second") { p in
            if let item = buffer.get(p) { log.add(p, "got \(item)") }
        }, after: 0.5)
        simulation.start(Scripted(simulation, "putter") { p in
            _ = buffer.put(5, p)
            first.interrupt(.signal("break"))
            log.add(p, buffer.offer(6) ? "offered 6" : "6 refused")
        }, after: 1)
        simulation.run()
        #expect(log.lines == ["putter@1 offered 6", "first@1 interrupted", "second@1 got 5"])
        #expect(buffer.count == 1 && buffer.reserved == 0)
        #expect(!buffer.offer(7), "capacity 1 is full with item 6")
    }

    @Test("a blocked putter interrupted after its item was admitted learns the put is done")
    func interruptedGrantedPutter() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b", capacity: 1)
        var delivered: [Int] = []
        var completedPuts: [Bool] = []
        var putter: Scripted!
        putter = Scripted(simulation, "putter") { p in
            if let interrupt = p.takeInterrupt() {
                completedPuts.append(interrupt.completedPut)
                if interrupt.completedPut { p.step += 1 }  // the part went in: move on to the next
            }
            while p.step < 4 {
                guard buffer.put(p.step, p) else { return }
                p.step += 1
            }
        }
        simulation.start(putter)
        simulation.start(Scripted(simulation, "consumer") { p in
            guard let item = buffer.get(p) else { return }
            delivered.append(item)
            if p.step == 0 { putter.interrupt(.signal("abort")) }
            p.step += 1
            p.hold(1)
        }, after: 1)
        simulation.run()
        #expect(completedPuts == [true])
        #expect(delivered == [0, 1, 2, 3])
    }

    @Test("a newcomer cannot take the item set aside for a woken getter")
    func reservedItemsStayReserved() {
        let simulation = Simulation()
        let buffer = Buffer<Int>(simulation, name: "b")
        let log = Log()
        simulation.start(Scripted(simulation, "g1") { p in
            guard let item = buffer.get(p) else { return }
            log.add(p, "got \(item)")
        })
        simulation.start(Scripted(simulation, "p") { p in
            _ = buffer.put(1, p)
            _ = buffer.put(2, p)
            if let item = buffer.get(p) { log.add(p, "got \(item)") }
        }, after: 1)
        simulation.run()
        #expect(log.lines == ["p@1 got 2", "g1@1 got 1"])
    }

    @Test("interrupting a delayed start reports no remaining hold")
    func remainingHoldOnlyForHolds() {
        let simulation = Simulation()
        var reported: [Double?] = []
        let late = Scripted(simulation, "late") { p in
            if let interrupt = p.takeInterrupt() { reported.append(interrupt.remainingHold) }
            if p.step == 0 {
                p.step = 1
                p.hold(4)
            }
        }
        simulation.start(late, after: 10)
        simulation.start(Scripted(simulation, "x") { p in
            if p.step == 0 {
                late.interrupt(.signal("early"))
                p.step = 1
                p.hold(1)
            } else {
                late.interrupt(.signal("during hold"))
            }
        }, after: 3)
        simulation.run()
        #expect(reported == [nil, 3])
    }

    @Test("a preemptive request waits behind a more urgent waiting request")
    func preemptionRespectsQueue() {
        let simulation = Simulation()
        let machine = Resource(simulation, name: "m")
        let log = Log()
        simulation.start(Scripted(simulation, "low") { p in
            if p.takeInterrupt() != nil { return log.add(p, "preempted") }
            _ = machine.request(p, priority: 5)
            p.hold(100)
        })
        simulation.start(Scripted(simulation, "urgent") { p in
            guard machine.request(p, priority: -5) else { return }
            log.add(p, "got")
        }, after: 1)
        simulation.start(Scripted(simulation, "preemptor") { p in
            guard machine.request(p, priority: 0, preempt: true) else { return log.add(p, "waits") }
            log.add(p, "got")
        }, after: 2)
        simulation.run(until: 3)
        #expect(log.lines == ["preemptor@2 waits"])
        #expect(machine.waitingCount == 2)
    }

    @Test("a process granted a unit and then preempted from another resource gives the grant back and gets both later")
    func grantsDoNotOverwrite() {
        let simulation = Simulation()
        let r1 = Resource(simulation, name: "r1")
        let r2 = Resource(simulation, name: "r2")
        var done = false
        let p = Scripted(simulation, "p") { p in
            if let interrupt = p.takeInterrupt(), case .preempted = interrupt.cause { p.step = 0 }
            if p.step == 0 {
                if !r1.isHeld(by: p) { guard r1.request(p, priority: 1) else { return } }
                p.step = 1
            }
            if p.step == 1 {
                guard r2.request(p) else { return }
                done = true
                p.step = 2
            }
        }
        simulation.start(Scripted(simulation, "c") { c in
            switch c.step {
            case 0:
                _ = r2.request(c)
                c.step = 1
                c.hold(5)
            case 1:
                r2.release(c)
                _ = r1.request(c, priority: 0, preempt: true)
                c.step = 2
                c.hold(1)
            default:
                r1.release(c)
            }
        })
        simulation.start(p, after: 1)
        simulation.run()
        #expect(done && r1.isHeld(by: p) && r2.isHeld(by: p))
    }

    @Test("interrupted long holds do not make the calendar grow without bound")
    func calendarCompaction() {
        let simulation = Simulation()
        let idler = Scripted(simulation, "idler") { p in
            _ = p.takeInterrupt()
            p.hold(.infinity)
        }
        simulation.start(idler)
        simulation.start(Scripted(simulation, "ticker") { p in
            idler.interrupt(.signal("tick"))
            p.hold(1)
        }, after: 1)
        simulation.run(until: 10_000)
        #expect(simulation.scheduler.calendar.count < 200)
        #expect(idler.staleActivations < 200)
    }
}
