import Simulation
import Stochastics

/// Brings parts into the line at sampled inter-arrival times.
final class ArrivalSource: Process {
    private let flow: LineFlow
    private let interarrival: Distribution
    private let stream: RandomStream
    private var started = false

    init(flow: LineFlow, interarrival: Distribution, stream: RandomStream) {
        self.flow = flow
        self.interarrival = interarrival
        self.stream = stream
        super.init(flow.simulation, name: "arrivals")
    }

    override func resume() {
        if started { flow.arrive(at: now) }
        started = true
        hold(interarrival.sample(stream))
    }
}
