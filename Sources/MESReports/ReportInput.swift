import Foundation
import MESCore

/// Everything a report is drawn from: the KPI document and, per configuration, each
/// replication's figures and detail (the first replication's detail drives the Gantt chart,
/// the control charts and the work-order table).
public struct ReportInput: Sendable {
    public struct Configuration: Sendable {
        public let name: String
        public let runs: [RunKPIs]
        public let details: [RunDetail]

        public init(name: String, runs: [RunKPIs], details: [RunDetail]) {
            self.name = name
            self.runs = runs
            self.details = details
        }
    }

    public let document: KPIDocument
    public let description: String?
    public let base: Configuration
    public let variants: [Configuration]
    /// Inspection-plan characteristics by "plan/characteristic", for specification limits on the control charts.
    public let specifications: [String: (lower: Double?, upper: Double?, unit: String)]
    /// Where the figures came from, for the report's header.
    public let source: String
    /// When the run followed a plan: start deviations of every booking (all replications) and
    /// the planned bookings per machine for the planned-versus-run Gantt.
    public var schedule: ScheduleView?

    public struct ScheduleView: Sendable {
        public let startDeviations: [Double]
        public let planned: [String: [RunDetail.StateSpan]]

        public init(startDeviations: [Double], planned: [String: [RunDetail.StateSpan]]) {
            self.startDeviations = startDeviations
            self.planned = planned
        }
    }

    /// Specification limits of every characteristic, keyed "plan/characteristic".
    public static func specifications(of plans: some Sequence<InspectionPlan>) -> [String: (lower: Double?, upper: Double?, unit: String)] {
        var limits: [String: (lower: Double?, upper: Double?, unit: String)] = [:]
        for plan in plans {
            for characteristic in plan.characteristics { limits["\(plan.id)/\(characteristic.id)"] = (characteristic.lowerLimit, characteristic.upperLimit, characteristic.unit) }
        }
        return limits
    }

    public init(document: KPIDocument, description: String?, base: Configuration, variants: [Configuration],
                specifications: [String: (lower: Double?, upper: Double?, unit: String)], source: String) {
        self.document = document
        self.description = description
        self.base = base
        self.variants = variants
        self.specifications = specifications
        self.source = source
    }
}
