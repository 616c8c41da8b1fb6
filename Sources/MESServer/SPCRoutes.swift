import Foundation
import Hummingbird
import MESCore
import MESStore
import SPC

/// `GET /api/v1/spc/{planId}/{characteristicId}`: the individuals (I) control chart of one
/// characteristic over every result recorded in the MES, with Nelson-rule violations and
/// capability against the drawing limits (the same computation as the reports); the shop-floor
/// UI's quality view draws it. `last` keeps the most recent points (limits stay those of all of them).
struct SPCRoutes {
    let service: MESService

    struct ChartPoint: Codable {
        let index: Int
        let value: Double
        let serial: String
    }

    struct Violation: Codable {
        let rule: String
        let index: Int
    }

    struct SPCChart: Codable, ResponseEncodable {
        let planId: String
        let characteristicId: String
        let description: String
        let unit: String
        let nominal: Double
        let lowerSpecification: Double?
        let upperSpecification: Double?
        /// Results recorded in all; `points` holds the last of them.
        let count: Int
        let center: Double
        let upperControlLimit: Double
        let lowerControlLimit: Double
        let points: [ChartPoint]
        let violations: [Violation]
        let cpk: Double
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("spc/:planId/:characteristicId") { request, context -> SPCChart in
            let actor = try context.requireActor()
            let plan = try context.parameters.require("planId"), characteristic = try context.parameters.require("characteristicId")
            var last = 50
            if let text = request.uri.queryParameters.get("last") {
                guard let value = Int(text), (2...1_000).contains(value) else {
                    throw APIError(.badRequest, "query parameter 'last' must be a whole number from 2 to 1000, got '\(text)'", parameter: "last")
                }
                last = value
            }
            let spc = try await service.read { engine throws(MESError) in try engine.spc(planId: plan, characteristicId: characteristic, by: actor) }
            let chart = spc.charts.location
            let first = max(0, chart.points.count - last)
            let limits = chart.limits.last ?? ControlLimits(center: spc.charts.grandMean, upper: spc.charts.grandMean, lower: spc.charts.grandMean)
            return SPCChart(
                planId: plan, characteristicId: characteristic, description: spc.characteristic.description, unit: spc.characteristic.unit,
                nominal: spc.characteristic.nominal, lowerSpecification: spc.characteristic.lowerLimit, upperSpecification: spc.characteristic.upperLimit,
                count: spc.values.count, center: limits.center, upperControlLimit: limits.upper, lowerControlLimit: limits.lower,
                points: (first..<chart.points.count).map { ChartPoint(index: $0, value: chart.points[$0], serial: spc.serials[$0]) },
                violations: spc.violations.filter { $0.index >= first }.map { Violation(rule: $0.rule.rawValue, index: $0.index) },
                cpk: spc.capability.cpk)
        }
    }
}
