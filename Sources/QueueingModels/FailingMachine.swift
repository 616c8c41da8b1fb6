import Simulation
import Stochastics

/// A machine that always has work, and a breakdown source that preempts it: the breakdown
/// takes the machine resource with a preemptive request, holds it for the repair, then lets
/// the job have it back. What happens to the interrupted cycle is the machine's semantics.
public final class FailingMachine {
    /// What an interrupted cycle does once the repair is over.
    public enum InterruptedWork: Sendable {
        /// Continues with the work that was left (tool path resumes).
        case resume
        /// Starts the same cycle again from the beginning (the part is re-machined from scratch).
        case restart
    }

    public let simulation = Simulation()
    let machine: Resource
    let completed: CounterMonitor
    let failures: CounterMonitor

    public init(cycle: Distribution, timeToFailure: Distribution, timeToRepair: Distribution, interruptedWork: InterruptedWork, streams: RandomStreams) {
        machine = Resource(simulation, name: "machine")
        completed = CounterMonitor(simulation, name: "completed")
        failures = CounterMonitor(simulation, name: "failures")
        simulation.start(Job(owner: self, cycle: cycle, interruptedWork: interruptedWork, stream: streams.stream(named: "machine.cycle")))
        simulation.start(
            Breakdowns(owner: self, timeToFailure: timeToFailure, timeToRepair: timeToRepair,
                       failureStream: streams.stream(named: "machine.failures"), repairStream: streams.stream(named: "machine.repairs")))
    }

    /// Parts per unit time and the fraction of time the machine was up, after a warm-up.
    public func run(warmUp: Double, length: Double) -> (throughput: Double, failures: Int) {
        simulation.run(until: warmUp)
        simulation.resetStatistics()
        simulation.run(until: warmUp + length)
        return (completed.rate, failures.count)
    }

    /// Works parts back to back on the machine; a preemption ends the hold early and the job
    /// queues for the machine again until the repair is done.
    final class Job: Process {
        private enum Step { case acquire, working }
        unowned(unsafe) let owner: FailingMachine
        let cycle: Distribution
        let interruptedWork: InterruptedWork
        let stream: RandomStream
        private var step = Step.acquire
        private var cycleLength = 0.0
        /// Work still to do on the current part; nil when the next part is to be started.
        private var workLeft: Double?

        init(owner: FailingMachine, cycle: Distribution, interruptedWork: InterruptedWork, stream: RandomStream) {
            self.owner = owner
            self.cycle = cycle
            self.interruptedWork = interruptedWork
            self.stream = stream
            super.init(owner.simulation, name: "job")
        }

        override func resume() {
            while let interrupt = takeInterrupt() {
                guard case .preempted = interrupt.cause, let remaining = interrupt.remainingHold else { continue }
                workLeft = interruptedWork == .resume ? remaining : cycleLength
                step = .acquire
            }
            switch step {
            case .acquire:
                guard owner.machine.request(self, priority: 1) else { return }
            case .working:
                owner.completed.increment()
            }
            if workLeft == nil {
                cycleLength = cycle.sample(stream)
                workLeft = cycleLength
            }
            hold(workLeft!)
            workLeft = nil
            step = .working
        }
    }

    /// Alternates up time and repair; each failure preempts whatever holds the machine.
    final class Breakdowns: Process {
        private enum Step { case up, fail, repaired }
        unowned(unsafe) let owner: FailingMachine
        let timeToFailure: Distribution
        let timeToRepair: Distribution
        let failureStream: RandomStream
        let repairStream: RandomStream
        private var step = Step.up

        init(owner: FailingMachine, timeToFailure: Distribution, timeToRepair: Distribution, failureStream: RandomStream, repairStream: RandomStream) {
            self.owner = owner
            self.timeToFailure = timeToFailure
            self.timeToRepair = timeToRepair
            self.failureStream = failureStream
            self.repairStream = repairStream
            super.init(owner.simulation, name: "breakdowns")
        }

        override func resume() {
            switch step {
            case .up:
                step = .fail
                hold(timeToFailure.sample(failureStream))
            case .fail:
                guard owner.machine.request(self, priority: 0, preempt: true) else { return }
                owner.failures.increment()
                step = .repaired
                hold(timeToRepair.sample(repairStream))
            case .repaired:
                owner.machine.release(self)
                step = .fail
                hold(timeToFailure.sample(failureStream))
            }
        }
    }
}
