@testable import Simulation

/// A process whose behaviour is a closure over its own step counter: enough to script the
/// kernel's corner cases in a few lines each.
final class Scripted: Process {
    var step = 0
    private let body: (Scripted) -> Void

    init(_ simulation: Simulation, _ name: String, body: @escaping (Scripted) -> Void) {
        self.body = body
        super.init(simulation, name: name)
    }

    override func resume() { body(self) }
}

/// What happened, in order, as "name@time" lines.
final class Log {
    private(set) var lines: [String] = []
    func add(_ process: Process, _ what: String = "") {
        lines.append("\(process.name)@\(format(process.now))\(what.isEmpty ? "" : " " + what)")
    }
    private func format(_ time: Double) -> String {
        time == time.rounded() ? String(Int(time)) : String(time)
    }
}
