import Testing

@testable import QueueingModels
@testable import Stochastics

/// The validation criterion: the theoretical value lies inside the 99% Student-t interval of
/// the replication means. Seeds are fixed, so each check is deterministic.
func expectInside(
    _ summary: Replications.Summary, _ measure: String, _ theory: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let interval = try summary.interval(measure, level: 0.99)
        #expect(interval.contains(theory), "\(measure): theory \(theory) outside \(interval)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(measure): \(error)", sourceLocation: sourceLocation)
    }
}

/// The check's power: with the model deliberately wrong, the theoretical value must fall outside.
func expectOutside(
    _ summary: Replications.Summary, _ measure: String, _ theory: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let interval = try summary.interval(measure, level: 0.99)
        #expect(!interval.contains(theory), "\(measure): a wrong model still covers \(theory): \(interval)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(measure): \(error)", sourceLocation: sourceLocation)
    }
}
