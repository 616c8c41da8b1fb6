import Foundation
import Hummingbird
import Testing

@testable import MESServer

/// The committed OpenAPI document and the routes the server registers are the same set.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every registered route is documented, and every documented operation is registered")
    func documentMatchesRoutes() async throws {
        let configuration = try WorkOrderAPITests().setUp()
        let (router, _) = try await APIServer.parts(configuration)
        // ":id" in the router is "{id}" in the document.
        // The shop-floor UI's static files (UIRoutes: `/`, `/ui`, `/ui/**`) are pages, not part of the API contract.
        let registered = Set(router.routes.compactMap { route -> String? in
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            if path.isEmpty || path == "ui" || path.hasPrefix("ui/") { return nil }
            return "\(route.method.rawValue) /\(path)"
        })
        let document = try #require(try JSONSerialization.jsonObject(with: try APIServer.openAPIDocument()) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
        #expect(registered.count >= 39)
    }
}
