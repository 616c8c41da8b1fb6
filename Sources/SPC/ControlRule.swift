/// Run rules for control charts, with their exact definitions. A violation is reported at the
/// point that completes the pattern (the last of its window), which for the "k of m beyond"
/// rules must itself be one of the k; `points` lists every point of the window that meets the
/// rule's condition.
public enum ControlRule: String, Sendable, Codable, CaseIterable {
    // Western Electric
    /// One point beyond 3σ.
    case westernElectric1 = "WE1"
    /// Two out of three consecutive points beyond 2σ on the same side.
    case westernElectric2 = "WE2"
    /// Four out of five consecutive points beyond 1σ on the same side.
    case westernElectric3 = "WE3"
    /// Eight consecutive points on the same side of the centre line.
    case westernElectric4 = "WE4"
    // Nelson
    /// One point beyond 3σ.
    case nelson1 = "N1"
    /// Nine points in a row on the same side of the centre line.
    case nelson2 = "N2"
    /// Six points in a row steadily increasing or steadily decreasing.
    case nelson3 = "N3"
    /// Fourteen points in a row alternating up and down.
    case nelson4 = "N4"
    /// Two out of three points in a row beyond 2σ on the same side.
    case nelson5 = "N5"
    /// Four out of five points in a row beyond 1σ on the same side.
    case nelson6 = "N6"
    /// Fifteen points in a row within 1σ, on either side.
    case nelson7 = "N7"
    /// Eight points in a row beyond 1σ, on either side (none within 1σ).
    case nelson8 = "N8"

    public static let westernElectric: [ControlRule] = [.westernElectric1, .westernElectric2, .westernElectric3, .westernElectric4]
    public static let nelson: [ControlRule] = [.nelson1, .nelson2, .nelson3, .nelson4, .nelson5, .nelson6, .nelson7, .nelson8]

    func check(points: [Double], zones: [Double], at index: Int) -> RuleViolation? {
        func window(_ length: Int) -> Range<Int>? { index + 1 >= length ? (index + 1 - length)..<(index + 1) : nil }
        func violation(_ indices: [Int]) -> RuleViolation { RuleViolation(rule: self, index: index, points: indices) }
        func sameSide(_ length: Int) -> RuleViolation? {
            guard let range = window(length) else { return nil }
            let above = range.allSatisfy { zones[$0] > 0 }, below = range.allSatisfy { zones[$0] < 0 }
            return above || below ? violation(Array(range)) : nil
        }
        /// k of the last m points (fewer at the start of the chart) beyond `limit` sigma on the
        /// side of the current point, which is one of them.
        func kOfM(_ k: Int, _ m: Int, beyond limit: Double) -> RuleViolation? {
            guard abs(zones[index]) > limit else { return nil }
            let range = Swift.max(0, index - m + 1)..<(index + 1)
            let side: Double = zones[index] > 0 ? 1 : -1
            let beyond = range.filter { zones[$0] * side > limit }
            return beyond.count >= k ? violation(beyond) : nil
        }
        switch self {
        case .westernElectric1, .nelson1:
            return abs(zones[index]) > 3 ? violation([index]) : nil
        case .westernElectric2, .nelson5:
            return kOfM(2, 3, beyond: 2)
        case .westernElectric3, .nelson6:
            return kOfM(4, 5, beyond: 1)
        case .westernElectric4:
            return sameSide(8)
        case .nelson2:
            return sameSide(9)
        case .nelson3:
            guard let range = window(6) else { return nil }
            let steps = range.dropFirst().map { points[$0] - points[$0 - 1] }
            return steps.allSatisfy({ $0 > 0 }) || steps.allSatisfy({ $0 < 0 }) ? violation(Array(range)) : nil
        case .nelson4:
            guard let range = window(14) else { return nil }
            let steps = range.dropFirst().map { points[$0] - points[$0 - 1] }
            let alternating = steps.allSatisfy { $0 != 0 } && zip(steps, steps.dropFirst()).allSatisfy { ($0 > 0) != ($1 > 0) }
            return alternating ? violation(Array(range)) : nil
        case .nelson7:
            guard let range = window(15) else { return nil }
            return range.allSatisfy({ abs(zones[$0]) < 1 }) ? violation(Array(range)) : nil
        case .nelson8:
            guard let range = window(8) else { return nil }
            return range.allSatisfy({ abs(zones[$0]) > 1 }) ? violation(Array(range)) : nil
        }
    }
}

/// A run rule triggered at `index`.
public struct RuleViolation: Sendable, Equatable, Codable {
    public let rule: ControlRule
    /// The point that completes the pattern.
    public let index: Int
    /// The points of the window that meet the rule's condition.
    public let points: [Int]
}
