import Foundation
import Logging
import MESServer
import ServiceLifecycle

/// Runs beside the training server: every `interval` of wall time it has the training clock
/// catch the twin up with its target (inside the MES service, between API commands), so the
/// simulated floor moves on in real time × speed even when no trainee acts.
public struct TrainingDriver: Service {
    let service: MESService
    let interval: Duration
    let logger: Logger
    /// The trainer console: the clock's status (simulated time, speed, drift) every `reportEvery` of wall time.
    let reportEvery: Duration?
    let report: @Sendable (TrainingStatus) -> Void

    public init(service: MESService, interval: Duration = .milliseconds(25), logger: Logger = Logger(label: "JetMES.training"),
                reportEvery: Duration? = nil, report: @escaping @Sendable (TrainingStatus) -> Void = { _ in }) {
        self.service = service
        self.interval = interval
        self.logger = logger
        self.reportEvery = reportEvery
        self.report = report
    }

    public func run() async throws {
        // The clock was made with the service; pacing starts now, not at the service's making.
        await service.withClock { ($0 as? TrainingClock)?.start() }
        try? await cancelWhenGracefulShutdown {
            var reported: String?
            let wall = ContinuousClock()
            var lastReport = wall.now
            while !Task.isCancelled {
                let status = await service.withClock { clock -> TrainingStatus? in
                    guard let clock = clock as? TrainingClock else { return nil }
                    clock.catchUp()
                    return clock.status
                }
                if let status, let every = reportEvery, wall.now - lastReport >= every {
                    lastReport = wall.now
                    report(status)
                }
                if let fault = status?.fault, fault != reported {
                    reported = fault
                    logger.error("the simulated floor stopped booking work", metadata: ["fault": "\(fault)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
