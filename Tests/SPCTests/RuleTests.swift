import Testing

@testable import SPC

/// Run rules on individual values around centre 0 with σ = 1, so each value is its own zone.
@Suite("Western Electric and Nelson rules")
struct RuleTests {
    static func chart(_ values: [Double]) -> ControlChart {
        ControlChart(kind: .individuals, points: values, limits: Array(repeating: ControlLimits(center: 0, sigma: 1), count: values.count))
    }

    static func fired(_ values: [Double], _ rules: [ControlRule]) -> [String] {
        chart(values).violations(rules).map { "\($0.rule.rawValue)@\($0.index)" }
    }

    @Test("nine points one side, six rising, one beyond 3σ flag exactly Nelson 2, 3 and 1 at the right indices")
    func knownSequence() {
        // 0...8: nine above the mean (one beyond 1σ so fifteen-within-1σ cannot fire);
        // 9...14: six rising; 15: beyond 3σ, below, so the rise is broken.
        let values: [Double] = [1.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.8, -0.5, -0.2, 0.1, 0.4, 0.7, -3.5]
        let violations = Self.chart(values).violations(ControlRule.nelson)
        #expect(violations.map(\.rule) == [.nelson2, .nelson3, .nelson1])
        #expect(violations.map(\.index) == [8, 14, 15])
        #expect(violations[0].points == Array(0...8) && violations[1].points == Array(9...14) && violations[2].points == [15])
    }

    /// For each rule: a sequence that triggers it at its last point, and one that just fails to.
    static let cases: [(ControlRule, trigger: [Double], nearMiss: [Double])] = [
        (.westernElectric1, [0, 3.01], [0, 3.0]),
        (.nelson1, [0, -3.2], [0, -2.99]),
        (.westernElectric2, [2.1, 0.3, 2.5], [2.1, 0.3, 1.9]),
        (.nelson5, [0, -2.5, -2.1], [0, -2.5, 2.1]),
        (.westernElectric3, [1.2, 1.5, 0.2, 1.1, 1.3], [1.2, 1.5, 0.2, 0.9, 1.3]),
        (.nelson6, [0, -1.2, -1.5, -1.1, -1.3], [0, -1.2, -1.5, -1.1, 1.3]),
        (.westernElectric4, Array(repeating: 0.4, count: 8), Array(repeating: 0.4, count: 7) + [0]),
        (.nelson2, Array(repeating: -0.4, count: 9), Array(repeating: -0.4, count: 8) + [0.4]),
        (.nelson3, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.1, 0.2, 0.3, 0.3, 0.5, 0.6]),
        (.nelson4, (0..<14).map { $0 % 2 == 0 ? 0.5 : -0.5 }, (0..<13).map { $0 % 2 == 0 ? 0.5 : -0.5 } + [0.6]),
        (.nelson7, (0..<15).map { $0 % 2 == 0 ? 0.5 : -0.5 }, (0..<14).map { $0 % 2 == 0 ? 0.5 : -0.5 } + [1.0]),
        (.nelson8, [1.5, -1.5, 1.2, -1.2, 1.1, -1.1, 1.3, -1.3], [1.5, -1.5, 1.2, -1.2, 1.1, -1.1, 1.3, -0.9]),
    ]

    @Test("each rule triggers on its pattern and not on a near miss", arguments: cases.indices)
    func eachRule(_ index: Int) {
        let (rule, trigger, nearMiss) = Self.cases[index]
        let hits = Self.chart(trigger).violations([rule])
        #expect(hits.map(\.index).contains(trigger.count - 1), "\(rule) did not fire at the end of \(trigger)")
        let misses = Self.chart(nearMiss).violations([rule]).filter { $0.index == nearMiss.count - 1 }
        #expect(misses.isEmpty, "\(rule) fired on the near miss \(nearMiss)")
    }

    @Test("Western Electric on the known sequence: rule 4 at the eighth point above, rule 1 at the excursion")
    func westernElectricOnKnownSequence() {
        let values: [Double] = [1.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.8, -0.5, -0.2, 0.1, 0.4, 0.7, -3.5]
        #expect(Self.fired(values, ControlRule.westernElectric) == ["WE4@7", "WE4@8", "WE1@15"])
    }
}
