import Testing

@testable import Equipment

@Suite("PackML state model")
struct PackMLTests {
    @Test("the production cycle: Stopped → Resetting → Idle → Starting → Execute → Completing → Complete → Resetting → Idle")
    func productionCycle() throws {
        var machine = PackMLStateMachine()
        try machine.apply(.reset)
        #expect(try machine.stateComplete() == .idle)
        try machine.apply(.start)
        #expect(try machine.stateComplete() == .execute)
        #expect(try machine.stateComplete() == .completing)
        #expect(try machine.stateComplete() == .complete)
        try machine.apply(.reset)
        #expect(try machine.stateComplete() == .idle)
    }

    @Test("hold and suspend round trips return to Execute")
    func holdAndSuspend() throws {
        var machine = PackMLStateMachine(state: .execute)
        try machine.apply(.hold)
        #expect(try machine.stateComplete() == .held)
        try machine.apply(.unhold)
        #expect(try machine.stateComplete() == .execute)
        try machine.apply(.suspend)
        #expect(try machine.stateComplete() == .suspended)
        try machine.apply(.unsuspend)
        #expect(try machine.stateComplete() == .execute)
    }

    @Test("abort is allowed from every state but Aborting and Aborted; clear leads back to Stopped")
    func abort() throws {
        for state in PackMLState.allCases {
            var machine = PackMLStateMachine(state: state)
            if state == .aborted || state == .aborting {
                #expect(throws: PackMLError(command: .abort, state: state)) { try machine.apply(.abort) }
            } else {
                #expect(try machine.apply(.abort) == .aborting)
            }
        }
        var machine = PackMLStateMachine(state: .aborted)
        try machine.apply(.clear)
        #expect(try machine.stateComplete() == .stopped)
    }

    @Test("illegal commands and self-completion of wait states are refused without changing the state")
    func illegal() {
        var machine = PackMLStateMachine(state: .idle)
        #expect(throws: PackMLError(command: .unhold, state: .idle)) { try machine.apply(.unhold) }
        #expect(throws: PackMLError(command: nil, state: .idle)) { try machine.stateComplete() }
        #expect(machine.state == .idle)
        #expect(PackMLError(command: .unhold, state: .idle).description == "PackML: Unhold is not allowed in state Idle")
    }

    @Test("every acting state completes into a state, every wait state waits; observed moves are checked")
    func structure() {
        for state in PackMLState.allCases where state.isActing { #expect(state.onStateComplete != nil, "\(state)") }
        for state in [PackMLState.idle, .held, .suspended, .complete, .stopped, .aborted] { #expect(state.onStateComplete == nil) }
        let running = PackMLStateMachine(state: .execute)
        #expect(running.allows(.holding) && running.allows(.completing) && running.allows(.aborting))
        #expect(!running.allows(.idle) && !running.allows(.held))
    }

    @Test("states map to ISO 22400 time categories")
    func timeCategories() {
        #expect(PackMLState.execute.timeCategory == .production)
        #expect(PackMLState.aborted.timeCategory == .downtime)
        #expect(PackMLState.suspended.timeCategory == .delay && PackMLState.held.timeCategory == .delay)
        #expect(PackMLState.idle.timeCategory == .idle && PackMLState.stopped.timeCategory == .stopped)
    }
}
