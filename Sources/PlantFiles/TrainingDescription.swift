import Foundation

/// A scenario's `training:` section: what the trainer scripts for a `mes train` session. Each
/// event names exactly one kind (`breakdown`, `badLot`, `sensorDrift`, `certificationExpires`)
/// and happens at `at`: hours from the scenario's start, or an ISO 8601 time. The same shapes
/// are what `POST /api/v1/training/events` takes (there `at` may be left out: now).
public struct TrainingDescription: Codable, Sendable, Equatable {
    public var events: [TrainingEvent]

    public init(events: [TrainingEvent] = []) { self.events = events }

    enum CodingKeys: String, CodingKey { case events }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        events = try c.decodeIfPresent([TrainingEvent].self, forKey: .events) ?? []
    }
}

/// When a training event happens: hours from the scenario's start, or an ISO 8601 time.
public enum TrainingTime: Codable, Sendable, Equatable {
    case hours(Double)
    case iso(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let hours = try? c.decode(Double.self) {
            self = .hours(hours)
        } else if let text = try? c.decode(String.self) {
            self = .iso(text)
        } else {
            throw DecodingError.typeMismatch(TrainingTime.self, .init(codingPath: decoder.codingPath,
                                                                      debugDescription: "expected hours from the scenario's start (a number) or an ISO 8601 time (a string)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .hours(let hours): try c.encode(hours)
        case .iso(let text): try c.encode(text)
        }
    }

    /// Hours from `start`; nil for a text that is not an ISO 8601 time.
    public func hours(from start: Date) -> Double? {
        switch self {
        case .hours(let hours): return hours
        case .iso(let text):
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date.timeIntervalSince(start) / 3_600 }
            formatter.formatOptions.insert(.withFractionalSeconds)
            return formatter.date(from: text).map { $0.timeIntervalSince(start) / 3_600 }
        }
    }
}

/// One scripted training event; exactly one of its kinds is given.
public struct TrainingEvent: Codable, Sendable, Equatable {
    /// The machine breaks down at `at` (equipment Aborted, a fault alarm) and is repaired in `repairMinutes`.
    public var breakdown: Breakdown?
    /// From `at` on, the lot is the one the stores issue, and every part made from it fails its first characteristic.
    public var badLot: BadLot?
    /// From `at` on, the sensor's value drifts by `perCycle` more each cycle, moving the characteristics it influences out of their limits.
    public var sensorDrift: SensorDrift?
    /// The operator's certification expires at `at` (recorded in the MES at the start): the MES refuses their starts needing it after that.
    public var certificationExpires: CertificationExpiry?

    public struct Breakdown: Codable, Sendable, Equatable {
        public var machine: String
        public var at: TrainingTime?
        public var repairMinutes: Double
        public init(machine: String, at: TrainingTime? = nil, repairMinutes: Double) {
            self.machine = machine
            self.at = at
            self.repairMinutes = repairMinutes
        }
    }

    public struct BadLot: Codable, Sendable, Equatable {
        public var lot: String
        public var at: TrainingTime?
        public init(lot: String, at: TrainingTime? = nil) {
            self.lot = lot
            self.at = at
        }
    }

    public struct SensorDrift: Codable, Sendable, Equatable {
        public var machine: String
        public var tag: String
        public var at: TrainingTime?
        public var perCycle: Double
        public init(machine: String, tag: String, at: TrainingTime? = nil, perCycle: Double) {
            self.machine = machine
            self.tag = tag
            self.at = at
            self.perCycle = perCycle
        }
    }

    public struct CertificationExpiry: Codable, Sendable, Equatable {
        public var `operator`: String
        public var certification: String
        public var at: TrainingTime?
        public init(operator: String, certification: String, at: TrainingTime? = nil) {
            self.operator = `operator`
            self.certification = certification
            self.at = at
        }
    }

    public init(breakdown: Breakdown? = nil, badLot: BadLot? = nil, sensorDrift: SensorDrift? = nil, certificationExpires: CertificationExpiry? = nil) {
        self.breakdown = breakdown
        self.badLot = badLot
        self.sensorDrift = sensorDrift
        self.certificationExpires = certificationExpires
    }

    /// The kinds given (a valid event has exactly one).
    public var kinds: [String] {
        [breakdown.map { _ in "breakdown" }, badLot.map { _ in "badLot" }, sensorDrift.map { _ in "sensorDrift" },
         certificationExpires.map { _ in "certificationExpires" }].compactMap { $0 }
    }

    public var kind: String { kinds.first ?? "none" }

    public var at: TrainingTime? {
        get { breakdown?.at ?? badLot?.at ?? sensorDrift?.at ?? certificationExpires?.at }
        set {
            breakdown?.at = newValue
            badLot?.at = newValue
            sensorDrift?.at = newValue
            certificationExpires?.at = newValue
        }
    }

    /// What the event strikes: a machine, a lot, an operator.
    public var subject: String {
        breakdown?.machine ?? badLot?.lot ?? sensorDrift.map { "\($0.machine)/\($0.tag)" } ?? certificationExpires.map { "\($0.operator)/\($0.certification)" } ?? ""
    }

    /// What is wrong with the event on `plant` (times aside); empty when it can happen.
    public func problems(plant: PlantDescription) -> [(field: String?, message: String)] {
        var problems: [(String?, String)] = []
        guard kinds.count == 1 else {
            return [(nil, kinds.isEmpty ? "an event is one of breakdown, badLot, sensorDrift, certificationExpires"
                        : "an event is one kind; this names \(kinds.joined(separator: " and "))")]
        }
        if let event = breakdown {
            if !plant.machines.contains(where: { $0.id == event.machine }) { problems.append(("machine", "the plant has no machine '\(event.machine)'")) }
            if !(event.repairMinutes > 0 && event.repairMinutes.isFinite) { problems.append(("repairMinutes", "must be positive, got \(event.repairMinutes)")) }
        }
        if let event = badLot, !plant.lots.contains(where: { $0.lotCode == event.lot }) { problems.append(("lot", "the plant has no lot '\(event.lot)'")) }
        if let event = sensorDrift {
            if let machine = plant.machines.first(where: { $0.id == event.machine }) {
                if let sensor = (machine.sensors ?? []).first(where: { $0.tag == event.tag }) {
                    if (sensor.influences ?? []).isEmpty {
                        problems.append(("tag", "sensor '\(event.tag)' of \(event.machine) influences no characteristic, so its drift can breach no limit"))
                    }
                } else {
                    problems.append(("tag", "machine '\(event.machine)' has no sensor '\(event.tag)'"))
                }
            } else {
                problems.append(("machine", "the plant has no machine '\(event.machine)'"))
            }
            if !(event.perCycle != 0 && event.perCycle.isFinite) { problems.append(("perCycle", "must be a non-zero number, got \(event.perCycle)")) }
        }
        if let event = certificationExpires {
            if let person = plant.operators.first(where: { $0.id == event.operator }) {
                if !person.certifications.contains(event.certification) {
                    problems.append(("certification", "operator '\(event.operator)' holds no certification '\(event.certification)'"))
                }
            } else {
                problems.append(("operator", "the plant has no operator '\(event.operator)'"))
            }
        }
        return problems
    }
}
