import Foundation
import MESCore
import MESServer
import Testing
import Training
import Twin

/// What the simulated people record goes live like a trainee's commands: the line view and
/// webhooks see the whole floor, not only the API's part of it.
@Suite struct LiveEventsFromTheTwinTests {
    @Test func theTwinsCommandsReachTheEventHub() async throws {
        let (model, seed, work) = try bladeCell()
        let wall = ManualWall()
        let hub = EventHub()
        let configuration = try temporaryDatabase()
        let service = try MESService(databasePath: configuration.databasePath, hub: hub) { engine in
            TrainingClock(twin: try LiveTwin(model, seed: seed, engine: engine, traineeWork: work), speed: 3_600, wall: wall.read)
        }
        let events = hub.subscribe(after: nil) { _ in true }
        wall.advance(24)  // a simulated day at 3,600×
        await onClock(service) { $0.catchUp() }
        let journaled = await service.journalLength
        #expect(journaled > 10, "the simulated floor worked")
        // Everything published so far is buffered in the subscription; read it without waiting for more.
        let collected = Task {
            var types = Set<String>()
            var received = 0
            for await signal in events {
                guard case .event(let event) = signal else { continue }
                received += 1
                types.insert(event.category)
                if types.contains("operation") && types.contains("equipment") { break }
            }
            return (types, received)
        }
        let deadline = Task {
            try? await Task.sleep(for: .seconds(10))
            collected.cancel()
        }
        let (types, received) = await collected.value
        deadline.cancel()
        #expect(types.contains("operation") && types.contains("equipment"), "\(types) after \(received) events")
    }
}
