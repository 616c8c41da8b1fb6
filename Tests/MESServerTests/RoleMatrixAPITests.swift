import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESSampleData
import MESStore
import Testing

@testable import MESServer

/// The §5.2 permission matrix over real HTTP, cell by cell: every role × resource × action is
/// tried through an endpoint that needs exactly that permission, on a fixture of its own, and
/// must succeed with the endpoint's status where the matrix allows and be refused with 403 where
/// it does not.
@Suite("HTTP API: the §5.2 role matrix, exhaustively")
struct RoleMatrixAPITests: APITestCase {
    /// The matrix as written in the architecture (§5.2), columns in its order; transcribed here
    /// rather than read from the core, so the test checks the core against the document.
    static let columns: [Role] = [
        .systemAdministrator, .plantManager, .productionSupervisor, .productionPlanner, .operator, .qualityEngineer, .qualityInspector,
        .maintenanceTechnician,
    ]
    static let document: [(ProtectedResource, [String])] = [
        (.workOrders, ["CRUD", "RU", "RU", "CRUD", "RU", "R", "R", "R"]),
        (.qualityData, ["CRUD", "RU", "R", "R", "CRU", "CRUD", "CRUD", "R"]),
        (.materials, ["CRUD", "RU", "RU", "RU", "RU", "R", "R", "R"]),
        (.equipment, ["CRUD", "RU", "RU", "R", "R", "R", "R", "CRUD"]),
    ]

    /// Per role (by column): the entities its probes act on, so no probe depends on another.
    struct Fixture {
        var orderToRead = ""
        var releasedOrder = ""
        var serial = ""
        var ordersToUpdate: [String] = []
        var ordersToDelete: [String] = []
        var inspectionsToUpdate: [String] = []
        var inspectionsToDelete: [String] = []
    }

    /// Builds the fixtures in the core directly (they are set-up, not what is under test).
    func prepare(_ configuration: APIServer.Configuration) throws -> Fixture {
        let engine = try MESEngine(store: SQLiteJournalStore(path: configuration.databasePath))
        var time = Date().addingTimeInterval(-2_000)
        func run(_ command: Command, by actor: Actor? = nil) throws -> [DomainEvent] {
            time = time.addingTimeInterval(1)
            return try engine.execute(command, by: actor ?? setupActor, at: time)
        }
        func newOrder() throws -> String {
            _ = try run(.createWorkOrder(CreateWorkOrder(partNumber: SampleShop.blade, quantity: 1)))
            return try #require(engine.state.newestWorkOrder)
        }
        var fixture = Fixture()
        fixture.orderToRead = try newOrder()
        fixture.releasedOrder = try newOrder()
        _ = try run(.releaseWorkOrder(id: fixture.releasedOrder))
        fixture.serial = try #require(engine.state.workOrders[fixture.releasedOrder]?.serials.first)
        let operatorActor = Actor(id: "op-1", name: "Olu Operator", roles: [.operator])
        for operation in [10, 20, 30] {
            _ = try run(.startOperation(StartOperation(workOrderId: fixture.releasedOrder, serial: fixture.serial, operationNumber: operation,
                                                       equipmentId: SampleShop.equipmentFor[SampleShop.blade]![operation]!, operatorId: "op-1")), by: operatorActor)
            if operation < 30 {
                _ = try run(.completeOperation(CompleteOperation(workOrderId: fixture.releasedOrder, serial: fixture.serial, operationNumber: operation)),
                            by: operatorActor)
            }
        }
        for index in Self.columns.indices {
            fixture.ordersToUpdate.append(try newOrder())
            fixture.ordersToDelete.append(try newOrder())
            for keep in [true, false] {
                let events = try run(.createInspection(serial: fixture.serial, planId: "IP-BLADE-30"))
                let id = try #require(events.lazy.compactMap { if case .inspectionCreated(let i) = $0 { i.id } else { nil } }.first)
                if keep { fixture.inspectionsToUpdate.append(id) } else { fixture.inspectionsToDelete.append(id) }
            }
            _ = try run(.receiveLot(MaterialLot(lotCode: "L-DEL-\(index)", material: "IN718-BAR", heatNumber: "H-D\(index)", supplier: "Special Metals",
                                                quantity: 10, unit: "kg")))
            _ = try run(.registerEquipment(Equipment(id: "SPARE-\(index)", equipmentClass: "lathe", workCenter: "TURN")))
        }
        return fixture
    }

    /// The request that needs exactly `action` on `resource`, for the role in `column`, and the
    /// status it answers when allowed.
    func probe(_ resource: ProtectedResource, _ action: AccessAction, column: Int, _ fixture: Fixture) throws
        -> (uri: String, method: HTTPRequest.Method, body: ByteBuffer?, success: HTTPResponse.Status)
    {
        switch (resource, action) {
        case (.workOrders, .create):
            (uri: "/api/v1/workorders", method: .post, body: try json(["partNumber": SampleShop.blade, "quantity": 1]), success: .created)
        case (.workOrders, .read): ("/api/v1/workorders/\(fixture.orderToRead)", .get, nil, .ok)
        case (.workOrders, .update): ("/api/v1/workorders/\(fixture.ordersToUpdate[column])", .put, try json(["priority": "High"]), .ok)
        case (.workOrders, .delete): ("/api/v1/workorders/\(fixture.ordersToDelete[column])", .delete, nil, .noContent)
        case (.qualityData, .create):
            ("/api/v1/ncrs", .post, try json(["subject": ["kind": "serial", "id": fixture.serial], "description": "probe \(column)"]), .created)
        case (.qualityData, .read): ("/api/v1/ncrs", .get, nil, .ok)
        case (.qualityData, .update): ("/api/v1/inspections/\(fixture.inspectionsToUpdate[column])", .put, try json(["notes": "probe \(column)"]), .ok)
        case (.qualityData, .delete): ("/api/v1/inspections/\(fixture.inspectionsToDelete[column])", .delete, nil, .noContent)
        case (.materials, .create):
            ("/api/v1/lots", .post, try json(["lotCode": "L-NEW-\(column)", "material": "IN718-BAR", "heatNumber": "H-N\(column)", "supplier": "Haynes",
                                              "quantity": 5, "unit": "kg"]), .created)
        case (.materials, .read): ("/api/v1/inventory", .get, nil, .ok)
        case (.materials, .update):
            ("/api/v1/allocations", .post, try json(["lotCode": "L-IN718-002", "workOrderId": fixture.releasedOrder, "quantity": 0.5]), .created)
        case (.materials, .delete): ("/api/v1/lots/L-DEL-\(column)", .delete, nil, .noContent)
        case (.equipment, .create):
            ("/api/v1/maintenance", .post, try json(["assetId": "LATHE-2", "kind": "corrective", "description": "probe \(column)"]), .created)
        case (.equipment, .read): ("/api/v1/equipment", .get, nil, .ok)
        case (.equipment, .update):
            ("/api/v1/operators/op-2/certify", .post, try json(["skill": "SKILL-\(column)", "issued": "2026-01-01T00:00:00Z", "expires": "2027-01-01T00:00:00Z"]),
             .created)
        case (.equipment, .delete): ("/api/v1/equipment/SPARE-\(column)", .delete, nil, .noContent)
        }
    }

    @Test("8 roles × 4 resources × CRUD: allowed cells succeed, denied cells are 403 problem details")
    func everyCell() async throws {
        let configuration = try setUp()
        let fixture = try prepare(configuration)
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            var tried = 0, allowed = 0
            for (column, role) in Self.columns.enumerated() {
                let username = "user-\(column)"
                if role != .systemAdministrator { try await addUser(client, admin: admin, username, role) }
                let headers = role == .systemAdministrator ? admin : try await login(client, username, "long enough secret")
                for (resource, row) in Self.document {
                    for action in AccessAction.allCases {
                        let expected = row[column].contains(action.rawValue)
                        #expect(PermissionMatrix.allows(role, action, on: resource) == expected, "core matrix: \(role.rawValue) \(action.rawValue) \(resource.rawValue)")
                        let (uri, method, body, success) = try probe(resource, action, column: column, fixture)
                        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
                        let cell = "\(role.rawValue) \(action.rawValue) \(resource.rawValue): \(method) \(uri) → \(response.status.code) \(String(buffer: response.body).prefix(200))"
                        if expected {
                            #expect(response.status == success, "\(cell)")
                            allowed += 1
                        } else {
                            #expect(response.status == .forbidden && response.headers[.contentType] == "application/problem+json", "\(cell)")
                        }
                        tried += 1
                    }
                }
                // User and role administration: System Administrators only.
                let users = try await client.execute(uri: "/api/v1/users", method: .get, headers: headers)
                #expect(users.status == (role == .systemAdministrator ? .ok : .forbidden), "\(role.rawValue) lists users")
                let policy = try await client.execute(uri: "/api/v1/roles/Operator", method: .put, headers: headers, body: try json(["requiresMFA": false]))
                #expect(policy.status == (role == .systemAdministrator ? .ok : .forbidden), "\(role.rawValue) marks a role")
            }
            #expect(tried == 128)
            #expect(allowed == Self.document.map { $0.1.map(\.count).reduce(0, +) }.reduce(0, +))
        }
    }
}
