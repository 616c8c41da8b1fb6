import Equipment
import Foundation
import MESCore

/// Where `MESService` takes the time of each command from. `mes serve` uses the wall clock;
/// a training run uses the twin's simulated clock, which first runs the simulated plant up to
/// the command's time, so trainees' commands and the twin's interleave as they would on a
/// real floor. The clock lives inside the service's isolation with the engine: it may touch
/// the engine, and is never shared.
public protocol MESClock: AnyObject {
    /// The time of the command about to be decided.
    func commandTime() -> Date
    /// What an API command just recorded, for a simulated plant that reacts to it.
    func recorded(_ events: [DomainEvent], at time: Date)
    /// What the clock's simulated machines report beyond their state (a training run's twin
    /// books them through an equipment gateway of its own), for the service's live machine
    /// picture; nil when the clock simulates no machines.
    var machinePicture: MachinePicture? { get }
}

extension MESClock {
    public var machinePicture: MachinePicture? { nil }
}

/// Today's behaviour: every command at the wall-clock time of its turn.
public final class WallClock: MESClock {
    public init() {}
    public func commandTime() -> Date { Date() }
    public func recorded(_ events: [DomainEvent], at time: Date) {}
}
