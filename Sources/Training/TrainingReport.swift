import Foundation

/// A finished session's report: `score.json` (the score as the API returns it) and
/// `summary.md` (the figures for the trainee and the trainer to read).
public enum TrainingReport {
    public static func write(_ score: TrainingScore, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(score).write(to: directory.appendingPathComponent("score.json"), options: .atomic)
        try Data(summary(score).utf8).write(to: directory.appendingPathComponent("summary.md"), options: .atomic)
    }

    static func number(_ value: Double?, _ digits: Int = 1) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "–" }
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }

    public static func summary(_ score: TrainingScore) -> String {
        let time = ISO8601DateFormatter().string(from: score.simulatedTime)
        var lines = [
            "# Training session \(score.session)", "",
            "Scenario `\(score.scenario)`, seed \(score.seed); ended at simulated \(time) (\(number(score.simulatedHours, 2)) h). "
                + "Trainees' work centres: \(score.traineeWorkCenters.joined(separator: ", ")). "
                + "Trainees do: \(score.traineesDo.isEmpty ? "nothing switched off" : score.traineesDo.joined(separator: ", ")).", "",
            "## Throughput and on-time delivery", "",
            "Reference: the same scenario and seed to the same simulated time, all work done by the simulated operators.", "",
            "| | session | reference |", "|---|---:|---:|",
        ]
        let reference = score.reference
        func row(_ name: String, _ mine: String, _ theirs: String?) { lines.append("| \(name) | \(mine) | \(theirs ?? "–") |") }
        row("serials completed", "\(score.trainee.serialsCompleted)", reference.map { "\($0.serialsCompleted)" })
        row("operations done at the trainees' work centres", "\(score.trainee.operationsAtTraineeWorkCenters)", reference.map { "\($0.operationsAtTraineeWorkCenters)" })
        row("work orders completed", "\(score.trainee.workOrdersCompleted)", reference.map { "\($0.workOrdersCompleted)" })
        row("work orders on time", "\(score.trainee.workOrdersOnTime)", reference.map { "\($0.workOrdersOnTime)" })
        row("work orders overdue", "\(score.trainee.workOrdersOverdue)", reference.map { "\($0.workOrdersOverdue)" })
        row("on-time delivery", percent(score.trainee.onTimeDelivery), reference.map { percent($0.onTimeDelivery) })
        lines += ["", "## Alarms and responses", "",
                  "\(score.alarms.count) alarms, \(score.responded) answered; mean response \(number(score.meanResponseMinutes)) min.", ""]
        if !score.alarms.isEmpty {
            lines += ["| time | alarm | subject | response | by | minutes |", "|---|---|---|---|---|---:|"]
            for alarm in score.alarms {
                lines.append("| \(ISO8601DateFormatter().string(from: alarm.time)) | \(alarm.kind) | \(alarm.subject) | \(alarm.response ?? "none") | \(alarm.respondedBy ?? "") | \(number(alarm.responseMinutes)) |")
            }
        }
        lines += ["", "## NCR dispositions", "", "\(score.correctDispositions) of \(score.dispositions.count) correct.", ""]
        if !score.dispositions.isEmpty {
            lines += ["| NCR | subject | cause | disposition | by | correct | rule |", "|---|---|---|---|---|---|---|"]
            for item in score.dispositions {
                lines.append("| \(item.nonConformance) | \(item.subject) | \(item.cause) | \(item.disposition) | \(item.by) | \(item.correct ? "yes" : "no") | \(item.rule) |")
            }
        }
        lines += ["", "## Rule violations attempted", "", "\(score.violations.count) refused commands (each audited in the journal).", ""]
        if !score.violations.isEmpty {
            lines += ["| time | by | command | reason |", "|---|---|---|---|"]
            for item in score.violations {
                lines.append("| \(ISO8601DateFormatter().string(from: item.time)) | \(item.actor) | \(item.command) | \(item.reason.replacingOccurrences(of: "|", with: "/")) |")
            }
        }
        lines += measurementLines(score.measurements)
        lines += ["", "## Where the simulated floor gave way", "",
                  "\(score.floorGaveWay.count) times a simulated person's command was refused because a trainee had got there first; the floor re-planned around it.", ""]
        if !score.floorGaveWay.isEmpty {
            lines += ["| time | simulated person | command | reason |", "|---|---|---|---|"]
            for item in score.floorGaveWay {
                lines.append("| \(ISO8601DateFormatter().string(from: item.time)) | \(item.person) | \(item.command) | \(item.reason.replacingOccurrences(of: "|", with: "/")) |")
            }
        }
        lines += ["", "## Training events", ""]
        for event in score.trainingEvents {
            lines.append("- \(ISO8601DateFormatter().string(from: event.time)) (\(number(event.hours, 2)) h): \(event.kind) \(event.subject)\(event.injected ? " (injected)" : "")")
        }
        if score.trainingEvents.isEmpty { lines.append("None.") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The measurements section: recorded as read, transcription errors, typed without reading, verdicts.
    static func measurementLines(_ measurements: TrainingScore.Measurements) -> [String] {
        let time = ISO8601DateFormatter()
        var lines = ["", "## Measurements against the gauge", "",
                     "\(measurements.recordedAsRead) results recorded as read, \(measurements.transcriptionErrors.count) transcription errors, "
                         + "\(measurements.recordedWithoutReading.count) recorded without reading the gauge first. Rule: \(measurements.rule).", ""]
        if !measurements.transcriptionErrors.isEmpty {
            lines += ["| time | inspection | serial | characteristic | gauge read | recorded | by |", "|---|---|---|---|---:|---:|---|"]
            for item in measurements.transcriptionErrors {
                lines.append("| \(time.string(from: item.time)) | \(item.inspection) | \(item.serial) | \(item.characteristic) | \(item.read) | \(item.recorded) | \(item.by) |")
            }
            lines.append("")
        }
        if !measurements.recordedWithoutReading.isEmpty {
            lines += ["Recorded without reading the gauge:", "", "| time | inspection | serial | characteristic | recorded | by |", "|---|---|---|---|---:|---|"]
            for item in measurements.recordedWithoutReading {
                lines.append("| \(time.string(from: item.time)) | \(item.inspection) | \(item.serial) | \(item.characteristic) | \(item.recorded) | \(item.by) |")
            }
            lines.append("")
        }
        lines.append("The MES's verdict matches the gauge's on \(measurements.verdictsMatching) of \(measurements.verdicts.count) closed inspections.")
        for verdict in measurements.verdicts where !verdict.matches {
            lines.append("- \(verdict.inspection) (\(verdict.serial)): the MES says \(verdict.mes), the gauge read \(verdict.reading)")
        }
        return lines
    }
}
