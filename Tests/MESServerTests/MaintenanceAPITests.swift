import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import MESCore
import MESSampleData
import Testing

@testable import MESServer

/// Maintenance orders over real HTTP, as a maintenance technician keeps the machines: schedule,
/// list and filter, start (refused while the machine runs a job), complete with the technician's
/// password as an electronic signature; the refusals as problem details.
@Suite("HTTP API: maintenance orders")
struct MaintenanceAPITests: APITestCase {
    @Test("schedule → list by status and asset → start → complete signed; the machine leaves Maintenance; 400, 401, 403, 404, 409")
    func story() async throws {
        let configuration = try setUp()
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            try await addUser(client, admin: admin, "tech-1", .maintenanceTechnician)
            try await addUser(client, admin: admin, "op-1", .operator)
            let technician = try await login(client, "tech-1", "long enough secret")
            let worker = try await login(client, "op-1", "long enough secret")

            var scheduled: [String] = []
            for (asset, description) in [("LATHE-1", "spindle vibration above limit"), ("MILL-1", "coolant leak")] {
                let response = try await client.execute(uri: "/api/v1/maintenance", method: .post, headers: technician,
                                                        body: json(["assetId": asset, "kind": "corrective", "description": description]))
                #expect(response.status == .created, "schedule on \(asset)")
                let order = try object(response)
                let id = try #require(order["id"] as? String)
                #expect(order["status"] as? String == "Scheduled" && order["kind"] as? String == "corrective")
                #expect((order["asset"] as? [String: Any])?["id"] as? String == asset)
                #expect(response.headers[.location] == "/api/v1/maintenance/\(id)")
                scheduled.append(id)
            }
            let (lathe, mill) = (scheduled[0], scheduled[1])

            // The list, its filters and its paging; an Operator reads it (Equipment R).
            func ids(_ query: String, _ headers: HTTPFields) async throws -> [String] {
                let response = try await client.execute(uri: "/api/v1/maintenance\(query)", method: .get, headers: headers)
                #expect(response.status == .ok, "\(query)")
                return try array(response).compactMap { $0["id"] as? String }
            }
            #expect(try await ids("", worker) == [lathe, mill])
            #expect(try await ids("?sort=-id", technician) == [mill, lathe])
            #expect(try await ids("?status=Scheduled", technician) == [lathe, mill])
            #expect(try await ids("?status=InProgress", technician).isEmpty)
            #expect(try await ids("?asset=MILL-1", technician) == [mill])
            #expect(try await ids("?asset=LATHE-1&status=Scheduled", technician) == [lathe])
            #expect(try await ids("?asset=BENCH-1", technician).isEmpty)
            let firstPage = try await client.execute(uri: "/api/v1/maintenance?limit=1", method: .get, headers: technician)
            #expect(try array(firstPage).count == 1 && firstPage.headers[HTTPField.Name("X-Total-Count")!] == "2" && firstPage.headers[HTTPField.Name("Link")!] != nil)
            for (query, parameter) in [("status=Sleeping", "status"), ("sort=colour", "sort"), ("limit=0", "limit")] {
                let refused = try await client.execute(uri: "/api/v1/maintenance?\(query)", method: .get, headers: technician)
                #expect(try refused.status == .badRequest && (try object(refused)["parameter"] as? String) == parameter, "\(query)")
            }

            // One order; an unknown one is 404 to every route.
            let one = try await client.execute(uri: "/api/v1/maintenance/\(lathe)", method: .get, headers: worker)
            #expect(try one.status == .ok && (try object(one)["description"] as? String) == "spindle vibration above limit")
            for (uri, method, body) in [("/api/v1/maintenance/MO-1999-999999", HTTPRequest.Method.get, nil),
                                        ("/api/v1/maintenance/MO-1999-999999/start", .post, nil),
                                        ("/api/v1/maintenance/MO-1999-999999/complete", .post, try json(["password": "long enough secret"]))] {
                let missing = try await client.execute(uri: uri, method: method, headers: technician, body: body)
                #expect(missing.status == .notFound && missing.headers[.contentType] == "application/problem+json", "\(method) \(uri): \(missing.status)")
            }

            // Not started yet: completing is an illegal transition. An Operator may not start it.
            let early = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: technician,
                                                 body: json(["password": "long enough secret"]))
            #expect(early.status == .conflict && early.headers[.contentType] == "application/problem+json")
            let forbidden = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/start", method: .post, headers: worker)
            #expect(forbidden.status == .forbidden && forbidden.headers[.contentType] == "application/problem+json")

            // A machine running an operation is not taken into maintenance until the operation completes.
            let workOrder = try #require(try object(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                                        body: json(["partNumber": SampleShop.blade, "quantity": 1])))["id"] as? String)
            let serial = try #require((try object(try await client.execute(uri: "/api/v1/workorders/\(workOrder)/release", method: .post, headers: admin))["serials"]
                as? [String])?.first)
            #expect(try await client.execute(uri: "/api/v1/workorders/\(workOrder)/operations/10/start", method: .post, headers: worker,
                                             body: json(["serial": serial, "equipmentId": "LATHE-1", "operatorId": "op-1"])).status == .ok)
            let busy = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/start", method: .post, headers: technician)
            #expect(try busy.status == .conflict && (try object(busy)["detail"] as? String ?? "").contains("running operation"))
            #expect(try await client.execute(uri: "/api/v1/workorders/\(workOrder)/operations/10/complete", method: .post, headers: worker,
                                             body: json(["serial": serial])).status == .ok)

            // Started: the order is in progress and the machine in Maintenance, locked out; it starts once.
            let started = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/start", method: .post, headers: technician)
            #expect(started.status == .ok)
            let inProgress = try object(started)
            #expect(inProgress["status"] as? String == "InProgress" && inProgress["startedAt"] != nil && inProgress["completedAt"] == nil)
            let down = try object(try await client.execute(uri: "/api/v1/equipment/LATHE-1/status", method: .get, headers: technician))
            #expect(down["state"] as? String == "Maintenance" && down["lockout"] != nil)
            #expect(try await client.execute(uri: "/api/v1/maintenance/\(lathe)/start", method: .post, headers: technician).status == .conflict)
            #expect(try await ids("?status=InProgress", worker) == [lathe])

            // The completion is signed: a wrong password does not sign (401, pointing at it), an
            // Operator's own password signs nothing the matrix does not let them do (403).
            let wrong = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: technician,
                                                 body: json(["password": "not my password"]))
            #expect(try wrong.status == .unauthorized && (try object(wrong)["pointer"] as? String) == "/password")
            #expect(try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: worker,
                                             body: json(["password": "long enough secret"])).status == .forbidden)
            let missingPassword = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: technician, body: json([:]))
            #expect(try missingPassword.status == .badRequest && (try object(missingPassword)["pointer"] as? String) == "/password")
            let completed = try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: technician,
                                                     body: json(["password": "long enough secret"]))
            #expect(completed.status == .ok)
            let done = try object(completed)
            #expect(done["status"] as? String == "Completed" && done["completedBy"] as? String == "tech-1" && done["completedAt"] != nil)
            let signature = try #require(done["signature"] as? [String: Any])
            #expect(signature["signerId"] as? String == "tech-1" && signature["meaning"] as? String == "responsibility" && signature["time"] as? String == done["completedAt"] as? String)
            let back = try object(try await client.execute(uri: "/api/v1/equipment/LATHE-1/status", method: .get, headers: technician))
            #expect(back["state"] as? String == "Idle" && back["lockout"] == nil)
            #expect(try await client.execute(uri: "/api/v1/maintenance/\(lathe)/complete", method: .post, headers: technician,
                                             body: json(["password": "long enough secret"])).status == .conflict)
            #expect(try await ids("?status=Completed", worker) == [lathe])
            #expect(try await ids("?status=Scheduled&asset=MILL-1", worker) == [mill])
        }
    }
}
