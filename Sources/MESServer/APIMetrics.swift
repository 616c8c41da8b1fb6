import Foundation
import Hummingbird
import MESCore
import Prometheus

/// What `/metrics` exposes in the Prometheus text format (swift-prometheus): per route, request
/// counts by status and latency histograms, counted as each response leaves; and the MES's own
/// figures (operations completed, NCRs open, orders by status, equipment by state, journal
/// length), read from the core's state at scrape time so they can never drift from it.
/// Each application has its own registry, so several servers in one process (tests, benchmarks)
/// keep separate figures.
public final class APIMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let latencyBuckets: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                             .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                             .milliseconds(500), .seconds(1), .seconds(2.5)]

    func recordRequest(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        registry.makeCounter(descriptor: .init(namespace: "jetmes", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route, method and status"),
                             labels: [("route", route), ("method", method.rawValue), ("status", String(status.code))]).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "jetmes", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency by route and method"),
            labels: [("route", route), ("method", method.rawValue)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Sets the MES gauges from `state`, then renders every metric.
    func exposition(of state: MESState, journalEntries: Int) -> [UInt8] {
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: Int) {
            registry.makeGauge(descriptor: .init(namespace: "jetmes", metricName: name, unitName: "", helpText: help), labels: labels).set(Double(value))
        }
        var completed = 0, scrapped = 0
        for unit in state.serials.values {
            for operation in unit.operations {
                if operation.status == .completed { completed += 1 } else if operation.status == .scrapped { scrapped += 1 }
            }
        }
        gauge("operations_completed", "Operations completed, all serials", [], completed)
        gauge("operations_scrapped", "Operations that ended in scrap", [], scrapped)
        for status in NonConformance.Status.allCases {
            gauge("ncrs", "Non-conformance reports by status", [("status", status.rawValue)], state.nonConformances.values.count { $0.status == status })
        }
        for status in WorkOrder.Status.allCases {
            gauge("work_orders", "Work orders by status", [("status", status.rawValue)], state.workOrders.values.count { $0.status == status })
        }
        for machineState in EquipmentState.allCases {
            gauge("equipment", "Machines by state", [("state", machineState.rawValue)], state.equipment.values.count { $0.state == machineState })
        }
        gauge("journal_entries", "Entries in the MES journal", [], journalEntries)
        return registry.emitToBuffer()
    }
}

/// Times every request and records it under its route pattern (not the raw path, so ids do not
/// explode the label space); an error counts with the status it leaves as.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = MESRequestContext
    let metrics: APIMetrics

    func handle(_ request: Request, context: MESRequestContext, next: (Request, MESRequestContext) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        do {
            let response = try await next(request, context)
            metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: request.method, status: response.status, duration: clock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: request.method, status: status, duration: clock.now - start)
            throw error
        }
    }
}
