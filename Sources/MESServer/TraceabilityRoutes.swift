import Foundation
import Hummingbird
import MESCore

/// §4.4 traceability (and §4.3's genealogy): genealogy, forward and backward traces, the audit trail.
struct TraceabilityRoutes {
    let service: MESService

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("genealogy/:serial") { _, context -> GenealogyNode in
            let actor = try context.requireActor()
            let serial = try context.parameters.require("serial")
            return try await service.read { engine throws(MESError) in try engine.traceability(by: actor).genealogy(of: serial) }
        }
        api.get("forward/:lot") { _, context -> ForwardTrace in
            let actor = try context.requireActor()
            let lot = try context.parameters.require("lot")
            return try await service.read { engine throws(MESError) in try engine.traceability(by: actor).forward(from: lot) }
        }
        api.get("backward/:serial") { _, context -> BackwardTrace in
            let actor = try context.requireActor()
            let serial = try context.parameters.require("serial")
            return try await service.read { engine throws(MESError) in try engine.traceability(by: actor).backward(from: serial) }
        }
        api.get("audit-trail/:entityId") { request, context -> [AuditRecord] in
            let actor = try context.requireActor()
            let id = try context.parameters.require("entityId")
            let kindText = request.uri.queryParameters.get("kind") ?? "workOrder"
            guard let kind = EntityReference.Kind(rawValue: kindText) else {
                throw APIError(.badRequest, "kind must be one of \(EntityReference.Kind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(kindText)'")
            }
            return try await service.auditTrail(of: EntityReference(kind, id), by: actor)
        }
    }
}

extension GenealogyNode: ResponseEncodable {}
extension ForwardTrace: ResponseEncodable {}
extension BackwardTrace: ResponseEncodable {}
extension AuditRecord: ResponseEncodable {}
