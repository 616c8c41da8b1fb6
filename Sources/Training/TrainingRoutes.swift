import Foundation
import Hummingbird
import MESCore
import MESServer

/// The trainer's console over HTTP, under `/api/v1/training`: the clock's state, pause,
/// resume, step and speed. For System Administrators and Production Supervisors (the trainers).
public struct TrainingRoutes: Sendable {
    let service: MESService

    public init(service: MESService) { self.service = service }

    struct Speed: Codable {
        let speed: Double
    }

    public func register(on api: RouterGroup<MESRequestContext>) {
        api.get("training") { _, context -> TrainingStatus in
            try requireTrainer(context)
            return try await clock { $0.status }
        }
        api.post("training/pause") { _, context -> TrainingStatus in
            try requireTrainer(context)
            return try await clock { clock in
                clock.pause()
                return clock.status
            }
        }
        api.post("training/resume") { _, context -> TrainingStatus in
            try requireTrainer(context)
            return try await clock { clock in
                clock.resume()
                return clock.status
            }
        }
        api.post("training/step") { _, context -> TrainingStatus in
            try requireTrainer(context)
            return try await clock { clock in
                clock.step()
                return clock.status
            }
        }
        api.put("training/speed") { request, context -> TrainingStatus in
            try requireTrainer(context)
            let body = try await decode(Speed.self, request, context)
            guard body.speed.isFinite, body.speed > 0, body.speed <= 100_000 else {
                throw APIError(.unprocessableContent, "speed must be above 0 and at most 100000, got \(body.speed)", pointer: "/speed")
            }
            return try await clock { clock in
                clock.setSpeed(body.speed)
                return clock.status
            }
        }
    }

    /// Runs `body` on the training clock inside the MES service; 404 when the server runs no training.
    private func clock<T: Sendable>(_ body: @escaping @Sendable (TrainingClock) -> T) async throws -> T {
        let result: T? = await service.withClock { clock in (clock as? TrainingClock).map(body) }
        guard let result else { throw APIError(.notFound, "this server runs no training (start it with mes train)") }
        return result
    }

    private func requireTrainer(_ context: MESRequestContext) throws {
        let actor = try context.requireActor()
        guard actor.roles.contains(.systemAdministrator) || actor.roles.contains(.productionSupervisor) else {
            throw APIError(.forbidden, "only a System Administrator or a Production Supervisor runs the training clock")
        }
    }
}
