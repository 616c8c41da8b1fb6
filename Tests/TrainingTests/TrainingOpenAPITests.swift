import Foundation
import Hummingbird
import MESServer
import Testing
import Training

/// The OpenAPI document lists `mes train`'s routes a trainee's client uses (`mes serve` does not
/// register them, so its own document test leaves them out): each is registered by the training server.
@Suite struct TrainingOpenAPITests {
    @Test func documentedTrainingRoutesAreRegistered() async throws {
        let (model, seed, work) = try bladeCell()
        let configuration = try temporaryDatabase()
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: work, speed: 60, paused: true)
        let (router, _) = try await APIServer.parts(configuration, service: service, routes: { TrainingRoutes(service: service).register(on: $0) })
        let registered = Set(router.routes.map { route in
            "\(route.method.rawValue) /" + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
        })
        let document = try #require(try JSONSerialization.jsonObject(with: try APIServer.openAPIDocument()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let training = Set(paths.filter { $0.key.hasPrefix("/api/v1/training/") }.flatMap { path, operations in
            operations.keys.map { "\($0.uppercased()) \(path)" }
        })
        #expect(training.contains("GET /api/v1/training/gauge/{inspectionId}"))
        #expect(training.subtracting(registered).isEmpty, "documented but not registered by mes train: \(training.subtracting(registered).sorted())")
    }
}
