/// A machine's PackML state, changed only by commands the model allows or by the completion
/// of an acting state. Simulated and real drivers keep one, so the MES can rely on every
/// reported transition being a legal one.
public struct PackMLStateMachine: Sendable, Equatable {
    public private(set) var state: PackMLState

    public init(state: PackMLState = .stopped) { self.state = state }

    /// Applies `command`; throws, leaving the state alone, when the model forbids it here.
    @discardableResult
    public mutating func apply(_ command: PackMLCommand) throws(PackMLError) -> PackMLState {
        guard let next = command.target(from: state) else { throw PackMLError(command: command, state: state) }
        state = next
        return next
    }

    /// Ends the current acting state (or Execute, when the job is done).
    @discardableResult
    public mutating func stateComplete() throws(PackMLError) -> PackMLState {
        guard let next = state.onStateComplete else { throw PackMLError(command: nil, state: state) }
        state = next
        return next
    }

    /// Whether a reported move from the current state to `next` is one the model allows, by a
    /// command or by state completion; drivers that only observe a machine check with this.
    public func allows(_ next: PackMLState) -> Bool {
        state.onStateComplete == next || PackMLCommand.allCases.contains { $0.target(from: state) == next }
    }
}

public struct PackMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public let command: PackMLCommand?
    public let state: PackMLState

    public var description: String {
        if let command { return "PackML: \(command.rawValue) is not allowed in state \(state.rawValue)" }
        return "PackML: \(state.rawValue) is a wait state and does not complete by itself"
    }
}
