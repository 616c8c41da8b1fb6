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

extension PackMLStateMachine {
    /// One move of the model: a command, or the completion of an acting state.
    public enum Step: Sendable, Equatable { case command(PackMLCommand), stateComplete }

    /// The shortest legal sequence of moves from `from` to `to` (commands and state completions).
    public static func path(from: PackMLState, to: PackMLState) -> [Step]? {
        if from == to { return [] }
        var previous: [PackMLState: (PackMLState, Step)] = [:]
        var frontier = [from]
        var seen: Set<PackMLState> = [from]
        while !frontier.isEmpty {
            var next: [PackMLState] = []
            for state in frontier {
                var moves: [(PackMLState, Step)] = PackMLCommand.allCases.compactMap { command in command.target(from: state).map { ($0, .command(command)) } }
                if let done = state.onStateComplete { moves.append((done, .stateComplete)) }
                for (target, step) in moves where seen.insert(target).inserted {
                    previous[target] = (state, step)
                    if target == to {
                        var steps: [Step] = [step]
                        var cursor = state
                        while cursor != from, let (before, move) = previous[cursor] {
                            steps.insert(move, at: 0)
                            cursor = before
                        }
                        return steps
                    }
                    next.append(target)
                }
            }
            frontier = next
        }
        return nil
    }

    /// Every shortest path, worked out once: drivers settle machines many times a cycle.
    private static let paths: [PackMLState: [PackMLState: [Step]]] = Dictionary(uniqueKeysWithValues: PackMLState.allCases.map { from in
        (from, Dictionary(uniqueKeysWithValues: PackMLState.allCases.compactMap { to in path(from: from, to: to).map { (to, $0) } }))
    })

    /// Moves to `target` by the shortest legal path; the states passed through are not reported
    /// by a driver that only sees where the machine settles.
    public mutating func drive(to target: PackMLState) throws(PackMLError) {
        guard let steps = Self.paths[state]?[target] else { throw PackMLError(command: nil, state: state) }
        for step in steps {
            switch step {
            case .command(let command): try apply(command)
            case .stateComplete: try stateComplete()
            }
        }
    }
}
