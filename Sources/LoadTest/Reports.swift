import Foundation

/// What a report says about the run besides the figures.
public struct ReportContext: Codable, Sendable {
    public var name: String
    public var command: String
    public var target: String
    public var date: String
    public var machine: String
    public var mix: [String]
    public var notes: [String]

    public init(name: String, command: String, target: String, date: String, machine: String, mix: [String], notes: [String]) {
        (self.name, self.command, self.target, self.date, self.machine, self.mix, self.notes) = (name, command, target, date, machine, mix, notes)
    }
}

/// results.json: the context and either one run or a ramp.
public struct ReportDocument: Codable, Sendable {
    public let context: ReportContext
    public let run: RunResult?
    public let ramp: RampResult?
    public let sustainableRate: Double?

    public init(context: ReportContext, run: RunResult?, ramp: RampResult?, sustainableRate: Double?) {
        (self.context, self.run, self.ramp, self.sustainableRate) = (context, run, ramp, sustainableRate)
    }
}

public enum ReportWriter {
    /// Writes summary.md, results.json and index.html into `folder`.
    public static func write(_ document: ReportDocument, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(document).write(to: folder.appendingPathComponent("results.json"), options: .atomic)
        try Data(markdown(document).utf8).write(to: folder.appendingPathComponent("summary.md"), options: .atomic)
        try Data(html(document).utf8).write(to: folder.appendingPathComponent("index.html"), options: .atomic)
    }

    static func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    static func runTable(_ run: RunResult) -> [String] {
        var lines = [
            "| transaction type | requests | ok | 4xx | 5xx | no answer | not sent | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for t in run.types {
            lines.append("| `\(t.type)` | \(t.latency.count) | \(t.ok) | \(t.refused) | \(t.serverErrors) | \(t.transportErrors) | \(t.notSent.values.reduce(0, +)) | \(f(t.throughput, 1)) | \(f(t.latency.p50)) | \(f(t.latency.p90)) | \(f(t.latency.p99)) | \(f(t.latency.p999)) | \(f(t.latency.max)) |")
        }
        let o = run.overall
        lines.append("| **all** | \(run.requests) | \(run.ok) | \(run.refused) | \(run.serverErrors) | \(run.transportErrors) | \(run.notSent) | \(f(run.throughput, 1)) | \(f(o.p50)) | \(f(o.p90)) | \(f(o.p99)) | \(f(o.p999)) | \(f(o.max)) |")
        return lines
    }

    static func runFacts(_ run: RunResult) -> [String] {
        var lines = [
            "- Load: \(run.shape); \(f(run.duration, 1)) s scheduled, last answer after \(f(run.elapsed, 1)) s.",
            "- Transactions started: \(run.transactionsStarted); requests answered or failed: \(run.requests); throughput \(f(run.throughput, 1)) requests/s.",
            "- Status codes: " + (run.statuses.isEmpty ? "none" : run.statuses.sorted { $0.key < $1.key }.map { "\($0.key == "0" ? "no answer" : $0.key): \($0.value)" }.joined(separator: ", ")) + ".",
            "- Dropped sends (over the in-flight bound): \(run.dropped); transactions the mix chose but not sent (no idle machine, no serial to work on): \(run.notSent).",
            "- Generator overhead: send lag (actual − intended send) p50 \(f(run.sendLag.p50, 3)) ms, p99 \(f(run.sendLag.p99, 3)) ms, max \(f(run.sendLag.max, 3)) ms; "
                + "process CPU \(f(run.cpuSeconds)) s, \(f(run.cpuMicrosecondsPerRequest, 1)) µs per request.",
        ]
        if !run.firstErrors.isEmpty { lines.append("- First errors: " + run.firstErrors.map { "`\($0.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " "))`" }.joined(separator: "; ")) }
        return lines
    }

    public static func markdown(_ document: ReportDocument) -> String {
        let c = document.context
        var lines = [
            "# Load test \(c.name)", "",
            "- Command: `\(c.command)`",
            "- Target: \(c.target)",
            "- Date: \(c.date); machine: \(c.machine)",
            "- Latency is measured from each transaction's intended send time (open loop), so a stalled server cannot hide queued requests;",
            "  a transaction's later requests (the completion after a start, the release after a create) from their own send.",
        ]
        lines += c.mix.map { "- Mix: \($0)" }
        lines += c.notes.map { "- \($0)" }
        if let ramp = document.ramp {
            lines += ["", "## Ramp", "",
                      "Steps of \(f(ramp.stepSeconds, 0)) s, rate ×\(f(ramp.factor, 2)) per step, until p99 > \(f(ramp.p99LimitMilliseconds, 1)) ms or errors.", ""]
            if let best = ramp.sustainable {
                lines.append("**Sustainable rate: \(f(best.rate, 1)) transactions/s** (\(f(best.result.throughput, 1)) requests/s; p99 \(f(best.result.overall.p99)) ms, p99.9 \(f(best.result.overall.p999)) ms).")
            } else {
                lines.append("**No step met the limit**: the sustainable rate is below the first step's \(f(ramp.steps.first?.rate ?? 0, 1)) transactions/s.")
            }
            lines += ["", "| step | intended tx/s | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | 4xx | errors | dropped | send lag p99 ms | CPU µs/request | verdict |",
                      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
            for (index, step) in ramp.steps.enumerated() {
                let r = step.result
                lines.append("| \(index + 1) | \(f(step.rate, 1)) | \(f(r.throughput, 1)) | \(f(r.overall.p50)) | \(f(r.overall.p90)) | \(f(r.overall.p99)) | \(f(r.overall.p999)) | \(f(r.overall.max)) | \(r.refused) | \(r.errors) | \(r.dropped) | \(f(r.sendLag.p99, 3)) | \(f(r.cpuMicrosecondsPerRequest, 1)) | \(step.met ? "met" : "failed: \(step.reason ?? "")") |")
            }
            if let best = ramp.sustainable {
                lines += ["", "### At the sustainable rate (\(f(best.rate, 1)) transactions/s)", ""] + runFacts(best.result) + [""] + runTable(best.result)
            }
            if let last = ramp.steps.last, !last.met {
                lines += ["", "### The first step over the limit (\(f(last.rate, 1)) transactions/s)", ""] + runFacts(last.result) + [""] + runTable(last.result)
            }
        }
        if let run = document.run {
            lines += ["", "## Results", ""] + runFacts(run) + [""] + runTable(run)
        }
        lines += ["", "`index.html` charts the percentiles second by second; `results.json` has every figure."]
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A log-scale chart of p50, p90, p99, p99.9 and max per second, as inline SVG.
    static func chart(_ timeline: [SecondResult], title: String, offset: Int = 0) -> String {
        let (width, height, left, bottom, top, right) = (900.0, 320.0, 60.0, 40.0, 30.0, 20.0)
        guard !timeline.isEmpty else { return "<p>No requests in \(escape(title)).</p>" }
        let series: [(String, String, (Percentiles) -> Double)] = [
            ("p50", "#2b8a3e", { $0.p50 }), ("p90", "#1971c2", { $0.p90 }), ("p99", "#e67700", { $0.p99 }),
            ("p99.9", "#c92a2a", { $0.p999 }), ("max", "#868e96", { $0.max }),
        ]
        let values = timeline.flatMap { s in series.map { $0.2(s.latency) } }.filter { $0 > 0 }
        let low = pow(10, floor(log10(max(values.min() ?? 0.01, 0.001))))
        let high = pow(10, ceil(log10(max(values.max() ?? 1, low * 10))))
        let seconds = Double((timeline.last?.second ?? 0) + 1)
        func x(_ second: Double) -> Double { left + (width - left - right) * second / max(seconds, 1) }
        func y(_ ms: Double) -> Double {
            let v = max(ms, low)
            return top + (height - top - bottom) * (1 - (log10(v) - log10(low)) / (log10(high) - log10(low)))
        }
        var svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">",
                   "<text x=\"\(Int(left))\" y=\"18\" font-size=\"13\">\(escape(title))</text>"]
        var decade = low
        while decade <= high * 1.0001 {
            let yy = y(decade)
            svg.append("<line x1=\"\(left)\" y1=\"\(f(yy, 1))\" x2=\"\(width - right)\" y2=\"\(f(yy, 1))\" stroke=\"#dee2e6\"/>")
            svg.append("<text x=\"\(left - 6)\" y=\"\(f(yy + 4, 1))\" text-anchor=\"end\">\(decade >= 1 ? String(format: "%.0f", decade) : String(format: "%g", decade)) ms</text>")
            decade *= 10
        }
        let tick = max(1, Int(seconds / 10))
        for s in stride(from: 0, through: Int(seconds), by: tick) {
            svg.append("<text x=\"\(f(x(Double(s)), 1))\" y=\"\(f(height - bottom + 16, 1))\" text-anchor=\"middle\">\(s + offset) s</text>")
        }
        svg.append("<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#495057\"/>")
        for (index, (name, colour, value)) in series.enumerated() {
            let points = timeline.map { "\(f(x(Double($0.second) + 0.5), 1)),\(f(y(value($0.latency)), 1))" }.joined(separator: " ")
            svg.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points)\"/>")
            let lx = left + 10 + Double(index) * 80
            svg.append("<rect x=\"\(lx)\" y=\"\(height - 14)\" width=\"12\" height=\"3\" fill=\"\(colour)\"/><text x=\"\(lx + 16)\" y=\"\(height - 9)\">\(name)</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    public static func html(_ document: ReportDocument) -> String {
        let c = document.context
        var body: [String] = []
        if let ramp = document.ramp {
            var offset = 0
            for (index, step) in ramp.steps.enumerated() {
                body.append(chart(step.result.timeline, title: "Step \(index + 1): \(f(step.rate, 1)) transactions/s — \(step.met ? "met" : "failed: " + (step.reason ?? ""))", offset: offset))
                offset += Int(ramp.stepSeconds.rounded(.up))
            }
        }
        if let run = document.run { body.append(chart(run.timeline, title: "Latency percentiles per second (by intended send time) — \(run.shape)")) }
        let summary = escape(markdown(document))
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Load test \(escape(c.name))</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:1000px} pre{white-space:pre-wrap;font-size:12px;background:#f8f9fa;padding:1em} svg{display:block;margin:1em 0}</style>
            </head><body>
            <h1>Load test \(escape(c.name))</h1>
            \(body.joined(separator: "\n"))
            <h2>Summary</h2>
            <pre>\(summary)</pre>
            </body></html>

            """
    }
}
