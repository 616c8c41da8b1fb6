import Foundation
import MESCore
import MESServer
import MESStore
import Testing
import Training
import Twin

/// Pause, resume, step and speed changes cut the live run into pieces; none of it may change
/// what the MES records. A run driven through all of them, with trainees' commands at the
/// instants where it stood paused, must journal exactly what a run taken straight to those
/// instants journals with the same commands.
@Suite struct PauseExactnessTests {
    /// What a trainee does at one paused instant: start the first serial waiting at EDM, or
    /// complete the one started before.
    enum Action: Sendable, Equatable { case start, complete }

    /// Carries out `action` as the trainee through the service (as the API does); returns the
    /// serial it acted on, if any was there to act on.
    static func act(_ action: Action, on service: MESService, started: (String, String, Int)?) async throws -> (String, String, Int)? {
        switch action {
        case .start:
            guard let waiting = try await service.read({ waitingAtEDM($0.state) }) else { return nil }
            try await service.execute(.startOperation(StartOperation(workOrderId: waiting.workOrder, serial: waiting.serial, operationNumber: waiting.operation,
                                                                     equipmentId: "EDM-1", operatorId: "OP-E-ED1")), by: trainee)
            return waiting
        case .complete:
            guard let (order, serial, number) = started else { return nil }
            try await service.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: number, scrapReason: nil)),
                                      by: trainee)
            return started
        }
    }

    @Test func pausedSteppedAndResumedRunRecordsWhatAStraightRunRecords() async throws {
        let (model, seed, work) = try bladeCell()
        let endHours = 30.0

        // The interrupted run: paced by a hand-moved wall clock at 1 h per wall second (3600×).
        let wall = ManualWall()
        let interrupted = try temporaryDatabase()
        let service = try MESService(databasePath: interrupted.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 3_600, wall: wall.read)
        }
        var script: [(hours: Double, action: Action)] = []
        var started: (String, String, Int)?
        var actions = 0
        // Catch-ups at uneven intervals, pauses, steps, speed changes; at every pause the trainee acts.
        for round in 0..<40 {
            let running = await onClock(service) { !$0.paused }
            if running {
                wall.advance(0.37 + Double(round % 5) * 0.11)
                await onClock(service) { $0.catchUp() }
            }
            switch round % 4 {
            case 0: await onClock(service) { $0.pause() }
            case 1: await onClock(service) { $0.step() }
            case 2: await onClock(service) { $0.setSpeed(round % 8 == 2 ? 7_200 : 2_400) }
            default: await onClock(service) { $0.resume() }
            }
            guard await onClock(service, { $0.paused }) else { continue }
            let hours = await onClock(service) { $0.twin.hours }
            guard hours < endHours else { break }
            let action: Action = started == nil ? .start : .complete
            if let acted = try await Self.act(action, on: service, started: started) {
                script.append((hours, action))
                started = action == .start ? acted : nil
                actions += 1
            }
        }
        await onClock(service) { $0.pause(atHours: endHours) }
        let fault = await onClock(service) { $0.twin.fault }
        #expect(fault == nil)
        #expect(actions >= 4, "the trainee acted \(actions) times")

        // The straight run: paused throughout, taken to each instant of the script at once.
        let straight = try temporaryDatabase()
        let reference = try MESService(databasePath: straight.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 60, paused: true)
        }
        var referenceStarted: (String, String, Int)?
        for (hours, action) in script {
            await onClock(reference) { $0.pause(atHours: hours) }
            let acted = try await Self.act(action, on: reference, started: referenceStarted)
            #expect(acted != nil)
            referenceStarted = action == .start ? acted : nil
        }
        await onClock(reference) { $0.pause(atHours: endHours) }

        let (one, other) = (try journal(interrupted), try journal(straight))
        #expect(one.count > 100)
        #expect(one.count == other.count)
        for (a, b) in zip(one, other) where a != b {
            Issue.record("entry \(a.sequence) differs: \(a.command.name) at \(a.time) by \(a.actor.id) vs \(b.command.name) at \(b.time) by \(b.actor.id)")
            break
        }
        #expect(one == other)
        // The trainee's commands are in the record at the paused instants' simulated times.
        let traineeTimes = one.filter { $0.actor.id == trainee.id }.map(\.time)
        #expect(traineeTimes == script.map { model.start.addingTimeInterval($0.hours * 3_600) })

        // And the comparison can fail: the same run without the trainee's last command differs.
        let without = try temporaryDatabase()
        let control = try MESService(databasePath: without.databasePath) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 60, paused: true)
        }
        var controlStarted: (String, String, Int)?
        for (hours, action) in script.dropLast() {
            await onClock(control) { $0.pause(atHours: hours) }
            let acted = try await Self.act(action, on: control, started: controlStarted)
            controlStarted = action == .start ? acted : nil
        }
        await onClock(control) { $0.pause(atHours: endHours) }
        #expect(try journal(without) != one)
    }
}
