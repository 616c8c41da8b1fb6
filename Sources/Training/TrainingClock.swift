import Equipment
import Foundation
import MESCore
import PlantFiles
import MESServer
import Twin

/// The simulated clock of a training run, and the MES service's clock while it lasts: it keeps
/// the live twin in step with the wall clock times a speed (1×, 10×, 60×, …), pauses, resumes
/// and steps it. Before each API command it runs the twin up to the command's time, so the
/// command is stamped with simulated time and comes after everything the twin had due by then
/// (a command at time t follows every twin event at or before t, and what earlier commands at t
/// set in motion). Paused, the clock stands still: trainees' commands are stamped with the
/// paused time and nothing on the floor moves.
///
/// Lives in the MES service's isolation with the engine and the twin (see `MESService.withClock`).
public final class TrainingClock: MESClock {
    public let twin: LiveTwin
    /// The trainee session the clock runs: its name, report folder, injected events, reference run.
    public let session: TrainingSession
    /// Seconds of wall time since some fixed origin, increasing: the pace maker (a test's is manual).
    private let wall: @Sendable () -> Double
    public private(set) var speed: Double
    public private(set) var paused: Bool
    /// The simulated time (hours) reached at `anchorWall`; the target moves on from it at `speed`.
    private var anchorHours: Double
    private var anchorWall: Double
    /// How far (simulated seconds) the twin was behind its target after the last catch-up, and the worst so far.
    public private(set) var drift = 0.0
    public private(set) var maxDrift = 0.0
    /// Whether the wall-clock anchor is still the one made with the clock (see `start()`).
    private var anchoredAtMaking = true

    /// A clock at the twin's current time, running at `speed` unless `paused`.
    public init(twin: LiveTwin, speed: Double, paused: Bool = false, wall: @escaping @Sendable () -> Double = TrainingClock.monotonicSeconds,
                session: TrainingSession? = nil) {
        self.twin = twin
        self.session = session ?? TrainingSession(name: TrainingSession.defaultName(scenario: twin.model.scenario.name))
        self.wall = wall
        self.speed = speed
        self.paused = paused
        anchorHours = twin.hours
        anchorWall = wall()
    }

    /// Seconds on the system's monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double {
        let now = ContinuousClock.now - origin
        return Double(now.components.seconds) + Double(now.components.attoseconds) * 1e-18
    }

    /// The driver starts pacing: the wall time since the clock was made (with the service,
    /// before the server was set up and bound) is start-up, not simulated time the floor owes,
    /// so the clock re-anchors to the wall clock here, where simulated time stands, rather than
    /// catching up on the gap in one jump that reads as drift. Only the anchor made with the
    /// clock moves, once: after a resume or a speed change (which anchor the clock themselves)
    /// or a first start, the wall time that passes is time the floor owes. A paused clock is
    /// anchored by its resume.
    public func start() {
        guard anchoredAtMaking else { return }
        anchoredAtMaking = false
        guard !paused else { return }
        anchorHours = twin.hours
        anchorWall = wall()
    }

    /// Where simulated time should be now (hours), capped at the horizon.
    public var targetHours: Double {
        paused ? anchorHours : min(twin.horizonHours, anchorHours + (wall() - anchorWall) * speed / 3_600)
    }

    /// Runs the twin up to the target and notes how far behind the target it ended.
    public func catchUp() {
        twin.run(through: targetHours)
        guard !paused else { return }
        drift = max(0, targetHours - twin.hours) * 3_600
        maxDrift = max(maxDrift, drift)
    }

    public func commandTime() -> Date {
        catchUp()
        return twin.now
    }

    public func recorded(_ events: [DomainEvent], at time: Date) { twin.recorded(events) }

    /// Stops the simulated clock where it is now.
    public func pause() {
        guard !paused else { return }
        catchUp()
        anchorHours = twin.hours
        paused = true
    }

    /// Starts the simulated clock again from where it stood, at the current speed.
    public func resume() {
        guard paused else { return }
        anchorWall = wall()
        anchoredAtMaking = false
        paused = false
    }

    /// Pauses, then moves to the next instant something happens on the floor and carries out
    /// everything due then (a step never splits an instant, so stepping is as exact as
    /// running). Returns false when nothing is left before the horizon.
    @discardableResult
    public func step() -> Bool {
        pause()
        let moved = twin.step()
        anchorHours = twin.hours
        return moved
    }

    /// Pauses at exactly `hours` (simulated hours from the start), running everything due by then.
    public func pause(atHours hours: Double) {
        pause()
        twin.run(through: hours)
        anchorHours = twin.hours
    }

    /// Pauses at exactly `at` (hours from the scenario's start, or an ISO 8601 time), running
    /// everything due by then: the trainer's "run to". Refused, with the clock as it was, when
    /// `at` is not a time, lies before the current simulated time or beyond the horizon.
    public func run(to at: TrainingTime) throws(TwinError) {
        guard let hours = at.hours(from: twin.model.start), hours.isFinite else {
            let given = switch at {
            case .iso(let text): "'\(text)'"
            case .hours(let hours): "\(hours)"
            }
            throw TwinError("at: \(given) is not a time: give hours from the scenario's start (a number) or an ISO 8601 time such as 2026-01-05T10:30:00Z")
        }
        catchUp()
        guard hours >= twin.hours - 1e-9 else {
            throw TwinError("at: \(hours) h (\(Self.iso(twin.date(hours: hours)))) is in the past: simulated time is \(twin.hours) h (\(Self.iso(twin.now)))")
        }
        guard hours <= twin.horizonHours else {
            throw TwinError("at: \(hours) h (\(Self.iso(twin.date(hours: hours)))) is beyond the horizon of \(twin.horizonHours) h (\(Self.iso(twin.date(hours: twin.horizonHours))))")
        }
        pause(atHours: max(hours, twin.hours))
    }

    private static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Changes the pace from now on; the simulated time reached so far stays.
    public func setSpeed(_ newSpeed: Double) {
        if !paused {
            catchUp()
            anchorHours = twin.hours
            anchorWall = wall()
            anchoredAtMaking = false
        }
        speed = newSpeed
    }

    /// What the twin's machines report through its equipment gateway (counters, process values,
    /// alarms), for the service's live machine picture.
    public var machinePicture: MachinePicture? { twin.machinePicture }

    /// What the trainer console shows.
    public var status: TrainingStatus {
        TrainingStatus(simulatedTime: twin.now, simulatedHours: twin.hours, horizonHours: twin.horizonHours, speed: speed, paused: paused,
                       driftSeconds: drift, maxDriftSeconds: maxDrift, nextEventTime: twin.nextEventHours.map(twin.date(hours:)), fault: twin.fault,
                       floorGaveWay: twin.gaveWay.count, lastGaveWay: twin.gaveWay.last?.description)
    }
}

/// A fixed origin for turning monotonic instants into seconds.
private let origin = ContinuousClock.now
