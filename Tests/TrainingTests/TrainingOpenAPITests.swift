import Foundation
import Hummingbird
import HummingbirdTesting
import MESServer
import Testing
import Training
import Twin

/// `mes train` documents what it serves: the API's operations and the trainer's, in one OpenAPI document.
@Suite struct TrainingOpenAPITests {
    @Test func everyTrainingRouteIsDocumentedAndEveryDocumentedOperationRegistered() async throws {
        let (service, configuration) = try pausedTraining()
        let (router, _) = try await APIServer.parts(configuration, service: service, routes: { TrainingRoutes(service: service).register(on: $0) })
        // As OpenAPITests does for mes serve: ":id" is "{id}", the UI's static files are not API.
        let registered = Set(router.routes.compactMap { route -> String? in
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            if path.isEmpty || path == "ui" || path.hasPrefix("ui/") { return nil }
            return "\(route.method.rawValue) /\(path)"
        })
        let data = try TrainingServer.openAPIDocument()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
        #expect(registered.contains("POST /api/v1/training/run-to") && registered.contains("GET /api/v1/workorders"))
        #expect(documented.contains("GET /api/v1/training/gauge/{inspectionId}"))

        // Run to a time: its request, its answer and every refusal it gives.
        let runTo = try #require(paths["/api/v1/training/run-to"]?["post"] as? [String: Any])
        let responses = try #require(runTo["responses"] as? [String: Any])
        #expect(Set(responses.keys) == ["200", "400", "401", "403", "404", "413", "422"])
        // Every schema referred to is defined, and the merged text keeps JSON booleans (closed request bodies).
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let referenced = Self.references(in: document)
        #expect(referenced.isSuperset(of: ["RunToRequest", "TrainingStatus", "TrainingScore", "WorkOrder", "ProblemDetails"]))
        #expect(referenced.subtracting(schemas.keys).isEmpty, "undefined: \(referenced.subtracting(schemas.keys).sorted())")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"additionalProperties\":false") && !text.contains("\"additionalProperties\":0"))
        let runToRequest = try #require(schemas["RunToRequest"] as? [String: Any])
        #expect(runToRequest["required"] as? [String] == ["at"])

        // And it is what the training server serves.
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.router) { client in
            let served = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(Data(buffer: served.body) == data)
        }
    }

    /// The schema names every `$ref` in `json` points to.
    static func references(in json: Any) -> Set<String> {
        if let object = json as? [String: Any] {
            let own = (object["$ref"] as? String).map { [String($0.split(separator: "/").last ?? "")] } ?? []
            return object.values.reduce(Set(own)) { $0.union(references(in: $1)) }
        }
        if let array = json as? [Any] { return array.reduce(Set<String>()) { $0.union(references(in: $1)) } }
        return []
    }
}
