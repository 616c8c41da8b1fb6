import Foundation
import MESServer
import Synchronization
import Testing
import Training
import Twin

/// The clock is made with the service, the driver starts later (server set-up, bind): that gap
/// is not simulated time the floor owes, so the first catch-up neither jumps nor reports drift.
@Suite struct StartUpDriftTests {
    /// The driver's status reports, as they come.
    final class Reports: Sendable {
        private let seen = Mutex<[TrainingStatus]>([])
        var report: @Sendable (TrainingStatus) -> Void { { [self] status in seen.withLock { $0.append(status) } } }
        var all: [TrainingStatus] { seen.withLock { $0 } }

        /// The first report after `count` that `accept` takes, waiting up to 20 s of wall time for it.
        func first(after count: Int, where accept: (TrainingStatus) -> Bool) async throws -> TrainingStatus {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if let found = all.dropFirst(count).first(where: accept) { return found }
                try await Task.sleep(for: .milliseconds(5))
            }
            throw TwinError("no such report from the driver in 20 s; got \(all.count)")
        }
    }

    /// Made at wall 0 running at 3600× (1 h per wall second), the driver started at wall 5 s:
    /// the floor starts where it stood, not 5 h on, with no drift; a wall second later it is 1 h on.
    @Test func theDriverStartsPacingFromWhereTheClockStands() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        let wall = ManualWall()
        let service = try MESService(databasePath: configuration.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 3_600, wall: wall.read)
        }
        wall.advance(5)
        let reports = Reports()
        let driver = TrainingDriver(service: service, interval: .milliseconds(1), reportEvery: .zero, report: reports.report)
        let running = Task { try await driver.run() }
        defer { running.cancel() }
        let first = try await reports.first(after: 0) { _ in true }
        #expect(first.simulatedHours == 0, "the start-up gap was run as simulated time")
        #expect(first.driftSeconds == 0 && first.maxDriftSeconds == 0)
        #expect(!first.paused)
        let seen = reports.all.count
        wall.advance(1)
        let later = try await reports.first(after: seen) { $0.simulatedHours > 0 }
        #expect(later.simulatedHours == 1)
        #expect(later.maxDriftSeconds == 0)
        running.cancel()
        _ = try? await running.value
    }

    /// Only the anchor made with the clock moves, once: a second start, or a start after a
    /// resume or a speed change anchored the clock (the driver's task may run late on a busy
    /// machine), drops none of the wall time the floor owes. A paused clock is anchored by its resume.
    @Test func startMovesOnlyTheAnchorMadeWithTheClock() async throws {
        let (model, seed, work) = try bladeCell()
        let wall = ManualWall()
        func clock(paused: Bool) throws -> MESService {
            try MESService(databasePath: try temporaryDatabase().databasePath) { engine in
                TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 3_600, paused: paused, wall: wall.read)
            }
        }
        let (running, resumed, faster, paused) = (try clock(paused: false), try clock(paused: true), try clock(paused: false), try clock(paused: true))
        await onClock(resumed) { $0.resume() }
        await onClock(faster) { $0.setSpeed(7_200) }
        wall.advance(5)
        for service in [running, resumed, faster, paused] { await onClock(service) { $0.start() } }
        #expect(await onClock(running) { $0.targetHours } == 0, "the start-up gap is dropped")
        #expect(await onClock(resumed) { $0.targetHours } == 5, "resumed before the start: 5 wall seconds owed at 3600×")
        #expect(await onClock(faster) { $0.targetHours } == 10, "sped up before the start: 5 wall seconds owed at 7200×")
        wall.advance(2)
        await onClock(running) { $0.start() }
        await onClock(running) { $0.catchUp() }
        #expect(await onClock(running) { $0.twin.hours } == 2, "a second start drops nothing")
        await onClock(paused) { $0.resume() }
        wall.advance(1)
        await onClock(paused) { $0.catchUp() }
        #expect(await onClock(paused) { $0.twin.hours } == 1)
    }
}
