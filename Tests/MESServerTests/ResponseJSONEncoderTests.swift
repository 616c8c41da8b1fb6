import Foundation
import MESCore
import MESSampleData
import MESStore
import Testing

@testable import MESServer

/// The response encoder writes exactly what Foundation's JSONEncoder (ISO 8601 dates, sorted
/// keys) writes, byte for byte, for the API's own types and for the awkward cases.
@Suite("Response JSON encoder")
struct ResponseJSONEncoderTests {
    static let reference: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func same<T: Encodable>(_ value: T, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try Self.reference.encode(value), as: UTF8.self)
        let written = String(decoding: try ResponseJSONEncoder().encode(value), as: UTF8.self)
        #expect(written == expected, "\(what)", sourceLocation: sourceLocation)
    }

    struct Awkward: Codable {
        var text = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} é 😀 \u{1f}"
        var numbers: [Double] = [0, -0.0, 1, 2.5, 0.1, 1e-7, 1e21, 123_456_789.125, -3.75e-300, Double.greatestFiniteMagnitude]
        var integers: [Int] = [0, -1, Int.max, Int.min]
        var flags = [true, false]
        var missing: String?
        var present: String? = "here"
        var nested: [String: [String: Int]] = ["b": ["z": 1, "a": 2], "a": [:], "é": ["ä": 3, "Z": 4]]
        var empty: [String] = []
        var matrix: [[Int]] = [[1, 2], [], [3]]
        var date = Date(timeIntervalSince1970: 1_764_489_600)
        var url = URL(string: "https://example.com/a?b=c")!
        var data = Data([0, 1, 2, 250])
        var set: Set<Int> = [3]
    }

    /// A class whose subclass encodes into its superclass's container, and every integer type.
    class Base: Encodable {
        var name = "base"
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(name, forKey: .name)
        }
        enum Keys: String, CodingKey { case name, extra, small, tiny, unsigned, byte, word, decimal }
    }

    final class Derived: Base {
        override func encode(to encoder: any Encoder) throws {
            try super.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("derived", forKey: .extra)
            try container.encode(Int8(-8), forKey: .tiny)
            try container.encode(Int16(-16), forKey: .small)
            try container.encode(UInt(42), forKey: .unsigned)
            try container.encode(UInt8(255), forKey: .byte)
            try container.encode(UInt16(65_535), forKey: .word)
            try container.encode(Decimal(string: "12.375")!, forKey: .decimal)
        }
    }

    enum Event: Codable {
        case created(id: String, at: Date)
        case moved(String, Int)
        case cleared
    }

    @Test("awkward values: escapes, numbers, optionals, nested dictionaries, empty containers, dates, enums with payloads")
    func awkward() throws {
        try same(Awkward(), "awkward")
        try same([Event.created(id: "A", at: Date(timeIntervalSince1970: 0)), .moved("B", 3), .cleared], "enums")
        try same(["k": Awkward()], "dictionary of structs")
        try same(Derived(), "container asked for twice; every integer type; Decimal")
        try same([String: Int](), "empty dictionary")
        try same("top-level string", "top-level string")
        try same(42, "top-level number")
        try same([Optional<Int>.none, 1], "array with null")
    }

    @Test("the API's own responses: work orders with operations, inspections, NCRs with signatures, audit records, live events, roles")
    func apiTypes() throws {
        let engine = try MESEngine(store: InMemoryJournalStore())
        var workload = SampleWorkload(start: Date(timeIntervalSince1970: 1_764_489_600), orderQuantity: 2)
        let (setup, admin) = workload.setup()
        try engine.execute(setup, by: admin, at: workload.time)
        var events: [DomainEvent] = []
        for _ in 0..<30 {
            let (command, actor, time) = workload.next(in: engine.state)
            events += try engine.execute(command, by: actor, at: time)
        }
        // Every optional of a work order and an operation present once: due date, customer order, a scrap.
        var time = workload.time
        func run(_ command: Command, _ actor: Actor) throws {
            time.addTimeInterval(60)
            events += try engine.execute(command, by: actor, at: time)
        }
        try run(.createWorkOrder(CreateWorkOrder(partNumber: SampleShop.blade, quantity: 1, priority: .critical, targetDate: "2027-01-31",
                                                 customerOrder: "CO \"7\"/x\u{1}")), SampleWorkload.planner)
        let special = try #require(engine.state.newestWorkOrder)
        try run(.releaseWorkOrder(id: special), SampleWorkload.planner)
        let serial = try #require(engine.state.workOrders[special]?.serials.first)
        try run(.startOperation(StartOperation(workOrderId: special, serial: serial, operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1")),
                SampleWorkload.operatorOne)
        try run(.completeOperation(CompleteOperation(workOrderId: special, serial: serial, operationNumber: 10, scrapReason: "crack at \"root\"")),
                SampleWorkload.operatorOne)
        let state = engine.state
        #expect(try String(decoding: ResponseJSONEncoder().encode(WorkOrderRoutes.WorkOrderView(try #require(state.workOrders[special]), in: state)),
                           as: UTF8.self).contains("scrapReason"))
        for order in state.workOrders.values { try same(WorkOrderRoutes.WorkOrderView(order, in: state), "work order \(order.id)") }
        try same(state.workOrders.values.map { WorkOrderRoutes.WorkOrderView($0, in: state) }.sorted { $0.id < $1.id }, "work order list")
        for (index, event) in events.enumerated() {
            guard let category = LiveEvent.category(of: event) else { continue }
            try same(LiveEvent(id: index, type: category + "." + LiveEvent.name(of: event), category: category, time: Date(timeIntervalSince1970: 1_764_489_600),
                               entities: event.affectedEntities, data: event, message: nil), "live event \(index)")
        }
        try same(Array(state.equipment.values).sorted { $0.id < $1.id }, "equipment")
        try same(Array(state.operators.values).sorted { $0.id < $1.id }, "operators")
        try same(Array(state.lots.values).sorted { $0.lotCode < $1.lotCode }, "lots")
        let order = try #require(state.workOrders.keys.sorted().first)
        try same(try engine.auditTrail(of: EntityReference(.workOrder, order), by: admin), "audit trail")
        try same(ProblemDetails(status: 400, title: "Bad Request", detail: "bad \"input\"", pointer: "/a~1b"), "problem")
    }
}
