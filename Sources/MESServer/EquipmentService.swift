import Equipment
import Logging
import ServiceLifecycle

/// Runs the plant's equipment sources beside the API: every event they report is recorded in
/// the MES in turn. A source that fails is logged and started again after a pause; a source
/// reconnects to its machines by itself, so this only catches what it could not handle.
struct EquipmentService: Service {
    let sources: [any EquipmentEventSource]
    let service: MESService
    let logger: Logger

    func run() async throws {
        for source in sources { await service.recordCounts(of: source.countedMachines) }
        await withDiscardingTaskGroup { group in
            for source in sources {
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            try await source.run { event in await service.record(event) }
                            return
                        } catch is CancellationError {
                            return
                        } catch {
                            logger.error("equipment source for \(source.equipmentIds.joined(separator: ", ")) failed: \(error); starting it again in 5 s")
                            try? await Task.sleep(for: .seconds(5))
                        }
                    }
                }
            }
            // Sources run until the server shuts down.
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
