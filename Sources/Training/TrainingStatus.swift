import Foundation
import Hummingbird

/// The state of a training run's simulated clock, as `GET /api/v1/training` reports it.
public struct TrainingStatus: Codable, Sendable, Equatable, ResponseEncodable {
    public let simulatedTime: Date
    /// Hours since the scenario's start.
    public let simulatedHours: Double
    public let horizonHours: Double
    public let speed: Double
    public let paused: Bool
    /// Simulated seconds the twin was behind the wall clock × speed after its last catch-up, and the worst so far.
    public let driftSeconds: Double
    public let maxDriftSeconds: Double
    /// When the next thing happens on the simulated floor, if before the horizon.
    public let nextEventTime: Date?
    /// Why the simulated floor stopped booking work, if it did (the MES refused one of its commands).
    public let fault: String?
    /// How often the simulated floor gave way to something a trainee did first, and the latest such time.
    public let floorGaveWay: Int
    public let lastGaveWay: String?
}
