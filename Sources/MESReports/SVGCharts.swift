import Foundation

/// Small, self-contained SVG charts for the HTML report: no scripts, no network, printable.
/// Every coordinate goes through `SVGCharts.number`, so a NaN or infinity can never reach the file.
public enum SVGCharts {
    public struct Palette {
        public static let states: [String: String] = [
            "execute": "#2e7d32", "setup": "#f9a825", "idle": "#b0bec5", "blocked": "#8e24aa", "held": "#6d4c41",
            "down": "#c62828", "maintenance": "#1565c0", "stopped": "#eceff1", "planned": "#90caf9",
        ]
        public static let series = ["#1565c0", "#c62828", "#2e7d32", "#f9a825", "#8e24aa", "#00838f"]
    }

    /// A coordinate or value for SVG: finite, two decimals; anything else is 0.
    public static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f", value) : "0"
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A value range for an axis: the data's, padded, never empty.
    static func range(_ values: [Double], includeZero: Bool = false) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if high - low < 1e-12 { return (low - 1)...(high + 1) }
        let pad = (high - low) * 0.05
        return (includeZero && low == 0 ? 0 : low - pad)...(high + pad)
    }

    static func svg(width: Double, height: Double, _ body: String, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\" role=\"img\" aria-label=\"\(escape(label))\" font-family=\"sans-serif\" font-size=\"11\">\(body)</svg>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Double = 11, color: String = "#263238") -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(number(size))\" fill=\"\(color)\">\(escape(content))</text>"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: String, title: String? = nil) -> String {
        let tooltip = title.map { "<title>\(escape($0))</title>" } ?? ""
        return "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(0, w)))\" height=\"\(number(max(0, h)))\" fill=\"\(fill)\">\(tooltip)</rect>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ stroke: String, dash: Bool = false, width: Double = 1) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>"
    }

    /// Horizontal bars with their values printed; for Pareto charts, `cumulative` adds the running share.
    public static func bars(_ items: [(label: String, value: Double)], unit: String = "", cumulative: Bool = false, width: Double = 560) -> String {
        guard !items.isEmpty else { return svg(width: width, height: 30, text(8, 20, "nothing to show", color: "#78909c"), label: "empty chart") }
        let rowHeight = 20.0, labelWidth = 170.0, valueWidth = cumulative ? 110.0 : 60.0
        let height = Double(items.count) * rowHeight + 10
        let finite = items.map(\.value).filter(\.isFinite)
        let top = max(finite.max() ?? 1, 1e-12)
        let total = finite.reduce(0, +)
        var body = "", running = 0.0
        for (index, item) in items.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let defined = item.value.isFinite
            let length = defined ? (width - labelWidth - valueWidth) * max(0, item.value) / top : 0
            if defined { running += item.value }
            let shown = defined ? String(format: "%.4g", item.value) + unit : "undefined"
            body += text(labelWidth - 6, y + 13, item.label, anchor: "end")
            body += rect(labelWidth, y + 3, length, rowHeight - 6, Palette.series[0], title: "\(item.label): \(shown)")
            let share = cumulative && total > 0 && defined ? String(format: "  (%.0f %% cum.)", running / total * 100) : ""
            body += text(labelWidth + length + 4, y + 13, shown + share)
        }
        return svg(width: width, height: height, body, label: "bar chart")
    }

    /// Lines over time (hours from the window's start), sharing one y axis.
    public static func lines(_ series: [(name: String, values: [Double])], step: Double, yLabel: String, width: Double = 560, height: Double = 200) -> String {
        let left = 46.0, right = 10.0, top = 10.0, bottom = 34.0
        let all = series.flatMap(\.values)
        guard !all.isEmpty else { return svg(width: width, height: 30, text(8, 20, "nothing to show", color: "#78909c"), label: "empty chart") }
        let y = range(all, includeZero: true)
        let count = max(series.map(\.values.count).max() ?? 1, 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ index: Int) -> Double { left + plotWidth * (Double(index) + 0.5) / Double(count) }
        func py(_ value: Double) -> Double { top + plotHeight * (1 - (value - y.lowerBound) / (y.upperBound - y.lowerBound)) }
        var body = line(left, top, left, top + plotHeight, "#90a4ae") + line(left, top + plotHeight, left + plotWidth, top + plotHeight, "#90a4ae")
        for tick in 0...4 {
            let value = y.lowerBound + (y.upperBound - y.lowerBound) * Double(tick) / 4
            body += text(left - 4, py(value) + 4, String(format: "%.3g", value), anchor: "end", size: 10)
        }
        body += text(left, height - 4, "hours from the start of the window (\(String(format: "%.0f", Double(count) * step)) h)", size: 10)
        body += text(width - right, height - 4, yLabel, anchor: "end", size: 10)
        for (index, serie) in series.enumerated() where !serie.values.isEmpty {
            let points = serie.values.enumerated().map { "\(number(px($0.offset))),\(number(py($0.element)))" }.joined(separator: " ")
            body += "<polyline fill=\"none\" stroke=\"\(Palette.series[index % Palette.series.count])\" stroke-width=\"1.6\" points=\"\(points)\"/>"
            body += text(left + 8 + Double(index) * 150, top + 12, serie.name, color: Palette.series[index % Palette.series.count])
        }
        return svg(width: width, height: height, body, label: yLabel)
    }

    /// A loss waterfall: the first step is a total, each further step a loss (negative) or a
    /// subtotal (`total: true`), drawn as floating bars.
    public static func waterfall(_ steps: [(label: String, value: Double, total: Bool)], unit: String = " h", width: Double = 360) -> String {
        let rowHeight = 18.0, labelWidth = 120.0, valueWidth = 60.0
        let height = Double(steps.count) * rowHeight + 8
        let top = max(steps.filter(\.total).map(\.value).max() ?? 1, 1e-12)
        let scale = (width - labelWidth - valueWidth) / top
        var level = 0.0, body = ""
        for (index, step) in steps.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let (from, to, color): (Double, Double, String) = step.total ? (0, step.value, "#37474f") : (level + step.value, level, "#e57373")
            if step.total { level = step.value } else { level += step.value }
            body += text(labelWidth - 6, y + 12, step.label, anchor: "end", size: 10)
            body += rect(labelWidth + min(from, to) * scale, y + 3, abs(to - from) * scale, rowHeight - 6, color, title: "\(step.label): \(step.value)\(unit)")
            let shown = step.total ? String(format: "%.1f", step.value) : (abs(step.value) < 0.05 ? "0.0" : String(format: "%@%.1f", step.value < 0 ? "−" : "+", abs(step.value)))
            body += text(labelWidth + max(from, to) * scale + 4, y + 12, shown + unit, size: 10)
        }
        return svg(width: width, height: height, body, label: "loss waterfall")
    }

    /// Machine states over time, one row per machine.
    public static func gantt(_ rows: [(label: String, spans: [RunDetail.StateSpan])], hours: Double, width: Double = 860) -> String {
        let rowHeight = 16.0, labelWidth = 90.0, top = 4.0
        let legend = Palette.states.keys.sorted()
        let height = top + Double(rows.count) * rowHeight + 36
        let scale = (width - labelWidth - 10) / max(hours, 1e-9)
        var body = ""
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            body += text(labelWidth - 6, y + 12, row.label, anchor: "end", size: 10)
            for span in row.spans {
                body += rect(labelWidth + span.start * scale, y + 1, (span.end - span.start) * scale, rowHeight - 2, Palette.states[span.category] ?? "#000",
                             title: "\(row.label) \(span.category) \(String(format: "%.2f–%.2f h", span.start, span.end))")
            }
        }
        let legendY = top + Double(rows.count) * rowHeight + 8
        for (index, name) in legend.enumerated() {
            let x = labelWidth + Double(index) * 95
            body += rect(x, legendY, 12, 12, Palette.states[name]!) + "<rect x=\"\(number(x))\" y=\"\(number(legendY))\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"#90a4ae\"/>"
            body += text(x + 16, legendY + 10, name, size: 10)
        }
        body += text(labelWidth, height - 4, "hours from the start of the window (\(String(format: "%.0f", hours)) h)", size: 10)
        return svg(width: width, height: height, body, label: "machine states")
    }

    /// An individuals control chart: points, centre line, control limits, specification limits
    /// (dashed) and the points a run rule flagged in red.
    public static func controlChart(_ values: [Double], center: Double, lower: Double, upper: Double, specification: (lower: Double?, upper: Double?),
                                    flagged: Set<Int>, width: Double = 560, height: Double = 180) -> String {
        let left = 56.0, right = 40.0, top = 8.0, bottom = 20.0
        guard !values.isEmpty else { return svg(width: width, height: 30, text(8, 20, "no results recorded", color: "#78909c"), label: "empty chart") }
        let y = range(values + [center, lower, upper] + [specification.lower, specification.upper].compactMap { $0 })
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ index: Int) -> Double { left + plotWidth * (values.count == 1 ? 0.5 : Double(index) / Double(values.count - 1)) }
        func py(_ value: Double) -> Double { top + plotHeight * (1 - (value - y.lowerBound) / (y.upperBound - y.lowerBound)) }
        var body = line(left, top, left, top + plotHeight, "#90a4ae")
        for (value, name, dashed, color) in [(center, "CL", false, "#2e7d32"), (upper, "UCL", true, "#c62828"), (lower, "LCL", true, "#c62828")] {
            body += line(left, py(value), left + plotWidth, py(value), color, dash: dashed) + text(left + plotWidth + 2, py(value) + 4, name, size: 9, color: color)
            body += text(left - 4, py(value) + 4, String(format: "%.4g", value), anchor: "end", size: 9)
        }
        for (value, name) in [(specification.lower, "LSL"), (specification.upper, "USL")] {
            if let value { body += line(left, py(value), left + plotWidth, py(value), "#ff8f00", dash: true) + text(left + plotWidth + 2, py(value) + 4, name, size: 9, color: "#ff8f00") }
        }
        body += "<polyline fill=\"none\" stroke=\"#546e7a\" stroke-width=\"1\" points=\"\(values.enumerated().map { "\(number(px($0.offset))),\(number(py($0.element)))" }.joined(separator: " "))\"/>"
        for (index, value) in values.enumerated() {
            let hot = flagged.contains(index)
            body += "<circle cx=\"\(number(px(index)))\" cy=\"\(number(py(value)))\" r=\"\(hot ? 3 : 1.8)\" fill=\"\(hot ? "#c62828" : "#37474f")\"><title>#\(index + 1): \(String(format: "%.5g", value))\(hot ? " (rule violation)" : "")</title></circle>"
        }
        body += text(left, height - 4, "results in the order recorded (\(values.count))", size: 10)
        return svg(width: width, height: height, body, label: "control chart")
    }

    /// A histogram of `values` over `binCount` equal bins.
    public static func histogram(_ values: [Double], binCount: Int = 20, unit: String, width: Double = 560, height: Double = 180) -> String {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return svg(width: width, height: 30, text(8, 20, "nothing to show", color: "#78909c"), label: "empty chart") }
        let low = finite.min()!, high = finite.max()!
        let span = high - low > 0 ? high - low : 1
        var counts = Array(repeating: 0, count: binCount)
        for value in finite { counts[min(binCount - 1, Int((value - low) / span * Double(binCount)))] += 1 }
        let left = 40.0, bottom = 30.0, top = 8.0, plotWidth = width - left - 10, plotHeight = height - top - bottom
        let most = Double(counts.max() ?? 1)
        var body = line(left, top + plotHeight, left + plotWidth, top + plotHeight, "#90a4ae")
        for (index, count) in counts.enumerated() {
            let h = plotHeight * Double(count) / most
            body += rect(left + plotWidth * Double(index) / Double(binCount) + 1, top + plotHeight - h, plotWidth / Double(binCount) - 2, h, Palette.series[0],
                         title: String(format: "%.3g–%.3g%@: %d", low + span * Double(index) / Double(binCount), low + span * Double(index + 1) / Double(binCount), unit, count))
        }
        body += text(left - 4, top + 10, String(count: Int(most)), anchor: "end", size: 10)
        body += text(left, height - 16, String(format: "%.3g", low) + unit, size: 10) + text(left + plotWidth, height - 16, String(format: "%.3g", high) + unit, anchor: "end", size: 10)
        body += text(left, height - 3, "\(finite.count) values", size: 10)
        return svg(width: width, height: height, body, label: "histogram")
    }
}

private extension String {
    init(count: Int) { self = String(count) }
}
