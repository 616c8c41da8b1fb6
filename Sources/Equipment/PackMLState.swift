/// The states of the PackML machine state model (ANSI/ISA-TR88.00.02): wait states, where a
/// machine stays until commanded, and acting states, which end on their own ("state complete").
public enum PackMLState: String, Codable, Sendable, CaseIterable {
    case stopped = "Stopped", starting = "Starting", idle = "Idle", execute = "Execute", completing = "Completing", complete = "Complete"
    case resetting = "Resetting", holding = "Holding", held = "Held", unholding = "Unholding", suspending = "Suspending"
    case suspended = "Suspended", unsuspending = "Unsuspending", stopping = "Stopping", aborting = "Aborting", aborted = "Aborted"
    case clearing = "Clearing"

    /// Acting states move on by themselves when their work is done (the model's "SC").
    public var isActing: Bool {
        switch self {
        case .starting, .completing, .resetting, .holding, .unholding, .suspending, .unsuspending, .stopping, .aborting, .clearing: true
        default: false
        }
    }

    /// Where an acting state goes when it completes; Execute completes into Completing when
    /// the job is done.
    public var onStateComplete: PackMLState? {
        switch self {
        case .starting, .unholding, .unsuspending: .execute
        case .execute: .completing
        case .completing: .complete
        case .resetting: .idle
        case .holding: .held
        case .suspending: .suspended
        case .stopping, .clearing: .stopped
        case .aborting: .aborted
        default: nil
        }
    }

    /// The ISO 22400-2 time category the machine's time falls in while in this state; whether
    /// an idle or stopped machine was planned to be busy is the shift calendar's business.
    public var timeCategory: TimeCategory {
        switch self {
        case .execute, .starting, .completing: .production
        case .suspended, .suspending, .unsuspending: .delay
        case .held, .holding, .unholding: .delay
        case .aborted, .aborting, .clearing: .downtime
        case .idle, .complete, .resetting: .idle
        case .stopped, .stopping: .stopped
        }
    }
}

/// How ISO 22400-2 counts a machine's time: actual production time, delays inside the planned
/// busy time (starved, blocked, held), unplanned downtime (breakdowns), and idle or stopped time.
public enum TimeCategory: String, Codable, Sendable, CaseIterable {
    case production, delay, downtime, idle, stopped
}

/// The commands of the PackML model.
public enum PackMLCommand: String, Codable, Sendable, CaseIterable {
    case start = "Start", complete = "Complete", reset = "Reset", hold = "Hold", unhold = "Unhold", suspend = "Suspend"
    case unsuspend = "Unsuspend", stop = "Stop", abort = "Abort", clear = "Clear"

    /// The acting state `command` leads to from `state`, or nil when the model does not allow it there.
    public func target(from state: PackMLState) -> PackMLState? {
        switch (self, state) {
        case (.start, .idle): .starting
        case (.complete, .execute): .completing
        case (.reset, .complete), (.reset, .stopped): .resetting
        case (.hold, .execute), (.hold, .suspended), (.hold, .suspending), (.hold, .unsuspending): .holding
        case (.unhold, .held): .unholding
        case (.suspend, .execute): .suspending
        case (.unsuspend, .suspended): .unsuspending
        case (.stop, let from) where ![.stopped, .stopping, .aborting, .aborted, .clearing].contains(from): .stopping
        case (.abort, let from) where from != .aborted && from != .aborting: .aborting
        case (.clear, .aborted): .clearing
        default: nil
        }
    }
}
