import OPCUA

/// Gathers what a subscription delivers, so a test can wait for a condition with a deadline
/// instead of blocking on a stream that may stay silent.
actor Collector {
    private(set) var values: [MonitoredValue] = []
    private var task: Task<Void, Never>?

    init(_ subscription: Subscription) {
        let stream = subscription.values
        Task { await self.start(stream) }
    }

    private func start(_ stream: AsyncStream<MonitoredValue>) {
        task = Task {
            for await value in stream { self.append(value) }
        }
    }

    private func append(_ value: MonitoredValue) { values.append(value) }

    var count: Int { values.count }

    /// Waits until `condition` holds of the values collected, or the deadline passes.
    func wait(upTo timeout: Duration = .seconds(15), until condition: @Sendable ([MonitoredValue]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(values) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(values)
    }

    func stop() { task?.cancel() }
}
