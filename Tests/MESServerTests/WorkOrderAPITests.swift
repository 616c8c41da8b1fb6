import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESSampleData
import MESStore
import Testing

@testable import MESServer

/// The API over real HTTP on 127.0.0.1: log in, create and release a work order as a Planner,
/// run an operation as the Operator, with the exact status codes, and each kind of refusal as
/// RFC 9457 problem details.
@Suite("HTTP API: login and work orders")
struct WorkOrderAPITests: APITestCase {
    @Test("planner creates and releases, operator starts and completes; 401, 403, 400, 404, 409 as problem details")
    func story() async throws {
        let configuration = try setUp()
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
            let nowhere = try await client.execute(uri: "/api/v1/nowhere", method: .get)
            #expect(nowhere.status == .notFound && nowhere.headers[.contentType] == "application/problem+json")
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(try ready.status == .ok && (try object(ready)["journalEntries"] as? Int ?? 0) >= 1)
            let admin = try await login(client, "admin", "correct horse battery")
            for (user, role) in [("planner", "Production Planner"), ("op-1", "Operator")] {
                let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                                       body: json(["username": user, "name": user, "roles": [role], "password": "long enough secret"]))
                #expect(created.status == .created, "user \(user)")
            }
            let wrong = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                 body: json(["username": "planner", "password": "not the password"]))
            #expect(wrong.status == .unauthorized && wrong.headers[.contentType] == "application/problem+json")

            let planner = try await login(client, "planner", "long enough secret")
            let operatorHeaders = try await login(client, "op-1", "long enough secret")
            // No token, a forged token: 401.
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: [.authorization: "Bearer abc.def.ghi"]).status == .unauthorized)
            // §4.1's sample request.
            let create = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: planner, body: json([
                "partNumber": "ENG-BLADE-001", "quantity": 2, "priority": "High", "targetDate": "2027-12-31", "customerOrder": "CO-2024-1001",
            ]))
            #expect(create.status == .created)
            let order = try object(create)
            let id = try #require(order["id"] as? String)
            #expect(order["status"] as? String == "Created" && order["quantity"] as? Int == 2 && create.headers[.location] == "/api/v1/workorders/\(id)")
            // An Operator may not create orders: 403.
            let forbidden = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: operatorHeaders,
                                                     body: json(["partNumber": "ENG-BLADE-001", "quantity": 1]))
            #expect(forbidden.status == .forbidden && forbidden.headers[.contentType] == "application/problem+json")
            // Malformed JSON and a wrong type: 400 with a pointer.
            let malformed = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: planner, body: ByteBuffer(string: "{\"partNumber\": "))
            #expect(malformed.status == .badRequest)
            let wrongType = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: planner,
                                                     body: json(["partNumber": "ENG-BLADE-001", "quantity": "two"]))
            #expect(try wrongType.status == .badRequest && (try object(wrongType)["pointer"] as? String) == "/quantity")
            // A validation failure in the core: 422.
            let invalid = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: planner,
                                                   body: json(["partNumber": "ENG-BLADE-001", "quantity": 0]))
            #expect(invalid.status == .unprocessableContent)
            let missing = try await client.execute(uri: "/api/v1/workorders/WO-1999-999999", method: .get, headers: planner)
            #expect(missing.status == .notFound)
            #expect(try object(missing)["title"] as? String == "Not Found" && object(missing)["status"] as? Int == 404)

            let released = try await client.execute(uri: "/api/v1/workorders/\(id)/release", method: .post, headers: planner)
            #expect(released.status == .ok)
            let serial = try #require((try object(released)["serials"] as? [String])?.first)
            #expect(try await client.execute(uri: "/api/v1/workorders/\(id)/release", method: .post, headers: planner).status == .conflict)

            let start = try await client.execute(uri: "/api/v1/workorders/\(id)/operations/10/start", method: .post, headers: operatorHeaders,
                                                 body: json(["serial": serial, "equipmentId": "LATHE-1", "operatorId": "op-1"]))
            #expect(try start.status == .ok && (try object(start)["status"] as? String) == "InProgress")
            let complete = try await client.execute(uri: "/api/v1/workorders/\(id)/operations/10/complete", method: .post, headers: operatorHeaders,
                                                    body: json(["serial": serial]))
            #expect(try complete.status == .ok && (try object(complete)["status"] as? String) == "Completed")
            let listed = try await client.execute(uri: "/api/v1/workorders?status=InProgress", method: .get, headers: operatorHeaders)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]])
            #expect(list.map { $0["id"] as? String } == [id])
            // Logout revokes the token.
            #expect(try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: planner).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: planner).status == .unauthorized)
        }
        // Restart: everything is still there.
        let again = try await APIServer.application(configuration)
        try await again.test(.live) { client in
            let planner = try await login(client, "planner", "long enough secret")
            let listed = try await client.execute(uri: "/api/v1/workorders", method: .get, headers: planner)
            #expect(try array(listed).count == 1)
        }
    }

    @Test("the quality story: operations, an inspection that fails, the NCR reviewed, dispositioned and closed, a passing re-measure, first article, certificate, genealogy")
    func qualityStory() async throws {
        let configuration = try setUp()
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            for (user, role) in [("planner", "Production Planner"), ("op-1", "Operator"), ("qi-1", "Quality Inspector"), ("qe-1", "Quality Engineer")] {
                #expect(try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                                 body: json(["username": user, "name": user, "roles": [role], "password": "long enough secret"])).status == .created)
            }
            let planner = try await login(client, "planner", "long enough secret")
            let worker = try await login(client, "op-1", "long enough secret")
            let inspector = try await login(client, "qi-1", "long enough secret")
            let engineer = try await login(client, "qe-1", "long enough secret")
            let id = try #require(try object(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: planner,
                                                                   body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])))["id"] as? String)
            let serial = try #require((try object(try await client.execute(uri: "/api/v1/workorders/\(id)/release", method: .post, headers: planner))["serials"] as? [String])?.first)
            for (operation, machine) in [(10, "LATHE-1"), (20, "MILL-1"), (30, "CMM-1")] {
                #expect(try await client.execute(uri: "/api/v1/workorders/\(id)/operations/\(operation)/start", method: .post, headers: worker,
                                                 body: json(["serial": serial, "equipmentId": machine, "operatorId": "op-1"])).status == .ok)
                if operation < 30 {
                    #expect(try await client.execute(uri: "/api/v1/workorders/\(id)/operations/\(operation)/complete", method: .post, headers: worker,
                                                     body: json(["serial": serial])).status == .ok)
                }
            }
            func inspect(_ value: Double) async throws -> [String: Any] {
                let created = try await client.execute(uri: "/api/v1/inspections", method: .post, headers: inspector, body: json(["serial": serial, "planId": "IP-BLADE-30"]))
                #expect(created.status == .created)
                let inspection = try #require(try object(created)["id"] as? String)
                let recorded = try await client.execute(uri: "/api/v1/inspections/\(inspection)/results", method: .post, headers: inspector,
                                                        body: json(["measurements": [["characteristicId": "ROOT-W", "value": value]]]))
                #expect(recorded.status == .ok)
                return try object(recorded)
            }
            #expect(try await inspect(10.2)["status"] as? String == "Failed")
            let open = try #require(try JSONSerialization.jsonObject(with: Data(buffer: try await client.execute(uri: "/api/v1/ncrs?status=Open", method: .get,
                                                                                                         headers: engineer).body)) as? [[String: Any]])
            let ncr = try #require(open.first?["id"] as? String)
            #expect(open.count == 1)
            // An Operator cannot disposition; a wrong password does not sign.
            #expect(try await client.execute(uri: "/api/v1/ncrs/\(ncr)/review", method: .put, headers: engineer, body: json(["password": "guess"])).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/ncrs/\(ncr)/review", method: .put, headers: engineer, body: json(["password": "long enough secret"])).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/ncrs/\(ncr)/disposition", method: .put, headers: worker,
                                             body: json(["password": "long enough secret", "disposition": "UseAsIs"])).status == .forbidden)
            let dispositioned = try await client.execute(uri: "/api/v1/ncrs/\(ncr)/disposition", method: .put, headers: engineer,
                                                         body: json(["password": "long enough secret", "disposition": "UseAsIs"]))
            #expect(try object(dispositioned)["status"] as? String == "Dispositioned")
            #expect(try await client.execute(uri: "/api/v1/ncrs/\(ncr)/close", method: .put, headers: engineer, body: json(["password": "long enough secret"])).status == .ok)
            #expect(try await inspect(10.01)["status"] as? String == "Passed")
            #expect(try await client.execute(uri: "/api/v1/workorders/\(id)/operations/30/complete", method: .post, headers: worker, body: json(["serial": serial])).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/certificates/\(id)", method: .get, headers: engineer).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/first-articles/ENG-BLADE-001/A", method: .post, headers: engineer,
                                             body: json(["serial": serial, "password": "long enough secret"])).status == .created)
            #expect(try await client.execute(uri: "/api/v1/certificates/\(id)", method: .post, headers: engineer, body: json(["password": "long enough secret"])).status == .created)
            let certificate = try await client.execute(uri: "/api/v1/certificates/\(id)", method: .get, headers: planner)
            #expect(try certificate.status == .ok && (try object(certificate)["workOrderId"] as? String) == id)
            let genealogy = try await client.execute(uri: "/api/v1/genealogy/\(serial)", method: .get, headers: engineer)
            #expect(genealogy.status == .ok)
            let trail = try await client.execute(uri: "/api/v1/audit-trail/\(ncr)?kind=nonConformance", method: .get, headers: planner)
            #expect(trail.status == .ok)
            // §4.3 and §4.5 reads, and a write the matrix refuses.
            #expect(try await client.execute(uri: "/api/v1/inventory", method: .get, headers: planner).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/certifications/L-IN718-001", method: .get, headers: planner).status == .ok)
            let status = try await client.execute(uri: "/api/v1/equipment/LATHE-1/status", method: .get, headers: worker)
            #expect(try status.status == .ok && (try object(status)["state"] as? String) == "Idle")
            #expect(try await client.execute(uri: "/api/v1/operators", method: .get, headers: worker).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/maintenance", method: .post, headers: worker,
                                             body: json(["assetId": "LATHE-1", "kind": "corrective", "description": "chatter"])).status == .forbidden)
        }
    }
}
