import Foundation
import MESCore
import Twin

extension TrainingScore {
    /// The trainees' recorded measurements set against what the twin's gauge showed them: at a
    /// trainee's work centre the twin measures nothing itself, so how faithfully the trainee
    /// carries the gauge's values into the MES is what decides the part's fate.
    public struct Measurements: Codable, Sendable, Equatable {
        /// How a recorded value is judged against the reading.
        public var rule: String
        /// Results recorded as read: within the rule's tolerance of the value the gauge showed.
        public var recordedAsRead: Int
        /// Results recorded off the reading.
        public var transcriptionErrors: [TranscriptionError]
        /// Results recorded before any reading of their inspection was asked for (typed without
        /// looking at the gauge), or where the twin had no reading to give.
        public var recordedWithoutReading: [UnreadResult]
        /// Every inspection the trainees recorded on after its reading, once the MES closed it:
        /// whether the MES's verdict is the one the reading implies.
        public var verdicts: [Verdict]

        public var verdictsMatching: Int { verdicts.filter(\.matches).count }
    }

    public struct TranscriptionError: Codable, Sendable, Equatable {
        public var inspection: String
        public var serial: String
        public var characteristic: String
        public var read: Double
        public var recorded: Double
        public var by: String
        public var time: Date
    }

    public struct UnreadResult: Codable, Sendable, Equatable {
        public var inspection: String
        public var serial: String
        public var characteristic: String
        public var recorded: Double
        public var by: String
        public var time: Date
    }

    public struct Verdict: Codable, Sendable, Equatable {
        public var inspection: String
        public var serial: String
        /// The MES's verdict: Passed or Failed.
        public var mes: String
        /// Passed when every characteristic's reading lies within its limits, else Failed.
        public var reading: String
        public var matches: Bool
    }

    static let measurementRule = "a result is recorded as read when it lies within half the gauge's resolution of the value the gauge showed (the gauge "
        + "shows values to the tolerance band's hundredth rounded down to a power of ten, e.g. 0.0001 mm for ±0.02 mm, 0.001 mm for ±0.05 mm)"

    /// Judges the inspection results among `accepted` (the trainees' accepted journal entries)
    /// that are the trainees' own: those recorded by someone who is not one of the plant's
    /// operators, and those on an inspection of an operation at a trainees' work centre (where
    /// the simulated operators never work). Operators' entries elsewhere are the simulated ones.
    static func judgeMeasurements(_ accepted: [JournalEntry], readings: [GaugeReading], state: MESState, model: TwinModel,
                                  traineeWork: TraineeWork) -> Measurements {
        let operators = Set(model.plant.operators.map(\.id))
        let readingOf = Dictionary(readings.map { ($0.inspectionId, $0) }, uniquingKeysWith: { first, _ in first })
        func atTraineeWorkCenter(_ inspection: Inspection) -> Bool {
            guard let plan = state.inspectionPlans[inspection.planId], let unit = state.serials[inspection.serial] else { return false }
            return unit.operations.contains {
                $0.number == plan.operationNumber && (traineeWork.allOperations || traineeWork.workCenters.contains($0.workCenter))
            }
        }
        var asRead = 0
        var errors: [TranscriptionError] = []
        var unread: [UnreadResult] = []
        var judged: [String] = []
        for entry in accepted {
            for case .resultsRecorded(let id, let results, _) in entry.events {
                guard let inspection = state.inspections[id], !operators.contains(entry.actor.id) || atTraineeWorkCenter(inspection) else { continue }
                let characteristics = state.inspectionPlans[inspection.planId]?.characteristics ?? []
                for result in results {
                    guard let reading = readingOf[id], reading.journalLength < entry.sequence, let read = reading.values[result.characteristicId],
                        let characteristic = characteristics.first(where: { $0.id == result.characteristicId })
                    else {
                        unread.append(UnreadResult(inspection: id, serial: inspection.serial, characteristic: result.characteristicId, recorded: result.value,
                                                   by: entry.actor.id, time: entry.time))
                        continue
                    }
                    if !judged.contains(id) { judged.append(id) }
                    // A hair over half a step, so a value typed exactly as shown never fails on the Double's last bit.
                    if abs(result.value - read) <= GaugeReading.resolution(of: characteristic) / 2 * (1 + 1e-9) {
                        asRead += 1
                    } else {
                        errors.append(TranscriptionError(inspection: id, serial: inspection.serial, characteristic: result.characteristicId, read: read,
                                                         recorded: result.value, by: entry.actor.id, time: entry.time))
                    }
                }
            }
        }
        let verdicts = judged.compactMap { id -> Verdict? in
            guard let inspection = state.inspections[id], inspection.status != .open, let reading = readingOf[id],
                let plan = state.inspectionPlans[inspection.planId]
            else { return nil }
            let conforming = plan.characteristics.filter { inspection.characteristicIds.contains($0.id) }.allSatisfy { characteristic in
                reading.values[characteristic.id].map(characteristic.conforms) ?? true
            }
            let implied: Inspection.Status = conforming ? .passed : .failed
            return Verdict(inspection: id, serial: inspection.serial, mes: inspection.status.rawValue, reading: implied.rawValue, matches: implied == inspection.status)
        }
        return Measurements(rule: measurementRule, recordedAsRead: asRead, transcriptionErrors: errors, recordedWithoutReading: unread, verdicts: verdicts)
    }
}
