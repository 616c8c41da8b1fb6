import Foundation
import MESCore
import MESStore
import Testing

/// The §5.2 permission matrix, checked cell by cell against the architecture's own table by
/// running a real command (or query) of each kind as each role.
@Suite("Roles: the §5.2 permission matrix")
struct RoleMatrixTests {
    /// Transcribed from `shared/seed/mes-architecture.md` §5.2, column order Admin, Manager,
    /// Supervisor, Planner, Operator, QE, QI, Maintenance.
    static let specification: [ProtectedResource: [String]] = [
        .workOrders: ["CRUD", "RU", "RU", "CRUD", "RU", "R", "R", "R"],
        .qualityData: ["CRUD", "RU", "R", "R", "CRU", "CRUD", "CRUD", "R"],
        .materials: ["CRUD", "RU", "RU", "RU", "RU", "R", "R", "R"],
        .equipment: ["CRUD", "RU", "RU", "R", "R", "R", "R", "CRUD"],
    ]
    static let roles: [Role] = [
        .systemAdministrator, .plantManager, .productionSupervisor, .productionPlanner, .operator, .qualityEngineer, .qualityInspector,
        .maintenanceTechnician,
    ]

    /// Performs `action` on `resource` as `actor` against a fresh plant.
    static func perform(_ action: AccessAction, on resource: ProtectedResource, as actor: Actor) throws {
        let engine = try Fixture.engine()
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 2)), by: Fixture.admin, at: Fixture.day(1))
        let order = engine.state.workOrders.keys.first!
        let t = Fixture.day(2)
        switch (resource, action) {
        case (.workOrders, .create): try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: Fixture.blade, quantity: 1)), by: actor, at: t)
        case (.workOrders, .read): _ = try engine.workOrder(order, by: actor)
        case (.workOrders, .update): try engine.execute(.updateWorkOrder(UpdateWorkOrder(id: order, priority: .critical)), by: actor, at: t)
        case (.workOrders, .delete): try engine.execute(.deleteWorkOrder(id: order), by: actor, at: t)
        case (.materials, .create):
            try engine.execute(.receiveLot(MaterialLot(lotCode: "L-NEW", material: "IN718-BAR", heatNumber: "H-1", supplier: "S", quantity: 5, unit: "kg")),
                               by: actor, at: t)
        case (.materials, .read): _ = try engine.inventory(by: actor)
        case (.materials, .update): try engine.execute(.splitLot(parentLot: "L-IN718-002", newLot: "L-IN718-002-A", quantity: 5), by: actor, at: t)
        case (.materials, .delete): try engine.execute(.deleteLot(lotCode: "L-IN718-002"), by: actor, at: t)
        case (.equipment, .create): try engine.execute(.registerEquipment(Equipment(id: "EDM-1", equipmentClass: "edm", workCenter: "EDM")), by: actor, at: t)
        case (.equipment, .read): _ = try engine.equipment("MILL-1", by: actor)
        case (.equipment, .update): try engine.execute(.setEquipmentState(equipmentId: "MILL-1", state: .held), by: actor, at: t)
        case (.equipment, .delete): try engine.execute(.deleteEquipment(equipmentId: "LATHE-2"), by: actor, at: t)
        case (.qualityData, .create): try engine.execute(.openNonConformance(subject: EntityReference(.lot, "L-IN718-002"), description: "pitting"), by: actor, at: t)
        case (.qualityData, .update): try engine.execute(.quarantineLot(lotCode: "L-IN718-002", reason: "suspect"), by: actor, at: t)
        case (.qualityData, .read), (.qualityData, .delete): try MESCore.authorize(actor, action, on: .qualityData)
        }
    }

    @Test("every role × resource × action is allowed exactly when the matrix says so", arguments: roles)
    func matrix(_ role: Role) throws {
        let column = Self.roles.firstIndex(of: role)!
        let actor = Actor(id: "user-\(column)", name: role.rawValue, roles: [role])
        for resource in ProtectedResource.allCases {
            for action in AccessAction.allCases {
                let expected = Self.specification[resource]![column].contains(action.rawValue)
                let error = mesError { try Self.perform(action, on: resource, as: actor) }
                if expected {
                    #expect(error == nil, "\(role.rawValue) \(action) \(resource.rawValue): refused with \(String(describing: error))")
                } else {
                    #expect(error == .forbidden(actor: actor.id, action: action, resource: resource), "\(role.rawValue) \(action) \(resource.rawValue): \(String(describing: error))")
                    #expect(error?.httpStatus == 403)
                }
            }
        }
    }

    @Test("a refused actor leaves the state unchanged and the refusal in the audit trail")
    func refusalIsAudited() throws {
        let engine = try Fixture.engine()
        let before = engine.state
        let inspector = Actor(id: "qi-1", name: "Quinn Inspector", roles: [.qualityInspector])
        #expect(mesError { try engine.execute(.deleteLot(lotCode: "L-IN718-002"), by: inspector, at: Fixture.day(1)) }?.httpStatus == 403)
        #expect(engine.state == before)
        let trail = try engine.auditTrail(of: EntityReference(.lot, "L-IN718-002"), by: Fixture.admin)
        #expect(trail.map(\.action) == [.created, .refused])
        #expect(trail.last?.reason == "qi-1 may not delete Materials")
    }
}
