import Foundation
import Testing
import Yams

@testable import Stochastics

@Suite("Distribution descriptions and validation")
struct DistributionValidationTests {
    struct Machine: Codable, Equatable {
        let cycle: Distribution
        let repair: Distribution
    }

    @Test("a plant file's YAML decodes, with a bare number as a constant")
    func decodesYAML() throws {
        let yaml = """
            cycle: {type: lognormal, mean: 12.5, sd: 1.2}
            repair: 3.5
            """
        let machine = try YAMLDecoder().decode(Machine.self, from: yaml)
        #expect(machine == Machine(cycle: .lognormal(mean: 12.5, sd: 1.2), repair: .constant(3.5)))
    }

    @Test("every type decodes from YAML and survives a JSON round trip", arguments: DistributionSamplingTests.cases.map(\.1) + [.constant(2)])
    func roundTrip(_ distribution: Distribution) throws {
        let json = try JSONEncoder().encode(distribution)
        #expect(try JSONDecoder().decode(Distribution.self, from: json) == distribution)
        let yaml = try YAMLEncoder().encode(distribution)
        #expect(try YAMLDecoder().decode(Distribution.self, from: yaml) == distribution)
    }

    @Test(
        "bad descriptions are rejected with the field's path and the reason",
        arguments: [
            ("cycle: {type: lognorml, mean: 1, sd: 1}\nrepair: 1", "unknown distribution type 'lognorml'", "cycle"),
            ("cycle: {type: normal, mena: 1, sd: 1}\nrepair: 1", "normal takes no parameter 'mena'", "cycle"),
            ("cycle: {type: normal, mean: 1, sd: -2}\nrepair: 1", "normal: sd must be greater than 0, got -2.0", "cycle"),
            ("cycle: {type: exponential}\nrepair: 1", "mean", "cycle"),
            ("cycle: 1\nrepair: {type: triangular, min: 1, mode: 5, max: 3}", "mode (5.0) must lie in [min, max]", "repair"),
            ("cycle: 1\nrepair: {type: bernoulli, p: 1.5}", "p must lie in [0, 1], got 1.5", "repair"),
            ("cycle: 1\nrepair: {type: empirical, data: []}", "data must hold at least one value", "repair"),
            ("cycle: 1\nrepair: {type: erlang, phases: 0, mean: 2}", "phases must be at least 1", "repair"),
            ("cycle: 1\nrepair: {type: uniform, min: 2, max: 2}", "min (2.0) must be less than max (2.0)", "repair"),
            ("cycle: {type: truncated_normal, mean: 0, sd: 1, min: 60, max: 70}\nrepair: 1", "holds no probability mass", "cycle"),
            ("cycle: .nan\nrepair: 1", "value must be a finite number", "cycle"),
        ])
    func rejects(_ yaml: String, _ reason: String, _ field: String) {
        do {
            _ = try YAMLDecoder().decode(Machine.self, from: yaml)
            Issue.record("accepted invalid description: \(yaml)")
        } catch let error as DecodingError {
            let (path, message) = Self.describe(error)
            #expect(message.contains(reason), "message '\(message)' lacks '\(reason)'")
            #expect(path.first == field, "path \(path) does not start at '\(field)'")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("validation states the parameter, its value and the rule")
    func directValidation() {
        #expect(throws: DistributionError("gamma", "shape must be greater than 0, got 0.0")) {
            try Distribution.gamma(shape: 0, scale: 1).validate()
        }
        #expect(throws: DistributionError("empirical", "data must hold finite numbers only, found inf")) {
            try Distribution.empirical(data: [1, .infinity])
        }
        #expect(throws: DistributionError("binomial", "trials must be between 0 and 4294967295, got -1")) {
            try Distribution.binomial(trials: -1, p: 0.5).validate()
        }
    }

    static func describe(_ error: DecodingError) -> (path: [String], message: String) {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            var message = context.debugDescription
            if case .keyNotFound(let key, _) = error { message += " (missing \(key.stringValue))" }
            return (context.codingPath.map(\.stringValue), message)
        @unknown default:
            return ([], "\(error)")
        }
    }
}
