import Foundation
import MESServer
import Testing
import Training
import Twin

/// Run to a time on the clock itself: a running clock pauses there; a refused time leaves it running.
@Suite struct RunToTests {
    @Test func runToPausesARunningClockAtTheTime() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        let wall = ManualWall()
        let service = try MESService(databasePath: configuration.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 3_600, wall: wall.read)
        }
        wall.advance(1)
        // An hour in, 0.5 h is the past: refused, and the clock runs on.
        let past = await onClock(service) { clock in Result { () throws(TwinError) in try clock.run(to: .hours(0.5)) } }
        #expect(throws: TwinError.self) { try past.get() }
        #expect(await onClock(service) { !$0.paused && $0.twin.hours == 1 })
        let ran = await onClock(service) { clock in Result { () throws(TwinError) in try clock.run(to: .hours(2.5)) } }
        try ran.get()
        wall.advance(10)
        await onClock(service) { $0.catchUp() }
        #expect(await onClock(service) { $0.paused && $0.twin.hours == 2.5 && $0.status.simulatedHours == 2.5 })
        // The current time itself is not the past.
        let now = await onClock(service) { clock in Result { () throws(TwinError) in try clock.run(to: .iso("2026-01-05T02:30:00Z")) } }
        try now.get()
        #expect(await onClock(service) { $0.twin.hours } == 2.5)
    }
}
