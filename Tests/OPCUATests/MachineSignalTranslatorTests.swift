import Equipment
import Foundation
import OPCUA
import PlantFiles
import Testing

@testable import OPCUAEquipment

/// Node values into equipment events, without a server: state numbers, counters with resets,
/// quality flags.
@Suite struct MachineSignalTranslatorTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func mapping(goodCounter: Bool, model: DriverDescription.StateMapping.Model = .packml) -> DriverDescription {
        var driver = DriverDescription(type: .opcua)
        driver.state = .init(node: NodeReference("nsu=urn:x;s=State"), model: model)
        driver.counters = goodCounter
            ? .init(produced: nil, good: NodeReference("nsu=urn:x;s=Good"), bad: NodeReference("nsu=urn:x;s=Bad"))
            : .init(produced: NodeReference("nsu=urn:x;s=Produced"), good: nil, bad: NodeReference("nsu=urn:x;s=Bad"))
        driver.processValues = [.init(tag: "coolant", unit: "°C", node: NodeReference("nsu=urn:x;s=Coolant"))]
        return driver
    }

    func value(_ number: Double, _ status: StatusCode = .good, at seconds: Double = 0) -> DataValue {
        DataValue(value: .double(number), status: status, sourceTimestamp: t0.addingTimeInterval(seconds))
    }

    func counted(_ events: [EquipmentEvent]) -> (good: Int, bad: Int) {
        events.reduce((0, 0)) { sum, event in
            if case .partsCounted(_, let good, let bad, _) = event { return (sum.0 + good, sum.1 + bad) }
            return sum
        }
    }

    @Test func stateNumbersOfBothModelsBecomePackMLStates() {
        #expect(MachineSignalTranslator.state(6, model: .packml) == .execute)
        #expect(MachineSignalTranslator.state(9, model: .packml) == .aborted)
        #expect(MachineSignalTranslator.state(17, model: .packml) == .complete)
        #expect(MachineSignalTranslator.state(0, model: .packml) == nil)
        #expect(MachineSignalTranslator.state(2, model: .machineryItemState) == .execute)
        #expect(MachineSignalTranslator.state(3, model: .machineryItemState) == .idle)
        #expect(MachineSignalTranslator.state(1, model: .machineryItemState) == .aborted)
        #expect(MachineSignalTranslator.state(0, model: .machineryItemState) == .stopped)
        var translator = MachineSignalTranslator(equipmentId: "M", mapping: mapping(goodCounter: true))
        #expect(translator.translate(.state, value(4)).count == 1)
        #expect(translator.translate(.state, value(4)).isEmpty, "an unchanged state is no event")
        #expect(translator.translate(.state, value(6, .badCommunicationError)).isEmpty, "a Bad state value changes nothing")
        #expect(translator.state == .idle)
    }

    @Test func separateCountersCountIncreasesAndSurviveAMachineRestart() {
        var translator = MachineSignalTranslator(equipmentId: "M", mapping: mapping(goodCounter: true))
        var events = translator.translate(.good, value(100)) + translator.translate(.bad, value(7))
        #expect(counted(events) == (0, 0), "the first values are the baseline, not production")
        events = translator.translate(.good, value(108)) + translator.translate(.bad, value(9))
        #expect(counted(events) == (8, 2))
        // Power cycle: counters back to zero, then three more good parts and one bad.
        events = translator.translate(.good, value(0)) + translator.translate(.bad, value(0))
        #expect(counted(events) == (0, 0))
        events = translator.translate(.good, value(3)) + translator.translate(.bad, value(1))
        #expect(counted(events) == (3, 1))
        // A restart and new parts inside one sampling interval.
        events = translator.translate(.good, value(2))
        #expect(counted(events) == (2, 0), "3 → 2 is a reset to 0 plus 2 parts")
        #expect(translator.counterResets == 3)
    }

    @Test func producedAndBadAreReadTogetherOnceSettled() {
        var translator = MachineSignalTranslator(equipmentId: "M", mapping: mapping(goodCounter: false))
        let now = Date()
        _ = translator.translate(.produced, value(50), now: now)
        _ = translator.translate(.bad, value(5), now: now)
        #expect(counted(translator.settledCounts(at: now.addingTimeInterval(1))) == (0, 0))
        // The PLC updates produced in one scan and bad in the next: no part counted twice.
        #expect(counted(translator.translate(.produced, value(60), now: now.addingTimeInterval(2))) == (0, 0))
        #expect(counted(translator.settledCounts(at: now.addingTimeInterval(2.1))) == (0, 0), "not settled yet")
        #expect(counted(translator.translate(.bad, value(7), now: now.addingTimeInterval(2.2))) == (0, 0))
        #expect(counted(translator.settledCounts(at: now.addingTimeInterval(3))) == (8, 2))
        // Restart: both counters to zero in separate notifications, then 4 produced, 1 bad.
        _ = translator.translate(.produced, value(0), now: now.addingTimeInterval(4))
        _ = translator.translate(.bad, value(0), now: now.addingTimeInterval(4.1))
        #expect(counted(translator.settledCounts(at: now.addingTimeInterval(5))) == (0, 0))
        _ = translator.translate(.produced, value(4), now: now.addingTimeInterval(6))
        _ = translator.translate(.bad, value(1), now: now.addingTimeInterval(6))
        #expect(counted(translator.settledCounts(at: now.addingTimeInterval(7))) == (3, 1))
    }

    @Test func aBadProcessValueIsAQualityFlag() {
        var translator = MachineSignalTranslator(equipmentId: "M", mapping: mapping(goodCounter: true))
        let events = translator.translate(.processValue(0), DataValue(status: .badSensorFailure, sourceTimestamp: t0))
        guard case .processValue(let sample)? = events.first else {
            Issue.record("no process value")
            return
        }
        #expect(sample.quality == .bad)
        #expect(sample.tag == "coolant")
        #expect(counted(translator.translate(.good, value(5, .badSensorFailure))) == (0, 0))
    }
}
