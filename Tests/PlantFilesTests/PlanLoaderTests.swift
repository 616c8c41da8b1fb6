import Foundation
import Testing

@testable import PlantFiles

/// Plan files are untrusted input: every problem is reported with its row (CSV) or JSON
/// pointer, all at once, and nothing is accepted half-checked.
@Suite("Production plans: import and checks")
struct PlanLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let start = ISO8601DateFormatter().date(from: "2026-01-05T06:00:00Z")!

    func plant() throws -> PlantDescription {
        try PlantLoader.load(Self.repository.appendingPathComponent("Plants/validation/deterministic-line.yaml").path)
    }

    static let header = "work_order,part_number,revision,quantity,due,operation,machine,planned_start,planned_end"
    static let good = """
        PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z
        PL-1,DET-1,A,1,2026-01-05T12:00:00Z,20,M-B,2026-01-05T06:30:00Z,2026-01-05T07:15:00Z
        """

    func load(_ body: String, extension ext: String = "csv") throws -> ProductionPlan {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).\(ext)")
        try (ext == "csv" ? Self.header + "\n" + body + "\n" : body).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try PlanLoader.load(file.path, plant: try plant(), start: Self.start, horizonHours: 48)
    }

    func problems(_ body: String, extension ext: String = "csv") throws -> [PlanFileError.Problem] {
        do {
            _ = try load(body, extension: ext)
            return []
        } catch let error as PlanFileError {
            return error.problems
        }
    }

    @Test("a good plan loads, orders in routing order with times")
    func good() throws {
        let plan = try load(Self.good)
        #expect(plan.orders.count == 1 && plan.orders[0].bookings.map(\.operation) == [10, 20])
        #expect(plan.orders[0].bookings[1].end.timeIntervalSince(Self.start) == 4_500)
    }

    @Test("overlapping bookings on one machine are rejected with both rows")
    func overlap() throws {
        let found = try problems(Self.good + """

            PL-2,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:15:00Z,2026-01-05T06:45:00Z
            PL-2,DET-1,A,1,2026-01-05T12:00:00Z,20,M-B,2026-01-05T07:15:00Z,2026-01-05T08:00:00Z
            """)
        #expect(found.count == 1)
        #expect(found.first?.location == "row 4" && found.first?.message.contains("overlaps row 2 on machine M-A") == true)
    }

    @Test("each kind of bad row is reported, all at once, with its row", arguments: [
        ("PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-X,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z", "row 2", "no machine 'M-X'"),
        ("PL-1,DET-1,A,1,2026-01-05T12:00:00Z,15,M-A,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z", "row 2", "has no operation 15"),
        ("PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-B,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z", "row 2", "cannot do operation 10"),
        ("PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,yesterday,2026-01-05T06:30:00Z", "row 2", "ISO 8601"),
        ("PL-1,DET-1,A,zero,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z", "row 2", "whole number"),
        ("PL-1,NOPE,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z", "row 2", "no part 'NOPE'"),
        ("PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:30:00Z,2026-01-05T06:00:00Z", "row 2", "must come after"),
    ])
    func badRow(row: String, location: String, message: String) throws {
        let found = try problems(row + "\nPL-1,DET-1,A,1,2026-01-05T12:00:00Z,20,M-B,2026-01-05T07:00:00Z,2026-01-05T07:45:00Z")
        #expect(found.contains { $0.location == location && $0.message.contains(message) }, "\(found)")
    }

    @Test("precedence inside an order, missing operations, a changing due date")
    func orderChecks() throws {
        let found = try problems("""
            PL-1,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T06:00:00Z,2026-01-05T06:30:00Z
            PL-1,DET-1,A,1,2026-01-05T12:00:00Z,20,M-B,2026-01-05T06:10:00Z,2026-01-05T07:00:00Z
            PL-2,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T07:00:00Z,2026-01-05T07:30:00Z
            PL-3,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T08:00:00Z,2026-01-05T08:30:00Z
            PL-3,DET-1,A,1,2026-01-06T12:00:00Z,20,M-B,2026-01-05T08:30:00Z,2026-01-05T09:15:00Z
            """)
        #expect(found.contains { $0.location == "row 3" && $0.message.contains("before operation 10 (row 2) ends") }, "\(found)")
        #expect(found.contains { $0.location == "row 4" && $0.message.contains("books no machine for operation 20") }, "\(found)")
        #expect(found.contains { $0.location == "row 6" && $0.message.contains("another part, revision, quantity or due date") }, "\(found)")
    }

    @Test("a bad header names the missing and unknown columns")
    func header() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).csv")
        try "order,part_number\nX,Y\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: PlanFileError.self) { try PlanLoader.load(file.path, plant: try plant(), start: Self.start, horizonHours: 48) }
        do { _ = try PlanLoader.load(file.path, plant: try plant(), start: Self.start, horizonHours: 48) } catch let error as PlanFileError {
            #expect(error.description.contains("row 1") && error.description.contains("missing: work_order") && error.description.contains("unknown: order"))
        }
    }

    @Test("JSON plans: problems located by JSON pointer")
    func json() throws {
        let good = """
            {"workOrders": [{"id": "PL-1", "partNumber": "DET-1", "quantity": 1, "due": "2026-01-05T12:00:00Z", "operations": [
              {"operation": 10, "machine": "M-A", "plannedStart": "2026-01-05T06:00:00Z", "plannedEnd": "2026-01-05T06:30:00Z"},
              {"operation": 20, "machine": "M-B", "plannedStart": "2026-01-05T06:30:00Z", "plannedEnd": "2026-01-05T07:15:00Z"}]}]}
            """
        #expect(try load(good, extension: "json").orders.count == 1)
        let bad = good.replacingOccurrences(of: "\"machine\": \"M-B\"", with: "\"machine\": \"M-Z\"").replacingOccurrences(of: "\"quantity\": 1", with: "\"quantity\": 1, \"colour\": 2")
        let found = try problems(bad, extension: "json")
        #expect(found.contains { $0.location == "/workOrders/0/colour" && $0.message.contains("unknown key") }, "\(found)")
        let unknownMachine = try problems(good.replacingOccurrences(of: "\"machine\": \"M-B\"", with: "\"machine\": \"M-Z\""), extension: "json")
        #expect(unknownMachine.contains { $0.location == "/workOrders/0/operations/1/machine" && $0.message.contains("M-Z") }, "\(unknownMachine)")
        #expect(try problems("{\"workOrders\": [", extension: "json").first?.message.contains("not valid JSON") == true)
    }

    @Test("a repeated header column, an unterminated quote and an order without operations are refused, not crashed on or skipped")
    func malformed() throws {
        func csvProblems(_ text: String) throws -> String {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            do { _ = try PlanLoader.load(file.path, plant: try plant(), start: Self.start, horizonHours: 48) } catch let error as PlanFileError { return error.description }
            return ""
        }
        #expect(try csvProblems(Self.header + ",machine\n").contains("names machine more than once"))
        let open = Self.header + "\n" + Self.good + "\n\"PL-2,DET-1,A,1,2026-01-05T12:00:00Z,10,M-A,2026-01-05T07:00:00Z,2026-01-05T07:30:00Z\n"
        #expect(try csvProblems(open).contains("row 4: a quoted field starts here and is never closed"))
        let empty = try problems("{\"workOrders\": [{\"id\": \"X\", \"partNumber\": \"DET-1\", \"quantity\": 1, \"due\": \"2026-01-05T12:00:00Z\", \"operations\": []}]}", extension: "json")
        #expect(empty.contains { $0.location == "/workOrders/0/operations" })
    }
}
