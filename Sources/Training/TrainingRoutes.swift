import Foundation
import Hummingbird
import MESCore
import MESServer
import PlantFiles
import Twin

/// The trainer's console over HTTP, under `/api/v1/training`: the clock's state, pause,
/// resume, step, run to a time and speed; training events, the score and the session's end. For System Administrators and Production Supervisors (the trainers).
public struct TrainingRoutes: Sendable {
    let service: MESService

    public init(service: MESService) { self.service = service }

    struct Speed: Codable {
        let speed: Double
    }

    /// Where `POST /api/v1/training/run-to` takes the floor: hours from the scenario's start, or an ISO 8601 time.
    struct RunTo: Codable {
        let at: TrainingTime
    }

    /// A scheduled training event, as `POST /api/v1/training/events` answers.
    struct Injected: Codable, ResponseEncodable {
        let kind: String
        let subject: String
        let hours: Double
        let time: Date
    }

    /// Where a finished session's report went, with its score.
    struct Finished: Codable, ResponseEncodable {
        let session: String
        let directory: String
        let score: TrainingScore
    }

    public func register(on api: RouterGroup<MESRequestContext>) {
        api.post("training/events") { request, context -> EditedResponse<Injected> in
            try requireTrainer(context)
            let event = try await decode(TrainingEvent.self, request, context)
            let outcome: Result<Injected, TwinError> = try await clock { clock in
                do {
                    let hours = try clock.inject(event)
                    return .success(Injected(kind: event.kind, subject: event.subject, hours: hours, time: clock.twin.date(hours: hours)))
                } catch let error as TwinError {
                    return .failure(error)
                } catch {
                    return .failure(TwinError("\(error)"))
                }
            }
            switch outcome {
            case .success(let injected): return EditedResponse(status: .created, response: injected)
            case .failure(let error): throw APIError(.unprocessableContent, error.description)
            }
        }
        api.get("training/score") { _, context -> TrainingScore in
            try requireTrainer(context)
            let outcome: Result<TrainingScore, TwinError> = try await clock { clock in Result { try clock.score() }.mapError { TwinError("\($0)") } }
            return try outcome.mapError { APIError(.internalServerError, $0.description) }.get()
        }
        // The trainee's gauge: for those who record inspection results, not only the trainers.
        api.get("training/gauge/:inspectionId") { _, context -> GaugeReadout in
            let actor = try context.requireActor()
            try GaugeReadout.requireReader(actor)
            let id = try context.parameters.require("inspectionId")
            return try await clock { GaugeReadout.read(id, by: actor, on: $0) }.get()
        }
        api.post("training/finish") { _, context -> Finished in
            try requireTrainer(context)
            let outcome: Result<Finished, TwinError> = try await clock { clock in
                Result { try clock.finish() }.map { Finished(session: clock.session.name, directory: $0.directory.path, score: $0.score) }
                    .mapError { TwinError("\($0)") }
            }
            return try outcome.mapError { APIError(.internalServerError, $0.description) }.get()
        }
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
        api.post("training/run-to") { request, context -> TrainingStatus in
            try requireTrainer(context)
            let body = try await decode(RunTo.self, request, context)
            let outcome: Result<TrainingStatus, TwinError> = try await clock { clock in
                do throws(TwinError) {
                    try clock.run(to: body.at)
                    return .success(clock.status)
                } catch {
                    return .failure(error)
                }
            }
            return try outcome.mapError { APIError(.unprocessableContent, $0.description, pointer: "/at") }.get()
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
