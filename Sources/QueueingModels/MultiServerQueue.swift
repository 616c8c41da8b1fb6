import Simulation
import Stochastics

/// M/M/c (or G/G/c) with each customer a process that requests one of `servers` identical
/// units of a `Resource`: the kernel's resource queueing, checked against Erlang C.
public final class MultiServerQueue {
    public let simulation = Simulation()
    let servers: Resource
    let waits: TallyMonitor
    let interarrival: Distribution
    let service: Distribution
    let arrivalStream: RandomStream
    let serviceStream: RandomStream

    public init(servers count: Int, interarrival: Distribution, service: Distribution, streams: RandomStreams) {
        servers = Resource(simulation, name: "servers", capacity: count)
        waits = TallyMonitor(simulation, name: "wait")
        self.interarrival = interarrival
        self.service = service
        arrivalStream = streams.stream(named: "arrivals")
        serviceStream = streams.stream(named: "service")
        simulation.start(CustomerSource(queue: self))
    }

    /// Mean wait in queue, mean number waiting and server utilisation after a warm-up.
    public func run(warmUp: Double, length: Double) -> (meanWait: Double, meanQueueLength: Double, utilization: Double) {
        simulation.run(until: warmUp)
        simulation.resetStatistics()
        simulation.run(until: warmUp + length)
        return (waits.mean, servers.queueLength.mean, servers.utilization)
    }

    final class CustomerSource: Process {
        unowned(unsafe) let queue: MultiServerQueue
        private var count = 0

        init(queue: MultiServerQueue) {
            self.queue = queue
            super.init(queue.simulation, name: "customer-source")
        }

        override func resume() {
            if count > 0 { simulation.start(Customer(queue: queue, number: count)) }
            count += 1
            hold(queue.interarrival.sample(queue.arrivalStream))
        }
    }

    final class Customer: Process {
        private enum Step { case arrive, depart }
        unowned(unsafe) let queue: MultiServerQueue
        private var step = Step.arrive
        private let arrivedAt: Double

        init(queue: MultiServerQueue, number: Int) {
            self.queue = queue
            arrivedAt = queue.simulation.now
            super.init(queue.simulation, name: "customer-\(number)")
        }

        override func resume() {
            switch step {
            case .arrive:
                guard queue.servers.request(self) else { return }
                queue.waits.record(now - arrivedAt)
                step = .depart
                hold(queue.service.sample(queue.serviceStream))
            case .depart:
                queue.servers.release(self)
                finish()
            }
        }
    }
}
