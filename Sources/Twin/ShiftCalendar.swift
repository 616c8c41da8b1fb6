import Foundation
import PlantFiles

/// When each shift works, in simulated hours from the scenario's start: the shifts' days and
/// hours less their breaks. A plant without shifts works around the clock. Machines are planned
/// to operate while any shift works; an operator works the hours of their own shift.
struct ShiftCalendar {
    /// Working intervals per shift name, sorted and disjoint.
    private let intervals: [String: [Range<Double>]]
    /// Working intervals of the plant: the union of every shift's.
    private let plantIntervals: [Range<Double>]
    /// Every instant at which some shift starts or stops working, ascending.
    let boundaries: [Double]
    let roundTheClock: Bool

    init(shifts: [ShiftDescription], start: Date, horizonHours: Double) {
        roundTheClock = shifts.isEmpty
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let midnight = utc.startOfDay(for: start)
        let offset = start.timeIntervalSince(midnight) / 3_600
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let firstWeekday = utc.component(.weekday, from: midnight) - 1
        var byShift: [String: [Range<Double>]] = [:]
        let days = Int((horizonHours + offset) / 24) + 2
        for shift in shifts {
            let begin = Double(PlantValidation.clockMinutes(shift.start) ?? 0) / 60
            var spans: [Range<Double>] = []
            for day in -1...days where shift.days.contains(names[(firstWeekday + day % 7 + 7) % 7]) {
                let dayStart = Double(day) * 24 - offset
                var pieces = [(dayStart + begin)..<(dayStart + begin + shift.hours)]
                for pause in shift.breaks ?? [] {
                    var at = Double(PlantValidation.clockMinutes(pause.start) ?? 0) / 60
                    if at < begin { at += 24 }  // a break after midnight in a night shift
                    let gap = (dayStart + at)..<(dayStart + at + pause.minutes / 60)
                    pieces = pieces.flatMap { piece -> [Range<Double>] in
                        guard piece.overlaps(gap) else { return [piece] }
                        return [piece.lowerBound..<gap.lowerBound, gap.upperBound..<piece.upperBound].filter { !$0.isEmpty }
                    }
                }
                spans += pieces
            }
            byShift[shift.name] = Self.merged(spans.map { max(0, $0.lowerBound)..<max(0, $0.upperBound) }.filter { !$0.isEmpty })
        }
        intervals = byShift
        plantIntervals = Self.merged(byShift.values.flatMap { $0 })
        boundaries = Array(Set(byShift.values.flatMap { $0.flatMap { [$0.lowerBound, $0.upperBound] } }).filter { $0 > 0 && $0 < horizonHours }).sorted()
    }

    /// Working hours of the plant between two instants.
    func plantHours(from start: Double, to end: Double) -> Double {
        guard end > start else { return 0 }
        if roundTheClock { return end - start }
        return plantIntervals.reduce(0) { $0 + max(0, min(end, $1.upperBound) - max(start, $1.lowerBound)) }
    }

    /// Whether the plant works at `time`.
    func plantWorks(at time: Double) -> Bool { roundTheClock || Self.contains(plantIntervals, time) }

    /// Whether someone on `shift` (any shift when nil) works at `time`.
    func works(_ shift: String?, at time: Double) -> Bool {
        guard let shift, !roundTheClock else { return plantWorks(at: time) }
        return Self.contains(intervals[shift] ?? [], time)
    }

    private static func contains(_ spans: [Range<Double>], _ time: Double) -> Bool {
        var low = 0, high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if spans[mid].upperBound <= time { low = mid + 1 } else { high = mid }
        }
        return low < spans.count && spans[low].contains(time)
    }

    private static func merged(_ spans: [Range<Double>]) -> [Range<Double>] {
        var result: [Range<Double>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
