import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MESCore
import Testing

@testable import MESServer

/// List endpoints: filters, sorting and keyset pagination through `Link: rel="next"`.
@Suite("HTTP API: filtering, sorting, cursor pagination")
struct ListAPITests: APITestCase {
    /// The URI of the next page, from an RFC 8288 Link header.
    func next(_ response: TestResponse) -> String? {
        guard let link = response.headers[HTTPField.Name("Link")!], let start = link.firstIndex(of: "<"), let end = link.firstIndex(of: ">") else { return nil }
        return String(link[link.index(after: start)..<end])
    }

    @Test("25 orders in pages of 10: every order once, in order, even with one created mid-way; bad parameters are 400")
    func pages() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            for index in 0..<25 {
                let body: [String: Any] = ["partNumber": "ENG-BLADE-001", "quantity": 1 + index % 3, "priority": ["Low", "Normal", "High", "Critical"][index % 4],
                                           "targetDate": "2027-0\(1 + index % 9)-15"]
                #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin, body: json(body)).status == .created)
            }
            var uri: String? = "/api/v1/workorders?sort=-createdAt&limit=10"
            var seen: [String] = [], pages = 0
            while let page = uri {
                let response = try await client.execute(uri: page, method: .get, headers: admin)
                #expect(response.status == .ok && response.headers[HTTPField.Name("X-Total-Count")!] == (pages == 0 ? "25" : "26"))
                let items = try array(response)
                #expect(items.count <= 10)
                seen += items.compactMap { $0["id"] as? String }
                uri = next(response)
                pages += 1
                // An order created while paging sorts first (newest), so it is on no page still to come.
                if pages == 1 {
                    #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                     body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])).status == .created)
                }
            }
            #expect(pages == 3 && seen.count == 25 && Set(seen).count == 25)
            #expect(seen == seen.sorted(by: >), "newest first: ids are issued in creation order")
            // Descending with ties (four priorities over 26 orders), paged: by priority, then id, both descending.
            var byPriority: [[String: Any]] = []
            var following: String? = "/api/v1/workorders?sort=-priority&limit=7"
            while let page = following {
                let response = try await client.execute(uri: page, method: .get, headers: admin)
                byPriority += try array(response)
                following = next(response)
            }
            let rank = ["Low": 0, "Normal": 1, "High": 2, "Critical": 3]
            let keys = byPriority.map { (rank[$0["priority"] as? String ?? ""] ?? -1, $0["id"] as? String ?? "") }
            #expect(keys.count == 26 && Set(keys.map(\.1)).count == 26)
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }, "\(keys)")
            // Sorted by due date ascending, then id.
            let byDue = try array(try await client.execute(uri: "/api/v1/workorders?sort=targetDate&limit=1000", method: .get, headers: admin))
            let due = byDue.compactMap { $0["targetDate"] as? String }
            #expect(due == due.sorted() && due.count == 25)
            // Filters: status, part, creation window.
            let created = try array(try await client.execute(uri: "/api/v1/workorders?status=Created&partNumber=ENG-BLADE-001&from=2000-01-01", method: .get,
                                                             headers: admin))
            #expect(created.count == 26)
            #expect(try array(try await client.execute(uri: "/api/v1/workorders?to=2000-01-01", method: .get, headers: admin)).isEmpty)
            #expect(try array(try await client.execute(uri: "/api/v1/workorders?partNumber=NOPE", method: .get, headers: admin)).isEmpty)
            // Bad parameters: 400 naming the parameter.
            for (query, parameter) in [("limit=0", "limit"), ("limit=abc", "limit"), ("limit=1001", "limit"), ("sort=colour", "sort"), ("cursor=%%%", "cursor"),
                                       ("status=Sleeping", "status"), ("from=yesterday", "from"), ("from=2027-01-02&to=2027-01-01", "to")] {
                let response = try await client.execute(uri: "/api/v1/workorders?\(query)", method: .get, headers: admin)
                #expect(try response.status == .badRequest && (try object(response)["parameter"] as? String) == parameter, "\(query)")
            }
            // A cursor is bound to its sort.
            let first = try await client.execute(uri: "/api/v1/workorders?sort=id&limit=5", method: .get, headers: admin)
            let cursor = try #require(next(first)?.components(separatedBy: "cursor=").last)
            let mismatched = try await client.execute(uri: "/api/v1/workorders?sort=-id&limit=5&cursor=\(cursor)", method: .get, headers: admin)
            #expect(mismatched.status == .badRequest)
            // The other lists page the same way.
            for list in ["inspections", "ncrs", "inventory", "equipment", "operators"] {
                let response = try await client.execute(uri: "/api/v1/\(list)?limit=1", method: .get, headers: admin)
                #expect(try response.status == .ok && (try array(response)).count <= 1, "\(list)")
            }
            let equipment = try await client.execute(uri: "/api/v1/equipment?limit=2&sort=-id", method: .get, headers: admin)
            #expect(try array(equipment).compactMap { $0["id"] as? String } == ["MILL-1", "LATHE-2"] && next(equipment) != nil)
        }
    }
}
