import Foundation
@testable import MESCore
import Testing

@testable import MESServer

/// The event hub: categories and types, the alarms it derives, filters, resumption and cleanup.
@Suite("Live events: the hub")
struct EventHubTests {
    func collect(_ stream: AsyncStream<EventHub.Signal>, count: Int) async -> [LiveEvent] {
        var events: [LiveEvent] = []
        for await signal in stream {
            if case .event(let event) = signal { events.append(event) }
            if events.count == count { break }
        }
        return events
    }

    @Test("a breakdown raises machineDown, an NCR ncrOpened; filters see only what they accept; ids run in journal order")
    func alarmsAndFilters() async {
        let hub = EventHub()
        let alarms = hub.subscribe(after: nil) { $0.category == "alarm" }
        let everything = hub.subscribe(after: nil) { _ in true }
        let time = Date(timeIntervalSince1970: 1_764_489_600)
        hub.publish([.equipmentStateChanged(equipmentId: "EDM-1", state: .execute, at: time)], at: time)
        hub.publish([.equipmentStateChanged(equipmentId: "EDM-1", state: .aborted, at: time)], at: time)
        let report = NonConformance(id: "NCR-1", subject: EntityReference(.serial, "S-1"), description: "crack", inspectionId: nil, characteristicIds: [],
                                    status: .open, openedAt: time, openedBy: "qi", addedOperations: [])
        hub.publish([.nonConformanceOpened(report), .commandRejected(command: "x", reason: "y", httpStatus: 409)], at: time)
        hub.alarm("pmOverdue", about: [EntityReference(.equipment, "GRIND-1")], message: "due", at: time)
        let seen = await collect(alarms, count: 3)
        #expect(seen.map(\.type) == ["alarm.machineDown", "alarm.ncrOpened", "alarm.pmOverdue"])
        #expect(seen[1].entities.contains(EntityReference(.serial, "S-1")) && seen[1].message?.contains("crack") == true)
        let all = await collect(everything, count: 6)
        #expect(all.map(\.type) == ["equipment.equipmentStateChanged", "equipment.equipmentStateChanged", "alarm.machineDown", "ncr.nonConformanceOpened",
                                    "alarm.ncrOpened", "alarm.pmOverdue"], "refusals are not live events")
        #expect(all.map(\.id) == Array(1...6))
    }

    @Test("Last-Event-ID replays what followed, within what the hub keeps; ended streams unsubscribe; closing ends every stream")
    func resumeAndClose() async {
        let hub = EventHub(retained: 3)
        let time = Date(timeIntervalSince1970: 1_764_489_600)
        for index in 1...5 { hub.alarm("pmOverdue", about: [EntityReference(.equipment, "M-\(index)")], message: "\(index)", at: time) }
        let resumed = await collect(hub.subscribe(after: 3) { _ in true }, count: 2)
        #expect(resumed.map(\.id) == [4, 5])
        #expect(hub.resumption(from: "\(hub.epoch)-3") == (3, false) && hub.resumption(from: "\(hub.epoch)-1") == (0, true))
        #expect(hub.resumption(from: "other-4") == (0, true) && hub.resumption(from: "garbage") == (0, true) && hub.resumption(from: nil) == (nil, false))
        hub.alarm("pmOverdue", about: [], message: "6", at: time)
        #expect(await collect(hub.subscribe(after: 0) { _ in true }, count: 1).map(\.id) == [4], "only the events still kept are replayed (4, 5, 6 of 1...6)")
        var stream: AsyncStream<EventHub.Signal>? = hub.subscribe(after: nil) { _ in true }
        #expect(hub.subscriberCount >= 1)
        stream = nil
        _ = stream
        // Every stream given out is gone now (read to its end or dropped): each unsubscribed.
        for _ in 0..<100 where hub.subscriberCount > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        #expect(hub.subscriberCount == 0)
        let open = hub.subscribe(after: nil) { _ in true }
        hub.close()
        var ended = true
        for await signal in open { if case .event = signal { ended = false } }
        #expect(ended && hub.subscriberCount == 0)
        let late = hub.subscribe(after: nil) { _ in true }
        for await _ in late { Issue.record("a closed hub hands out ended streams") }
    }
}
