import Simulation
import Stochastics

/// A machine of a serial line: takes the oldest part from its input buffer (or a fresh part
/// when it is the saturated first station), works it for a sampled service time, and passes
/// it on, staying blocked while the next buffer is full.
final class Station: Process {
    private enum Step { case load, unload }

    private let flow: LineFlow
    private let input: Buffer<Job>?
    private let output: Buffer<Job>?
    private let service: Distribution
    private let stream: RandomStream
    let busy: TimeWeightedMonitor
    let waitInQueue: TallyMonitor
    private var step = Step.load
    private var job: Job?

    init(flow: LineFlow, index: Int, input: Buffer<Job>?, output: Buffer<Job>?, service: Distribution, stream: RandomStream) {
        self.flow = flow
        self.input = input
        self.output = output
        self.service = service
        self.stream = stream
        busy = TimeWeightedMonitor(flow.simulation, name: "station-\(index + 1).busy")
        waitInQueue = TallyMonitor(flow.simulation, name: "station-\(index + 1).wait")
        super.init(flow.simulation, name: "station-\(index + 1)")
    }

    override func resume() {
        while true {
            switch step {
            case .load:
                // Optional chaining borrows the buffer; `if let` would retain and release it per part.
                if input == nil {
                    job = flow.release(at: now)
                } else {
                    guard let next = input?.get(self) else { return }
                    waitInQueue.record(now - next.queuedAt)
                    job = next
                }
                step = .unload
                busy.set(1)
                hold(service.sample(stream))
                return
            case .unload:
                busy.set(0)
                guard var finished = job else { preconditionFailure("station \(name) unloads without a part") }
                if output == nil {
                    flow.depart(finished, at: now)
                } else {
                    finished.queuedAt = now
                    guard output?.put(finished, self) == true else { return }
                }
                job = nil
                step = .load
            }
        }
    }
}
