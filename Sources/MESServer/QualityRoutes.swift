import Foundation
import Hummingbird
import MESCore

/// §4.2 quality: inspections and their results, NCRs through review, disposition and closure,
/// certificates of conformance. A signature (review, disposition, closure, certificate) asks
/// the signer for their password again, as 21 CFR Part 11 expects of an e-signature.
struct QualityRoutes {
    let service: MESService
    let signing: ElectronicSigning

    struct CreateInspection: Codable {
        let serial: String
        let planId: String
    }

    struct UpdateInspection: Codable {
        let inspectorId: String?
        let notes: String?
    }

    struct Results: Codable {
        let measurements: [MeasuredValue]
    }

    struct CreateNCR: Codable {
        let subject: EntityReference
        let description: String
    }

    struct SignedSerial: Codable {
        let serial: String
        let password: String
    }

    struct Signed: Codable {
        let password: String
        let disposition: NonConformance.Disposition?
        let customerApproval: String?
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("inspections") { request, context -> Response in
            let actor = try context.requireActor()
            try authorize(actor, .read, .qualityData)
            let query = try ListQuery(request, Self.inspections)
            let parameters = request.uri.queryParameters
            let serial = parameters.get("serial"), workOrder = parameters.get("workOrderId"), status = parameters.get("status"), plan = parameters.get("planId")
            let created = try DateWindow(request)
            let chosen = await service.state.inspections.values.filter {
                (serial == nil || $0.serial == serial) && (workOrder == nil || $0.workOrderId == workOrder) && (status == nil || $0.status.rawValue == status)
                    && (plan == nil || $0.planId == plan) && created.contains($0.createdAt)
            }
            return try query.response(Array(chosen), Self.inspections, request: request, context: context)
        }
        api.delete("inspections/:id") { _, context -> Response in
            let actor = try context.requireActor()
            try await service.execute(.deleteInspection(inspectionId: try context.parameters.require("id")), by: actor)
            return Response(status: .noContent)
        }
        api.post("inspections") { request, context -> EditedResponse<Inspection> in
            let actor = try context.requireActor()
            let body = try await decode(CreateInspection.self, request, context)
            let events = try await service.execute(.createInspection(serial: body.serial, planId: body.planId), by: actor)
            let inspection = try recorded("inspection", in: events) { if case .inspectionCreated(let i) = $0 { i } else { nil } }
            return EditedResponse(status: .created, headers: [.location: "/api/v1/inspections/\(inspection.id)"], response: inspection)
        }
        api.put("inspections/:id") { request, context -> Inspection in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let body = try await decode(UpdateInspection.self, request, context)
            try await service.execute(.updateInspection(inspectionId: id, inspectorId: body.inspectorId, notes: body.notes), by: actor)
            return try await inspection(id)
        }
        api.post("inspections/:id/results") { request, context -> Inspection in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let body = try await decode(Results.self, request, context)
            try await service.execute(.recordResults(inspectionId: id, measurements: body.measurements), by: actor)
            return try await inspection(id)
        }
        api.get("ncrs") { request, context -> Response in
            let actor = try context.requireActor()
            try authorize(actor, .read, .qualityData)
            let query = try ListQuery(request, Self.nonConformances)
            let status = request.uri.queryParameters.get("status"), subject = request.uri.queryParameters.get("subject")
            let opened = try DateWindow(request)
            let chosen = await service.state.nonConformances.values.filter {
                (status == nil || $0.status.rawValue == status) && (subject == nil || $0.subject.id == subject) && opened.contains($0.openedAt)
            }
            return try query.response(Array(chosen), Self.nonConformances, request: request, context: context)
        }
        api.post("ncrs") { request, context -> EditedResponse<NonConformance> in
            let actor = try context.requireActor()
            let body = try await decode(CreateNCR.self, request, context)
            let events = try await service.execute(.openNonConformance(subject: body.subject, description: body.description), by: actor)
            let report = try recorded("NCR", in: events) { if case .nonConformanceOpened(let r) = $0 { r } else { nil } }
            return EditedResponse(status: .created, headers: [.location: "/api/v1/ncrs/\(report.id)"], response: report)
        }
        for (path, meaning) in [("review", ElectronicSignature.Meaning.review), ("disposition", .approval), ("close", .approval)] {
            api.put("ncrs/:id/\(path)") { request, context -> NonConformance in
                let actor = try context.requireActor()
                let id = try context.parameters.require("id")
                let body = try await decode(Signed.self, request, context)
                let signer = try await signing.sign(actor, password: body.password, meaning: meaning)
                let make: @Sendable (ElectronicSignature) -> Command
                switch path {
                case "review": make = { .reviewNonConformance(id: id, signature: $0) }
                case "close": make = { .closeNonConformance(id: id, signature: $0) }
                default:
                    guard let disposition = body.disposition else {
                        throw APIError(.unprocessableContent, "a disposition is one of \(NonConformance.Disposition.allCases.map(\.rawValue).joined(separator: ", "))",
                                       pointer: "/disposition")
                    }
                    let approval = body.customerApproval
                    make = { .dispositionNonConformance(id: id, disposition: disposition, signature: $0, customerApproval: approval) }
                }
                try await service.execute(by: actor) { time in make(signer.signature(at: time)) }
                guard let report = await service.state.nonConformances[id] else { throw APIError(.notFound, "no NCR '\(id)'") }
                return report
            }
        }
        api.post("first-articles/:partNumber/:revision") { request, context -> EditedResponse<FirstArticleStatus> in
            let actor = try context.requireActor()
            let part = try context.parameters.require("partNumber"), revision = try context.parameters.require("revision")
            let body = try await decode(SignedSerial.self, request, context)
            let signer = try await signing.sign(actor, password: body.password, meaning: .approval)
            let serial = body.serial
            try await service.execute(by: actor) { time in
                .completeFirstArticle(partNumber: part, revision: revision, serial: serial, signature: signer.signature(at: time))
            }
            guard let status = await service.state.firstArticles[Part.key(part, revision)] else { throw APIError(.internalServerError, "the first article was not recorded") }
            return EditedResponse(status: .created, response: status)
        }
        api.get("certificates/:woId") { _, context -> CertificateOfConformance in
            let actor = try context.requireActor()
            try authorize(actor, .read, .qualityData)
            let id = try context.parameters.require("woId")
            guard let certificate = await service.state.certificates[id] else {
                throw APIError(.notFound, "no certificate of conformance for '\(id)' yet; a Quality Engineer issues it with POST")
            }
            return certificate
        }
        api.post("certificates/:woId") { request, context -> EditedResponse<CertificateOfConformance> in
            let actor = try context.requireActor()
            let id = try context.parameters.require("woId")
            let body = try await decode(Signed.self, request, context)
            let signer = try await signing.sign(actor, password: body.password, meaning: .approval)
            try await service.execute(by: actor) { time in .issueCertificate(workOrderId: id, signature: signer.signature(at: time)) }
            guard let certificate = await service.state.certificates[id] else { throw APIError(.internalServerError, "the certificate was not recorded") }
            return EditedResponse(status: .created, response: certificate)
        }
    }

    static let inspections = ListDefinition<Inspection>(sortFields: [
        "createdAt": { .date($0.createdAt) }, "id": { .text($0.id) }, "serial": { .text($0.serial) }, "status": { .text($0.status.rawValue) },
    ], id: \.id)

    static let nonConformances = ListDefinition<NonConformance>(sortFields: [
        "openedAt": { .date($0.openedAt) }, "id": { .text($0.id) }, "status": { .text($0.status.rawValue) },
    ], id: \.id)

    func inspection(_ id: String) async throws -> Inspection {
        guard let inspection = await service.state.inspections[id] else { throw APIError(.notFound, "no inspection '\(id)'") }
        return inspection
    }
}

/// The §5.2 read permission, for queries answered from the state.
func authorize(_ actor: Actor, _ action: AccessAction, _ resource: ProtectedResource) throws {
    do { try MESCore.authorize(actor, action, on: resource) } catch { throw APIError.from(error) }
}

extension Inspection: ResponseEncodable {}
extension NonConformance: ResponseEncodable {}
extension CertificateOfConformance: ResponseEncodable {}
extension FirstArticleStatus: ResponseEncodable {}
