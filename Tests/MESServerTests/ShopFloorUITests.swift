import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESSampleData
import MESStore
import Testing

@testable import MESServer

/// What the shop-floor web UI needs of the server: its files at /ui/ without a login, the event
/// stream with the token in the query (a browser's EventSource sends no headers), and the
/// control chart of a characteristic. (scripts/check-ui.sh drives the UI itself in Chromium.)
@Suite("Shop-floor UI: files, event stream token, SPC")
struct ShopFloorUITests: APITestCase {
    @Test("the UI's files are served at /ui/ with their content types and no login; / redirects there; nothing else is reachable")
    func staticFiles() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.router) { client in
            let root = try await client.execute(uri: "/", method: .get)
            #expect(root.status == .seeOther && root.headers[.location] == "/ui/")
            for uri in ["/ui/", "/ui", "/ui/index.html"] {
                let page = try await client.execute(uri: uri, method: .get)
                #expect(page.status == .ok, "\(uri)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(String(buffer: page.body).contains("<script type=\"module\" src=\"/ui/app.js\">"), "\(uri)")
            }
            for (uri, type) in [("/ui/app.js", "text/javascript; charset=utf-8"), ("/ui/views/line.js", "text/javascript; charset=utf-8"),
                                ("/ui/style.css", "text/css; charset=utf-8")] {
                let file = try await client.execute(uri: uri, method: .get)
                #expect(file.status == .ok && file.headers[.contentType] == type, "\(uri): \(file.status)")
                #expect(file.body.readableBytes > 100, "\(uri)")
            }
            for uri in ["/ui/nothing.js", "/ui/../openapi.json", "/ui/%2e%2e/APIServer.swift", "/ui/views", "/ui/.hidden.js", "/ui/README"] {
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .notFound, "\(uri): \(refused.status)")
            }
        }
    }

    @Test("an operation names the inspection plan its routing attaches, so the terminal can open the inspection")
    func operationsNameTheirInspectionPlan() async throws {
        let configuration = try setUp()
        let engine = try MESEngine(store: SQLiteJournalStore(path: configuration.databasePath))
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: SampleShop.blade, quantity: 1)), by: setupActor, at: Date())
        let order = try #require(engine.state.newestWorkOrder)
        try engine.execute(.releaseWorkOrder(id: order), by: setupActor, at: Date())
        let app = try await APIServer.application(configuration)
        try await app.test(.router) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            let response = try await client.execute(uri: "/api/v1/workorders/\(order)", method: .get, headers: admin)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let operations = try #require(body["operations"] as? [[String: Any]])
            #expect(operations.first { $0["operationNumber"] as? Int == 30 }?["inspectionPlan"] as? String == "IP-BLADE-30")
            #expect(operations.first { $0["operationNumber"] as? Int == 10 }?["inspectionPlan"] == nil)
        }
    }

    @Test("the event stream takes the access token as ?access_token= (that route only); a bad one is refused")
    func eventStreamTokenInQuery() async throws {
        var configuration = try setUp()
        configuration.eventInterval = .milliseconds(200)
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let admin = try await login(client, "admin", "correct horse battery")
            let token = try #require(admin[.authorization].map { String($0.dropFirst("Bearer ".count)) })
            let reader = try EventStreamReader(port: port, path: "/api/v1/events?types=workOrder&access_token=\(token)", token: nil)
            #expect(await reader.read(for: 5) { $0.contains(": JetMES events") }, "stream opened: \(reader.text)")
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                             body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])).status == .created)
            #expect(await reader.read(for: 5) { $0.contains("event: workOrder.workOrderCreated") }, "\(reader.text)")
            let forged = try EventStreamReader(port: port, path: "/api/v1/events?access_token=\(token)x", token: nil)
            #expect(await forged.read(for: 5) { $0.contains("401") }, "\(forged.text)")
            // Other routes do not read the query: without the header there is no actor.
            #expect(try await client.execute(uri: "/api/v1/workorders?access_token=\(token)", method: .get).status == .unauthorized)
        }
    }

    @Test("GET /spc/{plan}/{characteristic}: 422 before two results, then the individuals chart with its limits and the last points")
    func controlChart() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            #expect(try await client.execute(uri: "/api/v1/spc/IP-BLADE-30/ROOT-W", method: .get, headers: admin).status == .unprocessableContent)
            #expect(try await client.execute(uri: "/api/v1/spc/IP-NOPE/ROOT-W", method: .get, headers: admin).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/spc/IP-BLADE-30/ROOT-W?last=1", method: .get, headers: admin).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/spc/IP-BLADE-30/ROOT-W", method: .get).status == .unauthorized)
            let order = try object(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                            body: json(["partNumber": "ENG-BLADE-001", "quantity": 3])))
            let id = try #require(order["id"] as? String)
            let released = try object(try await client.execute(uri: "/api/v1/workorders/\(id)/release", method: .post, headers: admin))
            let serials = try #require(released["serials"] as? [String])
            // The terminal offers an operator the operations they are certified for.
            let certifications = (released["operations"] as? [[String: Any]] ?? []).filter { $0["serial"] as? String == serials.first }
                .map { $0["requiredCertification"] as? String }
            #expect(certifications == ["CNC-TURN", "CNC-MILL", "CMM-INSP"], "\(certifications)")
            for (serial, value) in zip(serials, [10.01, 9.99, 10.02]) {
                func step(_ operation: Int, _ action: String, _ body: [String: Any]) async throws {
                    let response = try await client.execute(uri: "/api/v1/workorders/\(id)/operations/\(operation)/\(action)", method: .post, headers: admin, body: json(body))
                    #expect(response.status == .ok, "\(serial) op \(operation) \(action): \(String(buffer: response.body))")
                }
                for (operation, machine) in [(10, "LATHE-1"), (20, "MILL-1")] {
                    try await step(operation, "start", ["serial": serial, "equipmentId": machine, "operatorId": "op-1"])
                    try await step(operation, "complete", ["serial": serial])
                }
                // Measured at the CMM while operation 30 runs, then the CMM is free for the next serial.
                try await step(30, "start", ["serial": serial, "equipmentId": "CMM-1", "operatorId": "op-1"])
                let inspection = try #require(try object(try await client.execute(uri: "/api/v1/inspections", method: .post, headers: admin,
                                                                                  body: json(["serial": serial, "planId": "IP-BLADE-30"])))["id"] as? String)
                #expect(try await client.execute(uri: "/api/v1/inspections/\(inspection)/results", method: .post, headers: admin,
                                                 body: json(["measurements": [["characteristicId": "ROOT-W", "value": value]]])).status == .ok)
                try await step(30, "complete", ["serial": serial])
            }
            let chart = try object(try await client.execute(uri: "/api/v1/spc/IP-BLADE-30/ROOT-W?last=2", method: .get, headers: admin))
            #expect(chart["count"] as? Int == 3)
            #expect(chart["unit"] as? String == "mm" && chart["lowerSpecification"] as? Double == 9.95 && chart["upperSpecification"] as? Double == 10.05)
            let center = try #require(chart["center"] as? Double)
            #expect(abs(center - (10.01 + 9.99 + 10.02) / 3) < 1e-9)
            let (upper, lower) = (try #require(chart["upperControlLimit"] as? Double), try #require(chart["lowerControlLimit"] as? Double))
            #expect(upper > center && lower < center)
            let points = try #require(chart["points"] as? [[String: Any]])
            #expect(points.map { $0["index"] as? Int } == [1, 2] && points.map { $0["value"] as? Double } == [9.99, 10.02])
            #expect(points.last?["serial"] as? String == serials.last)
        }
    }
}
