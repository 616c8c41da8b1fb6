import Foundation
import Hummingbird
import MESCore

/// §4.5 maintenance orders over HTTP: scheduling, the list and one order, starting and the
/// signed completion. Whoever keeps the machines (a maintenance technician, or a trainee when
/// `mes train --trainees-do maintenance` leaves it to people) needs all of them; the core decides
/// who may (§5.2 Equipment) and when (an order starts once, a machine running a job is not taken).
struct MaintenanceRoutes {
    let service: MESService
    let signing: ElectronicSigning

    struct MaintenanceRequest: Codable {
        let assetId: String
        let kind: MaintenanceOrder.Kind
        let description: String
    }

    /// Completing an order signs it: the technician's password again, meaning responsibility.
    struct Completion: Codable {
        let password: String
    }

    /// Orders sort by creation (the default), id or status.
    static let orders = ListDefinition<MaintenanceOrder>(sortFields: [
        "createdAt": { .date($0.createdAt) }, "id": { .text($0.id) }, "status": { .text($0.status.rawValue) },
    ], id: \.id)

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("maintenance") { request, context -> Response in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            let query = try ListQuery(request, Self.orders)
            let status = try request.uri.queryParameters.get("status").map { text in
                guard let status = MaintenanceOrder.Status(rawValue: text) else {
                    throw APIError(.badRequest, "query parameter 'status' must be one of \(MaintenanceOrder.Status.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'",
                                   parameter: "status")
                }
                return status
            }
            let asset = request.uri.queryParameters.get("asset")
            let chosen = await service.state.maintenanceOrders.values.filter { (status == nil || $0.status == status) && (asset == nil || $0.asset.id == asset) }
            return try query.response(Array(chosen), Self.orders, request: request, context: context)
        }
        api.post("maintenance") { request, context -> EditedResponse<MaintenanceOrder> in
            let actor = try context.requireActor()
            let body = try await decode(MaintenanceRequest.self, request, context)
            let events = try await service.execute(.scheduleMaintenance(assetId: body.assetId, kind: body.kind, description: body.description), by: actor)
            let order = try recorded("maintenance order", in: events) { if case .maintenanceScheduled(let o) = $0 { o } else { nil } }
            return EditedResponse(status: .created, headers: [.location: "/api/v1/maintenance/\(order.id)"], response: order)
        }
        api.get("maintenance/:id") { _, context -> MaintenanceOrder in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            return try await order(try context.parameters.require("id"))
        }
        api.post("maintenance/:id/start") { _, context -> MaintenanceOrder in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            try await service.execute(.startMaintenance(orderId: id), by: actor)
            return try await order(id)
        }
        api.post("maintenance/:id/complete") { request, context -> MaintenanceOrder in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let body = try await decode(Completion.self, request, context)
            let signer = try await signing.sign(actor, password: body.password, meaning: .responsibility)
            try await service.execute(by: actor) { time in .completeMaintenance(orderId: id, signature: signer.signature(at: time)) }
            return try await order(id)
        }
    }

    func order(_ id: String) async throws -> MaintenanceOrder {
        guard let order = await service.state.maintenanceOrders[id] else { throw APIError(.notFound, "no maintenance order '\(id)'") }
        return order
    }
}

extension MaintenanceOrder: ResponseEncodable {}
