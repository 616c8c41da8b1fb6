import Foundation
import Hummingbird
import MESCore

/// §4.1 work orders: handlers translate HTTP into core commands and the core's answers back.
struct WorkOrderRoutes {
    let service: MESService

    struct OperationView: Codable {
        let serial: String
        let operationNumber: Int
        let description: String
        let workCenter: String
        let kind: String
        let status: String
        let equipmentId: String?
        let operatorId: String?
        let startedAt: Date?
        let completedAt: Date?
        let scrapReason: String?
        /// The certification the operator must hold, if the routing asks for one.
        let requiredCertification: String?
        /// The inspection plan the routing attaches to this operation, if any: what the
        /// operator opens an inspection against.
        let inspectionPlan: String?
    }

    /// §4.1's WorkOrder, with the serials' operations.
    struct WorkOrderView: Codable, ResponseEncodable {
        let id: String
        let partNumber: String
        let revision: String
        let quantity: Int
        let priority: String
        let targetDate: String?
        let customerOrder: String?
        let status: String
        let createdAt: Date
        let releasedAt: Date?
        let completedAt: Date?
        let serials: [String]
        let operations: [OperationView]

        init(_ order: WorkOrder, in state: MESState) {
            id = order.id
            partNumber = order.partNumber
            revision = order.revision
            quantity = order.quantity
            priority = order.priority.rawValue
            targetDate = order.targetDate
            customerOrder = order.customerOrder
            status = order.status.rawValue
            createdAt = order.createdAt
            releasedAt = order.releasedAt
            completedAt = order.completedAt
            serials = order.serials
            operations = order.serials.compactMap { state.serials[$0] }.flatMap { unit in
                unit.operations.map { OperationView(unit.serial, $0, in: state, unit: unit) }
            }
        }
    }

    struct StartRequest: Codable {
        let serial: String
        let equipmentId: String
        let operatorId: String
        let toolIds: [String]?
    }

    struct CompleteRequest: Codable {
        let serial: String
        let scrapReason: String?
    }

    func register(on group: RouterGroup<MESRequestContext>) {
        group.get { request, context -> Response in
            let actor = try context.requireActor()
            let query = try ListQuery(request, Self.listing)
            let status = try request.uri.queryParameters.get("status").map { text in
                guard let status = WorkOrder.Status(rawValue: text) else {
                    throw APIError(.badRequest, "query parameter 'status' must be one of \(WorkOrder.Status.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'",
                                   parameter: "status")
                }
                return status
            }
            let part = request.uri.queryParameters.get("partNumber")
            let created = try DateWindow(request)
            let (orders, state) = try await service.read { engine throws(MESError) in (try engine.workOrders(by: actor), engine.state) }
            let chosen = orders.filter { (status == nil || $0.status == status) && (part == nil || $0.partNumber == part) && created.contains($0.createdAt) }
            return try query.response(chosen, Self.listing, as: { WorkOrderView($0, in: state) }, request: request, context: context)
        }
        group.get(":id") { _, context -> WorkOrderView in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let (order, state) = try await service.read { engine throws(MESError) in (try engine.workOrder(id, by: actor), engine.state) }
            return WorkOrderView(order, in: state)
        }
        group.post { request, context -> EditedResponse<WorkOrderView> in
            let actor = try context.requireActor()
            let body = try await decode(CreateRequest.self, request, context)
            let events = try await service.execute(.createWorkOrder(CreateWorkOrder(partNumber: body.partNumber, revision: body.revision, quantity: body.quantity,
                                                                                    priority: body.priority ?? .normal, targetDate: body.targetDate,
                                                                                    customerOrder: body.customerOrder)), by: actor)
            // This request's order, from its own events (another request may have created a newer one since).
            let id = try recorded("work order", in: events) { if case .workOrderCreated(let order) = $0 { order.id } else { nil } }
            let state = await service.state
            guard let order = state.workOrders[id] else { throw APIError(.notFound, "work order '\(id)' was deleted meanwhile") }
            return EditedResponse(status: .created, headers: [.location: "/api/v1/workorders/\(id)"], response: WorkOrderView(order, in: state))
        }
        group.put(":id") { request, context -> WorkOrderView in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let body = try await decode(UpdateFields.self, request, context)
            try await service.execute(.updateWorkOrder(UpdateWorkOrder(id: id, quantity: body.quantity, priority: body.priority, targetDate: body.targetDate,
                                                                        customerOrder: body.customerOrder)), by: actor)
            return try await view(id)
        }
        group.delete(":id") { _, context -> Response in
            let actor = try context.requireActor()
            try await service.execute(.deleteWorkOrder(id: try context.parameters.require("id")), by: actor)
            return Response(status: .noContent)
        }
        group.post(":id/release") { _, context -> WorkOrderView in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            try await service.execute(.releaseWorkOrder(id: id), by: actor)
            return try await view(id)
        }
        group.post(":id/operations/:opId/start") { request, context -> OperationView in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let number = try operationNumber(context)
            let body = try await decode(StartRequest.self, request, context)
            try await service.execute(.startOperation(StartOperation(workOrderId: id, serial: body.serial, operationNumber: number, equipmentId: body.equipmentId,
                                                                     operatorId: body.operatorId, toolIds: body.toolIds ?? [])), by: actor)
            return try await operation(body.serial, number)
        }
        group.post(":id/operations/:opId/complete") { request, context -> OperationView in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let number = try operationNumber(context)
            let body = try await decode(CompleteRequest.self, request, context)
            try await service.execute(.completeOperation(CompleteOperation(workOrderId: id, serial: body.serial, operationNumber: number, scrapReason: body.scrapReason)),
                                      by: actor)
            return try await operation(body.serial, number)
        }
    }

    /// Work orders sort by creation (the default), id, due date, priority or status.
    /// (Sorted and paged as orders; only the page's orders become views with their operations.)
    static let listing = ListDefinition<WorkOrder>(sortFields: [
        "createdAt": { .date($0.createdAt) }, "id": { .text($0.id) }, "targetDate": { $0.targetDate.map(SortValue.text) ?? .missing },
        "priority": { order in .number(Double(WorkOrder.Priority.allCases.firstIndex(of: order.priority) ?? 0)) }, "status": { .text($0.status.rawValue) },
        "partNumber": { .text($0.partNumber) },
    ], id: \.id)

    /// §4.1's CreateWorkOrderRequest; priority Normal and the highest revision when omitted.
    struct CreateRequest: Codable {
        let partNumber: String
        let revision: String?
        let quantity: Int
        let priority: WorkOrder.Priority?
        let targetDate: String?
        let customerOrder: String?
    }

    struct UpdateFields: Codable {
        let quantity: Int?
        let priority: WorkOrder.Priority?
        let targetDate: String?
        let customerOrder: String?
    }

    func operationNumber(_ context: MESRequestContext) throws -> Int {
        let text = try context.parameters.require("opId")
        guard let number = Int(text) else { throw APIError(.badRequest, "the operation in the path must be a number, got '\(text)'") }
        return number
    }

    func view(_ id: String) async throws -> WorkOrderView {
        let state = await service.state
        guard let order = state.workOrders[id] else { throw APIError(.notFound, "no work order '\(id)'") }
        return WorkOrderView(order, in: state)
    }

    func operation(_ serial: String, _ number: Int) async throws -> OperationView {
        let state = await service.state
        guard let unit = state.serials[serial], let record = unit.operations.first(where: { $0.number == number }) else {
            throw APIError(.notFound, "no operation \(serial)/\(number)")
        }
        return OperationView(serial, record, in: state, unit: unit)
    }
}

extension WorkOrderRoutes.OperationView: ResponseEncodable {
    init(_ serial: String, _ operation: OperationRecord, in state: MESState, unit: SerialUnit) {
        // Only routing operations carry the routing's plan; rework and repair steps have none.
        let plan = operation.kind == .routing
            ? state.parts[Part.key(unit.partNumber, unit.revision)]?.routing.first { $0.number == operation.number }?.inspectionPlan : nil
        self.init(serial: serial, operationNumber: operation.number, description: operation.description, workCenter: operation.workCenter,
                  kind: operation.kind.rawValue, status: operation.status.rawValue, equipmentId: operation.equipmentId, operatorId: operation.operatorId,
                  startedAt: operation.startedAt, completedAt: operation.completedAt, scrapReason: operation.scrapReason,
                  requiredCertification: operation.requiredCertification, inspectionPlan: plan)
    }
}
