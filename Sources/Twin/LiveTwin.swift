import Equipment
import Foundation
import MESCore
import MESStore
import PlantFiles
import Simulation
import Stochastics

/// One replication of a scenario run live, a piece at a time, for operator training: the
/// caller decides how far simulated time goes (in step with the wall clock, paused, stepped),
/// and trainees' commands reach the same MES engine between the pieces. Cutting the run into
/// pieces changes nothing: the same seed, and the same trainee commands at the same simulated
/// times, give the same MES record as one uninterrupted run.
///
/// Like the engine it books on, a live twin belongs to one isolation domain (the MES service
/// that serves the API).
public final class LiveTwin {
    public let model: TwinModel
    public let seed: UInt64
    public let traineeWork: TraineeWork
    let simulation: Simulation
    let floor: ShopFloor
    /// Gauge readings shown to trainees, by inspection id (see `gaugeReadings(inspectionId:)`).
    var gaugeReadingsShown: [String: GaugeReading] = [:]

    /// Sets up replication `replication` of `model` on `engine`, which must hold an empty
    /// journal (the twin loads the plant's master data at the scenario's start).
    public init(_ model: TwinModel, seed: UInt64, replication: Int = 0, engine: MESEngine, traineeWork: TraineeWork = TraineeWork()) throws {
        guard engine.journalLength == 0 else {
            throw TwinError("a training run starts on an empty MES database; this one holds \(engine.journalLength) journal entries")
        }
        guard !model.plant.operators.isEmpty else { throw TwinError("plant '\(model.plant.name)' has no operators: trainees book work as its operators") }
        self.model = model
        self.seed = seed
        self.traineeWork = traineeWork
        simulation = Simulation()
        floor = try TwinReplication.setUp(model, simulation: simulation, engine: engine, streams: RandomStreams(seed: seed, replication: replication),
                                          traineeWork: traineeWork)
        floor.givesWay = true
    }

    /// Simulated time, in hours from the scenario's start.
    public var hours: Double { simulation.now }
    /// Simulated time as the MES records it.
    public var now: Date { floor.date(hours) }
    public func date(hours: Double) -> Date { floor.date(hours) }
    /// The run ends at the scenario's horizon.
    public var horizonHours: Double { model.horizonHours }
    /// What the MES knows now (the engine's state).
    public var mesState: MESState { floor.engine.state }
    /// Why the twin stopped booking work, if it did. A refusal by the MES of what a simulated
    /// person meant to do is not one: the floor gives way to the trainee who got there first.
    public var fault: String? { floor.fault }
    /// Each time the floor gave way to something a trainee did, in order.
    public var gaveWay: [FloorGaveWay] { floor.givenWay }

    /// When the next thing happens on the simulated floor (hours), if before the horizon.
    public var nextEventHours: Double? { simulation.nextActivationTime.flatMap { $0 <= horizonHours ? $0 : nil } }

    /// Runs everything due at or before `hours` (capped at the horizon) and sets the clock there;
    /// a time already past changes nothing, except that work set in motion at the current
    /// instant (by a trainee's command) is carried out.
    public func run(through hours: Double) {
        simulation.run(through: max(simulation.now, min(hours, horizonHours)))
    }

    /// Moves to the next instant something happens and carries out everything due then; returns
    /// false (and stays put) when nothing is left before the horizon.
    @discardableResult
    public func step() -> Bool {
        run(through: simulation.now)
        guard let next = nextEventHours else { return false }
        run(through: next)
        return true
    }

    /// What the simulated machines reported through the floor's equipment gateway beyond their
    /// states (which it journals): parts counted, latest process values, active alarms.
    public var machinePicture: MachinePicture { floor.gateway.picture }

    /// The MES record so far.
    public func journal() throws -> [JournalEntry] { try floor.engine.store.entries() }

    /// Training events that have happened so far (scripted and injected), in order.
    public var trainingEvents: [TrainingEventRecord] { floor.trainingLog }

    /// Schedules a training event from the trainer's console at `at` (now when nil); returns
    /// its time in hours. Refused when it cannot happen on this plant or lies in the past or
    /// beyond the horizon.
    @discardableResult
    public func inject(_ event: TrainingEvent) throws -> Double {
        if let problem = event.problems(plant: model.plant).first {
            throw TwinError("\(problem.field.map { "\(event.kind).\($0): " } ?? "")\(problem.message)")
        }
        guard let hours = event.at.map({ $0.hours(from: model.start) }) ?? simulation.now else {
            throw TwinError("\(event.kind).at: expected hours from the start or an ISO 8601 time")
        }
        guard hours >= simulation.now - 1e-9 else { throw TwinError("\(event.kind).at: \(hours) h is in the past (simulated time is \(simulation.now) h)") }
        guard hours < horizonHours else { throw TwinError("\(event.kind).at: \(hours) h is beyond the horizon (\(horizonHours) h)") }
        floor.schedule(event, atHours: max(hours, simulation.now), injected: true)
        return max(hours, simulation.now)
    }

    /// What a trainee's command recorded: the floor moves the serial on as it would after its own operators' work.
    public func recorded(_ events: [DomainEvent]) { floor.traineeRecorded(events) }
}
