import Foundation
import MESCore
import MESReports
import MESStore
import PlantFiles
import Twin

/// One trainee session: its name, where its report goes, the events the trainer injected and
/// the reference run it is scored against.
public final class TrainingSession {
    public let name: String
    /// The session's report folder is `<reportsDirectory>/<name>/`.
    public let reportsDirectory: URL
    /// Events injected from the trainer's console, with the hours they were set for.
    public private(set) var injections: [(event: TrainingEvent, hours: Double)] = []
    /// The folder the report was written to, once the session finished.
    public internal(set) var report: URL?
    /// The scenario and seed with every operation done by the simulated operators, in memory,
    /// kept in step with the session when scored.
    var reference: LiveTwin?

    public init(name: String, reportsDirectory: URL = URL(fileURLWithPath: "reports/training")) {
        self.name = name
        self.reportsDirectory = reportsDirectory
    }

    /// The scenario's name and the wall-clock start, e.g. `hpt-blade-cell-20260105T080000Z`.
    public static func defaultName(scenario: String, started: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(scenario)-\(formatter.string(from: started))"
    }

    public var directory: URL { reportsDirectory.appendingPathComponent(name, isDirectory: true) }

    func injected(_ event: TrainingEvent, at hours: Double) throws {
        injections.append((event, hours))
        if let reference {
            var event = event
            event.at = .hours(hours)
            try reference.inject(event)
        }
    }

    /// The reference run, brought to `hours`.
    func reference(of twin: LiveTwin, through hours: Double) throws -> LiveTwin {
        let run: LiveTwin
        if let reference {
            run = reference
        } else {
            run = try LiveTwin(twin.model, seed: twin.seed, engine: try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly))
            for (event, at) in injections {
                var event = event
                event.at = .hours(at)
                try run.inject(event)
            }
            reference = run
        }
        run.run(through: hours)
        return run
    }
}

extension TrainingClock {
    /// Schedules a training event from the trainer's console (at its `at`, now when absent) in
    /// the session and in its reference run; an event due now happens at once. Returns its hours.
    @discardableResult
    public func inject(_ event: TrainingEvent) throws -> Double {
        catchUp()
        let hours = try twin.inject(event)
        try session.injected(event, at: hours)
        twin.run(through: twin.hours)
        return hours
    }

    /// The session's score at the current simulated time.
    public func score() throws -> TrainingScore {
        catchUp()
        let reference = try session.reference(of: twin, through: twin.hours)
        return TrainingScore.compute(session: session.name, model: twin.model, seed: twin.seed, traineeWork: twin.traineeWork, entries: try twin.journal(),
                                     state: twin.mesState, events: twin.trainingEvents, reference: (try reference.journal(), reference.mesState), through: twin.now,
                                     gaugeReadings: twin.gaugeReadingsTaken, floorGaveWay: twin.gaveWay)
    }

    /// Ends the session: pauses the clock and writes `summary.md` and `score.json` to the
    /// session's report folder, and the KPI report of the session's MES record (as `mes report`
    /// draws it: `index.html`, `kpis.json`, `summary.md`, CSV tables) to its `kpis/` folder
    /// (again, with the newest figures, when called twice).
    @discardableResult
    public func finish() throws -> (directory: URL, score: TrainingScore) {
        pause()
        let score = try score()
        try TrainingReport.write(score, to: session.directory)
        try writeKPIReport(to: session.directory.appendingPathComponent("kpis", isDirectory: true))
        session.report = session.directory
        return (session.directory, score)
    }
}

extension TrainingClock {
    /// The KPI report of the session so far: the MES record from the scenario's start to the
    /// current simulated time.
    func writeKPIReport(to directory: URL) throws {
        let entries = try twin.journal()
        let start = twin.model.start
        let end = max(twin.now, start.addingTimeInterval(1))
        let formatter = ISO8601DateFormatter()
        let source = "training session \(session.name): the MES record of scenario \(twin.model.scenario.name) (seed \(twin.seed)), \(entries.count) journal entries; "
            + "period \(formatter.string(from: start)) to \(formatter.string(from: end)) (simulated time)"
            + (twin.traineeWork.isEmpty ? "." : "; trainees did \(twin.traineeWork.entries.joined(separator: ", ")).")
        let input = ReportFiles.recordInput(entries: entries, state: twin.mesState, from: start, to: end, scenario: twin.model.scenario.name, seed: twin.seed,
                                            dispatching: twin.model.dispatching.rawValue, description: twin.model.scenario.description, source: source)
        try ReportFiles.write(input, to: directory)
    }
}
