import Foundation
import Hummingbird
import MESCore
import PlantFiles
import Twin

/// How a trainee did, computed from the MES record of the session (so anyone can recompute it
/// from the journal): throughput and on-time delivery beside a reference run of the same
/// scenario and seed in which the simulated operators do all the work, response times to
/// alarms, NCR dispositions judged against the known cause, the trainee's refused commands, and
/// the measurements the trainee recorded against what the twin's gauge showed them.
///
/// Whose entries are the trainee's: every journal entry whose actor is not one of the twin's own
/// accounts (`twinAccounts`: planner, quality engineer, maintenance technician, set-up, training
/// script, equipment gateway). Trainees book operator work as the plant's operators at the
/// work centres left to them; the twin's operators never issue the commands scored as responses
/// or dispositions. A simulated operator's command the MES refused because a trainee got there
/// first is the floor giving way (`floorGaveWay`), not a trainee's violation; every other
/// refusal by anyone but the twin's accounts is the trainees'.
public struct TrainingScore: Codable, Sendable, Equatable, ResponseEncodable {
    public static let twinAccounts: Set<String> = ["planner", "quality-engineer", "maintenance", "twin-setup", "training-script", "equipment-gateway"]

    public var session: String
    public var scenario: String
    public var seed: UInt64
    public var simulatedTime: Date
    public var simulatedHours: Double
    /// Work centres whose operations were left to trainees (["*"]: all).
    public var traineeWorkCenters: [String]
    /// Everything left to trainees, as `--trainees-do` spells it (`operator@WC-EDM`, `quality`, `maintenance`, ...).
    public var traineesDo: [String]
    public var trainee: Throughput
    /// The same scenario and seed to the same simulated time, all work done by the simulated operators.
    public var reference: Throughput?
    public var alarms: [AlarmResponse]
    public var dispositions: [DispositionJudgement]
    public var violations: [Violation]
    public var trainingEvents: [TrainingEventRecord]
    /// Inspection results the trainees recorded, against the twin's gauge readings.
    public var measurements: Measurements
    /// Each time the simulated floor gave way to something a trainee did first (the MES refused
    /// a simulated person's command); trainees stepping on the floor's work shows here.
    public var floorGaveWay: [FloorGaveWay]

    public struct Throughput: Codable, Sendable, Equatable {
        /// Serials completed good (whole route) by the simulated time.
        public var serialsCompleted: Int
        /// Operations completed (not scrapped) at the trainees' work centres.
        public var operationsAtTraineeWorkCenters: Int
        public var workOrdersCompleted: Int
        /// Completed on or before the end (UTC) of their target date.
        public var workOrdersOnTime: Int
        /// Past the end of their target date and not completed.
        public var workOrdersOverdue: Int
        /// On time over (completed + overdue); nil when no order was completed or due.
        public var onTimeDelivery: Double?
    }

    public struct AlarmResponse: Codable, Sendable, Equatable {
        /// machineDown, ncrOpened, badLot, sensorDrift, certificationExpires.
        public var kind: String
        public var subject: String
        public var time: Date
        /// The trainee's first relevant accepted command after the alarm; nil: none.
        public var response: String?
        public var respondedBy: String?
        public var respondedAt: Date?
        public var responseMinutes: Double?
    }

    public struct DispositionJudgement: Codable, Sendable, Equatable {
        public var nonConformance: String
        public var subject: String
        /// "bad lot <code>", "sensor drift <machine>/<tag>" or "process variation".
        public var cause: String
        public var disposition: String
        public var by: String
        public var time: Date
        public var correct: Bool
        public var rule: String
    }

    public struct Violation: Codable, Sendable, Equatable {
        public var time: Date
        public var actor: String
        public var command: String
        public var reason: String
        public var httpStatus: Int
        /// The refusal has its audit record in the journal.
        public var audited: Bool
    }

    public var responded: Int { alarms.filter { $0.response != nil }.count }
    public var meanResponseMinutes: Double? {
        let times = alarms.compactMap(\.responseMinutes)
        return times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
    }
    public var correctDispositions: Int { dispositions.filter(\.correct).count }

    /// Scores the record `entries` (with `state`, the MES state after them) up to `through`;
    /// `gaugeReadings` are the readings the twin showed the trainees (`LiveTwin.gaugeReadingsTaken`).
    public static func compute(session: String, model: TwinModel, seed: UInt64, traineeWork: TraineeWork, entries: [JournalEntry], state: MESState,
                               events: [TrainingEventRecord], reference: (entries: [JournalEntry], state: MESState)?, through: Date,
                               gaugeReadings: [GaugeReading] = [], floorGaveWay: [FloorGaveWay] = []) -> TrainingScore {
        let record = entries.filter { $0.time <= through }
        let isTrainee = { (entry: JournalEntry) in !twinAccounts.contains(entry.actor.id) }
        let accepted = record.filter { entry in isTrainee(entry) && !entry.events.contains { if case .commandRejected = $0 { true } else { false } } }
        let centers = traineeWork.allOperations ? ["*"] : traineeWork.workCenters.sorted()

        // Maintenance orders' assets, to tie a start or completion to a machine.
        var assetOf: [String: String] = [:]
        for entry in record { for case .maintenanceScheduled(let order) in entry.events { assetOf[order.id] = order.asset.id } }
        func concernsMachine(_ command: Command, _ machine: String) -> Bool {
            switch command {
            case .scheduleMaintenance(let asset, _, _): asset == machine
            case .startMaintenance(let order), .completeMaintenance(let order, _): assetOf[order] == machine
            case .setEquipmentState(let equipment, _): equipment == machine
            default: false
            }
        }
        func concernsNCR(_ command: Command, _ id: String) -> Bool {
            switch command {
            case .reviewNonConformance(let ncr, _), .dispositionNonConformance(let ncr, _, _, _), .closeNonConformance(let ncr, _): ncr == id
            default: false
            }
        }
        func ncrSubject(_ command: Command) -> String? {
            switch command {
            case .reviewNonConformance(let ncr, _), .dispositionNonConformance(let ncr, _, _, _), .closeNonConformance(let ncr, _):
                state.nonConformances[ncr]?.subject.id
            default: nil
            }
        }
        func respond(_ kind: String, _ subject: String, at time: Date, _ relevant: (Command) -> Bool) -> AlarmResponse {
            let answer = accepted.first { $0.time >= time && relevant($0.command) }
            return AlarmResponse(kind: kind, subject: subject, time: time, response: answer?.command.name, respondedBy: answer?.actor.id, respondedAt: answer?.time,
                                 responseMinutes: answer.map { $0.time.timeIntervalSince(time) / 60 })
        }

        // Machines the alarms are about: those at the trainees' work centres (operator or maintenance) and those a training event names.
        let named = Set(events.compactMap { $0.event.breakdown?.machine ?? $0.event.sensorDrift?.machine })
        let watched = Set(model.plant.machines.filter {
            traineeWork.allOperations || traineeWork.workCenters.contains($0.workCenter) || traineeWork.allMaintenance
                || traineeWork.maintenanceWorkCenters.contains($0.workCenter) || named.contains($0.id)
        }.map(\.id))
        var alarms: [AlarmResponse] = []
        for entry in record {
            for event in entry.events {
                switch event {
                case .equipmentStateChanged(let machine, .aborted, let time) where watched.contains(machine):
                    alarms.append(respond("machineDown", machine, at: time) { concernsMachine($0, machine) })
                case .nonConformanceOpened(let report):
                    alarms.append(respond("ncrOpened", report.id, at: entry.time) { concernsNCR($0, report.id) })
                default: break
                }
            }
        }
        for record in events where record.time <= through {
            if let bad = record.event.badLot {
                alarms.append(respond("badLot", bad.lot, at: record.time) { command in
                    if case .quarantineLot(let lot, _) = command, lot == bad.lot { return true }
                    guard let serial = ncrSubject(command) else { return false }
                    return state.serials[serial]?.consumptions.contains { $0.lotCode == bad.lot } ?? false
                })
            }
            if let drift = record.event.sensorDrift {
                alarms.append(respond("sensorDrift", "\(drift.machine)/\(drift.tag)", at: record.time) { concernsMachine($0, drift.machine) })
            }
            if let expiry = record.event.certificationExpires {
                alarms.append(respond("certificationExpires", "\(expiry.operator)/\(expiry.certification)", at: record.time) { command in
                    if case .certifyOperator(let person, let certification) = command { return person == expiry.operator && certification.skill == expiry.certification }
                    return false
                })
            }
        }
        alarms.sort { ($0.time, $0.kind, $0.subject) < ($1.time, $1.kind, $1.subject) }

        // Dispositions, judged against the cause the script knows.
        var dispositions: [DispositionJudgement] = []
        for entry in accepted {
            for case .nonConformanceDispositioned(let id, let subject, let disposition, _, _, _) in entry.events {
                let (cause, correct, rule) = judge(id: id, subject: subject, disposition: disposition, state: state, events: events, plant: model.plant)
                dispositions.append(DispositionJudgement(nonConformance: id, subject: subject.id, cause: cause, disposition: disposition.rawValue, by: entry.actor.id,
                                                         time: entry.time, correct: correct, rule: rule))
            }
        }

        var violations: [Violation] = []
        let floors = Set(floorGaveWay.map { "\($0.person)|\($0.command)|\($0.time.timeIntervalSinceReferenceDate)" })
        for entry in record where isTrainee(entry) {
            for case .commandRejected(let command, let reason, let status) in entry.events
            where !floors.contains("\(entry.actor.id)|\(command)|\(entry.time.timeIntervalSinceReferenceDate)") {
                violations.append(Violation(time: entry.time, actor: entry.actor.id, command: command, reason: reason, httpStatus: status,
                                            audited: entry.audit.contains { $0.action == .refused }))
            }
        }

        let hours = through.timeIntervalSince(model.start) / 3_600
        return TrainingScore(
            session: session, scenario: model.scenario.name, seed: seed, simulatedTime: through, simulatedHours: hours, traineeWorkCenters: centers,
            traineesDo: traineeWork.entries,
            trainee: throughput(record, state: state, traineeWork: traineeWork, through: through),
            reference: reference.map { throughput($0.entries.filter { $0.time <= through }, state: $0.state, traineeWork: traineeWork, through: through) },
            alarms: alarms, dispositions: dispositions, violations: violations, trainingEvents: events.filter { $0.time <= through },
            measurements: judgeMeasurements(accepted, readings: gaugeReadings, state: state, model: model, traineeWork: traineeWork),
            floorGaveWay: floorGaveWay.filter { $0.time <= through })
    }

    /// The rule: an NCR on a part made from a bad lot of the script (drawn after the lot went bad)
    /// is right only as Scrap (or ReturnToVendor, for the lot itself); one on a part made on a
    /// drifting machine after the drift, failing a characteristic the sensor influences, is right
    /// as Rework, Repair or Scrap; any other failed measurement is right as anything but UseAsIs
    /// (no concession is modelled). UseAsIs is never right.
    static func judge(id: String, subject: EntityReference, disposition: NonConformance.Disposition, state: MESState, events: [TrainingEventRecord],
                      plant: PlantDescription) -> (cause: String, correct: Bool, rule: String) {
        let report = state.nonConformances[id]
        for record in events {
            guard let bad = record.event.badLot else { continue }
            let fromLot = subject.kind == .lot ? subject.id == bad.lot
                : (state.serials[subject.id]?.consumptions.contains { $0.lotCode == bad.lot && $0.time >= record.time } ?? false)
            if fromLot {
                return ("bad lot \(bad.lot)", disposition == .scrap || disposition == .returnToVendor, "bad lot: Scrap or ReturnToVendor")
            }
        }
        for record in events {
            guard let drift = record.event.sensorDrift else { continue }
            let influenced = Set(plant.machines.first { $0.id == drift.machine }?.sensors?.first { $0.tag == drift.tag }?.influences?.map(\.characteristic) ?? [])
            let madeThere = state.serials[subject.id]?.operations.contains { $0.equipmentId == drift.machine && ($0.startedAt ?? .distantPast) >= record.time } ?? false
            if madeThere && !influenced.isDisjoint(with: report?.characteristicIds ?? []) {
                return ("sensor drift \(drift.machine)/\(drift.tag)", [.rework, .repair, .scrap].contains(disposition), "sensor drift: Rework, Repair or Scrap")
            }
        }
        return ("process variation", disposition != .useAsIs, "failed measurement: anything but UseAsIs")
    }

    static func throughput(_ record: [JournalEntry], state: MESState, traineeWork: TraineeWork, through: Date) -> Throughput {
        var serials = 0, operations = 0
        var completedAt: [String: Date] = [:]
        for entry in record {
            for event in entry.events {
                switch event {
                case .serialStatusChanged(_, .completed): serials += 1
                case .operationCompleted(let serial, let number, nil, _):
                    let center = state.serials[serial]?.operations.first { $0.number == number }?.workCenter ?? ""
                    if traineeWork.allOperations || traineeWork.workCenters.contains(center) { operations += 1 }
                case .workOrderStatusChanged(let id, .completed, _, let time): completedAt[id] = completedAt[id] ?? time
                default: break
                }
            }
        }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        var onTime = 0, overdue = 0
        for order in state.workOrders.values {
            guard let target = order.targetDate.flatMap(day.date(from:))?.addingTimeInterval(86_400) else { continue }
            if let done = completedAt[order.id] {
                if done <= target { onTime += 1 }
            } else if target <= through && order.status != .cancelled && order.createdAt <= through {
                overdue += 1
            }
        }
        let judged = completedAt.count + overdue
        return Throughput(serialsCompleted: serials, operationsAtTraineeWorkCenters: operations, workOrdersCompleted: completedAt.count, workOrdersOnTime: onTime,
                          workOrdersOverdue: overdue, onTimeDelivery: judged > 0 ? Double(onTime) / Double(judged) : nil)
    }
}
