import Foundation
import MESServer
import Testing
import Training
import Twin

/// The driver keeps the simulated clock in step with the wall clock × speed.
@Suite struct RealTimePaceTests {
    /// At 60× for about 3 wall seconds the simulated clock moves 60 × the wall time that passed,
    /// less the drift the clock reports (tolerance: 1 simulated second beyond it); the wall time
    /// itself is 3 s ± 0.5 s, so 180 s ± 30 s of simulated time. The drift stays under 6
    /// simulated seconds (0.1 s of wall time at 60×).
    @Test func sixtyTimesRealTimeKeepsPace() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        let wall = ContinuousClock()
        let service = try MESService(databasePath: configuration.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 60, paused: true)
        }
        let startHours = await onClock(service) { $0.twin.hours }
        let driver = TrainingDriver(service: service, interval: .milliseconds(25))
        let began = wall.now
        await onClock(service) { $0.resume() }
        let running = Task { try await driver.run() }
        try await Task.sleep(for: .seconds(3))
        await onClock(service) { $0.pause() }
        let elapsed = wall.now - began
        running.cancel()
        _ = try? await running.value
        let status = await onClock(service) { $0.status }
        let advanced = (status.simulatedHours - startHours) * 3_600
        let wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        #expect(abs(wallSeconds - 3) < 0.5, "slept \(wallSeconds) s")
        #expect(abs(advanced - 60 * wallSeconds) <= status.maxDriftSeconds + 1, "advanced \(advanced) s in \(wallSeconds) s of wall time")
        #expect(abs(advanced - 180) <= 30, "advanced \(advanced) s")
        #expect(status.maxDriftSeconds < 6, "drift \(status.maxDriftSeconds) s")
        #expect(status.paused && status.speed == 60)
    }

    /// Paused, the clock stands still however much wall time passes, and commands take the paused time.
    @Test func pausedClockStandsStill() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        let wall = ManualWall()
        let service = try MESService(databasePath: configuration.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 600, wall: wall.read)
        }
        wall.advance(30)
        await onClock(service) { $0.pause() }
        let pausedAt = await onClock(service) { $0.twin.hours }
        #expect(abs(pausedAt - 30 * 600 / 3_600) < 1e-9)
        wall.advance(1_000)
        await onClock(service) { $0.catchUp() }
        #expect(await onClock(service) { $0.twin.hours } == pausedAt)
        try await service.execute(.scheduleMaintenance(assetId: "EDM-3", kind: .corrective, description: "trainee found a leak"),
                                  by: .init(id: "trainee-m", name: "Trainee", roles: [.maintenanceTechnician]))
        let entries = try journal(configuration)
        #expect(entries.last?.time == model.start.addingTimeInterval(pausedAt * 3_600))
        // Resumed, it goes on from the paused time at the speed.
        await onClock(service) { $0.resume() }
        wall.advance(6)
        await onClock(service) { $0.catchUp() }
        #expect(abs(await onClock(service) { $0.twin.hours } - (pausedAt + 1)) < 1e-9)
    }
}
