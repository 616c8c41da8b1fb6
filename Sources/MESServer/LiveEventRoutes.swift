import Foundation
import HTTPTypes
import Hummingbird
import MESCore
import ServiceLifecycle

/// `GET /api/v1/events`: the MES's events as Server-Sent Events, filtered by `types` (categories
/// such as `workOrder,ncr,alarm` or exact types such as `operation.operationCompleted`) and by
/// what the subscriber's roles may read; `Last-Event-ID` resumes after a reconnect.
struct LiveEventRoutes {
    let hub: EventHub
    let tokens: TokenService

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("events") { request, context -> Response in
            let actor = try context.requireActor()
            let wanted = try Self.types(request)
            let (lastId, gap) = hub.resumption(from: request.headers[HTTPField.Name("Last-Event-ID")!])
            let readable = Set(LiveEvent.categories.filter { PermissionMatrix.allows(actor.roles, .read, on: LiveEvent.resource(of: $0)) })
            let hub = self.hub
            let stream = hub.subscribe(after: lastId) { event in
                readable.contains(event.category) && (wanted.isEmpty || wanted.contains(event.category) || wanted.contains(event.type))
            }
            let encoder = context.responseEncoder
            let session = context.session, expires = context.tokenExpires ?? .distantFuture
            let tokens = self.tokens
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": JetMES events\nretry: 3000\n\n"))
                if gap {
                    // The position is from before a restart or older than what is kept: some events are lost to this client.
                    try await writer.write(ByteBuffer(string: "event: gap\ndata: {\"reason\":\"events since Last-Event-ID are no longer held; reload, then follow\"}\n\n"))
                }
                // The server waits for requests in flight before it stops; an event stream never
                // ends by itself, so it ends when shutdown begins.
                for await signal in stream.cancelOnGracefulShutdown() {
                    // A stream lasts no longer than its token and session: logout, revocation, a
                    // role change or a disabled account ends it; the client reconnects with a fresh token.
                    if Date() >= expires { break }
                    if let session, !(await tokens.isActive(session)) { break }
                    switch signal {
                    case .heartbeat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    case .event(let event):
                        let data = String(decoding: try encoder.encode(event), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "id: \(hub.position(of: event))\nevent: \(event.type)\ndata: \(data)\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
        }
    }

    static func types(_ request: Request) throws -> Set<String> {
        guard let text = request.uri.queryParameters.get("types"), !text.isEmpty else { return [] }
        let types = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        for type in types {
            let category = String(type.prefix { $0 != "." })
            guard LiveEvent.categories.contains(category) else {
                throw APIError(.badRequest, "query parameter 'types': unknown category '\(category)'; categories: \(LiveEvent.categories.joined(separator: ", "))",
                               parameter: "types")
            }
        }
        return types
    }
}

/// Runs beside the server: heartbeats on the event streams and an alarm when a machine's
/// preventive maintenance falls overdue (once per due date); on shutdown it closes the hub.
struct LiveEventService: Service {
    let hub: EventHub
    let service: MESService
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var announced: [String: Date] = [:]
            while !Task.isCancelled {
                let now = await service.now
                for machine in await service.state.equipment.values.sorted(by: { $0.id < $1.id }) {
                    guard let due = machine.preventiveMaintenanceDue, due < now, announced[machine.id] != due else { continue }
                    announced[machine.id] = due
                    hub.alarm("pmOverdue", about: [EntityReference(.equipment, machine.id)],
                              message: "\(machine.id): preventive maintenance was due \(due.formatted(.iso8601))", at: now)
                }
                hub.heartbeat()
                try await Task.sleep(for: interval)
            }
        }
        hub.close()
    }
}
