import Foundation
import Hummingbird
import MESCore
import MESServer
import Twin

/// What `GET /api/v1/training/gauge/{inspectionId}` answers: the twin's gauge reading of each
/// characteristic of an open inspection on a part at a trainee's work centre, with what a
/// trainee needs to read it (description, unit, the display's resolution). The values are what
/// the trainee should record; the score sets the recorded results against them.
struct GaugeReadout: Codable, Sendable, ResponseEncodable {
    let inspectionId: String
    let serial: String
    let planId: String
    /// Simulated time the part was measured (the first time the reading was asked for).
    let measuredAt: Date
    let characteristics: [Item]

    struct Item: Codable, Sendable {
        let characteristicId: String
        let description: String
        let value: Double
        let unit: String
        /// The gauge's display step; the value is a multiple of it.
        let resolution: Double
    }

    /// The reading in the plan's characteristic order.
    init(_ reading: GaugeReading, twin: LiveTwin) {
        let plan = twin.model.plant.inspectionPlans.first { $0.id == reading.planId }
        inspectionId = reading.inspectionId
        serial = reading.serial
        planId = reading.planId
        measuredAt = twin.date(hours: reading.hours)
        characteristics = (plan?.characteristics ?? []).compactMap { characteristic in
            reading.values[characteristic.id].map {
                Item(characteristicId: characteristic.id, description: characteristic.description, value: $0, unit: characteristic.unit,
                     resolution: GaugeReading.resolution(of: characteristic))
            }
        }
    }

    /// Who may read a trainee's gauge: whoever may record inspection results (the §5.2 Quality
    /// Data create permission: operators, quality engineers and inspectors, administrators), and
    /// the trainers (System Administrators, Production Supervisors), who watch over it.
    static func requireReader(_ actor: Actor) throws {
        let trainer = actor.roles.contains(.systemAdministrator) || actor.roles.contains(.productionSupervisor)
        guard trainer || PermissionMatrix.allows(actor.roles, .create, on: .qualityData) else {
            throw APIError(.forbidden, "only those who record inspection results (Operators, Quality Engineers, Quality Inspectors) and trainers read the gauge")
        }
    }

    /// The reading of inspection `id` for `actor`, or why not: 404 for an unknown inspection,
    /// 403 when the inspection's plan asks for a role the actor lacks, 409 when it is closed or
    /// not on a part the twin holds for a trainee.
    static func read(_ id: String, by actor: Actor, on clock: TrainingClock) -> Result<GaugeReadout, APIError> {
        clock.catchUp()
        let twin = clock.twin
        guard let inspection = twin.mesState.inspections[id] else { return .failure(APIError(.notFound, "no inspection '\(id)'")) }
        let trainer = actor.roles.contains(.systemAdministrator) || actor.roles.contains(.productionSupervisor)
        if !trainer, let role = twin.mesState.inspectionPlans[inspection.planId]?.requiredRole, !actor.roles.contains(role) {
            return .failure(APIError(.forbidden, "plan \(inspection.planId) is recorded by a \(role.rawValue): its gauge is theirs to read"))
        }
        do {
            guard let reading = try twin.gaugeReading(inspectionId: id) else { return .failure(APIError(.notFound, "no inspection '\(id)'")) }
            return .success(GaugeReadout(reading, twin: twin))
        } catch {
            return .failure(APIError(.conflict, "\(error)"))
        }
    }
}
