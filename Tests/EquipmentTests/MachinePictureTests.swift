import Foundation
import Testing

@testable import Equipment

/// Two gateways' pictures in one (a training run's twin beside real machines).
@Suite("Machine picture: two gateways' machines in one")
struct MachinePictureTests {
    let start = Date(timeIntervalSince1970: 1_767_592_800)

    func value(_ machine: String, _ tag: String, _ value: Double, at minutes: Double) -> ProcessValue {
        ProcessValue(equipmentId: machine, tag: tag, value: value, unit: "kW", time: start.addingTimeInterval(minutes * 60))
    }

    @Test("distinct machines keep their own reports; a shared key takes the sum of counts and the newer sample")
    func merging() {
        let alarm = Alarm(equipmentId: "GRIND-1", code: "BREAKDOWN", text: "machine fault", severity: .fault, active: true, time: start)
        let real = MachinePicture(counters: ["M-1": .init(good: 3, bad: 1), "SHARED": .init(good: 1, bad: 0)],
                                  values: ["M-1/temp": value("M-1", "temp", 40, at: 5), "SHARED/p": value("SHARED", "p", 1, at: 10)])
        let twin = MachinePicture(counters: ["GRIND-1": .init(good: 7, bad: 0), "SHARED": .init(good: 2, bad: 1)],
                                  values: ["GRIND-1/spindle-power": value("GRIND-1", "spindle-power", 18.2, at: 3), "SHARED/p": value("SHARED", "p", 2, at: 4)],
                                  alarms: ["GRIND-1/BREAKDOWN": alarm])
        let merged = real.merging(twin)
        #expect(merged.counters == ["M-1": .init(good: 3, bad: 1), "GRIND-1": .init(good: 7, bad: 0), "SHARED": .init(good: 3, bad: 1)])
        #expect(merged.values["GRIND-1/spindle-power"]?.value == 18.2)
        #expect(merged.values["M-1/temp"]?.value == 40)
        #expect(merged.values["SHARED/p"]?.value == 1, "the sample at 10 min is newer than the one at 4 min")
        #expect(twin.merging(real).values["SHARED/p"]?.value == 1)
        #expect(merged.alarms == ["GRIND-1/BREAKDOWN": alarm])
        #expect(real.merging(MachinePicture()) == real)
    }
}
