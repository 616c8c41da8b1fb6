import Foundation
import Hummingbird
import Logging
import MESServer
import Twin

/// `mes train`: the API of `mes serve` on an MES engine that a live twin drives at the same
/// time, in scaled real time, plus the trainer's routes under `/api/v1/training`.
public enum TrainingServer {
    /// The MES service of a training run: a new journal in `configuration.databasePath`, the
    /// scenario's plant loaded into it, and the twin's clock as the service's clock.
    public static func service(_ configuration: APIServer.Configuration, model: TwinModel, seed: UInt64, traineeWork: TraineeWork = TraineeWork(),
                               speed: Double, paused: Bool = false,
                               wall: @escaping @Sendable () -> Double = TrainingClock.monotonicSeconds, session: String? = nil,
                               reportsDirectory: URL = URL(fileURLWithPath: "reports/training")) throws -> MESService {
        try APIServer.checkBootstrapped(configuration)
        return try MESService(databasePath: configuration.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: traineeWork), speed: speed, paused: paused, wall: wall,
                          session: TrainingSession(name: session ?? TrainingSession.defaultName(scenario: model.scenario.name), reportsDirectory: reportsDirectory))
        }
    }

    /// The application: every route of the API and the trainer's (documented together at
    /// `/openapi.json`), and the driver that keeps the twin in step with the wall clock every `tick`.
    public static func application(_ configuration: APIServer.Configuration, service: MESService, tick: Duration = .milliseconds(25),
                                   logger: Logger = Logger(label: "JetMES"), reportEvery: Duration? = nil,
                                   report: @escaping @Sendable (TrainingStatus) -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let driver = TrainingDriver(service: service, interval: tick, logger: logger, reportEvery: reportEvery, report: report)
        return try await APIServer.application(configuration, service: service, routes: { TrainingRoutes(service: service).register(on: $0) },
                                               services: [driver], openAPI: try openAPIDocument(), logger: logger)
    }
}
