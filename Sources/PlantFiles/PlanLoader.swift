import Foundation

/// Reads a production plan (CSV or JSON, by extension) and checks it against the plant: every
/// field parsed, every machine, part and operation known, each machine able to do what it is
/// booked for, no two bookings overlapping on a machine, each order's operations in routing
/// order, complete and within the scenario. All problems are reported at once, each with its row.
///
/// CSV: a header row, then one row per operation: `work_order, part_number, revision (may be
/// empty), quantity, due, operation, machine, planned_start, planned_end` — dates ISO 8601.
/// JSON: `{"workOrders": [{"id", "partNumber", "revision"?, "quantity", "due",
/// "operations": [{"operation", "machine", "plannedStart", "plannedEnd"}]}]}`.
public enum PlanLoader {
    public static func load(_ path: String, plant: PlantDescription, start: Date, horizonHours: Double) throws(PlanFileError) -> ProductionPlan {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PlanFileError(file: path, problems: [.init(location: "file", message: "cannot read it: \(error.localizedDescription)")])
        }
        let rows: [Row]
        if path.lowercased().hasSuffix(".json") {
            rows = try jsonRows(text, file: path)
        } else if path.lowercased().hasSuffix(".csv") {
            rows = try csvRows(text, file: path)
        } else {
            throw PlanFileError(file: path, problems: [.init(location: "file", message: "a plan is a .csv or a .json file")])
        }
        return try check(rows, file: path, plant: plant, start: start, horizonHours: horizonHours)
    }

    /// One booking as read, before the checks: fields as text, with where they came from.
    struct Row {
        let location: String
        var fields: [String: String]
        /// Where each field is (a JSON pointer per field; the row for CSV).
        var fieldLocations: [String: String]
        func at(_ field: String) -> String { fieldLocations[field] ?? location }
    }

    static let columns = ["work_order", "part_number", "revision", "quantity", "due", "operation", "machine", "planned_start", "planned_end"]

    static func csvRows(_ text: String, file: String) throws(PlanFileError) -> [Row] {
        let (lines, openQuote) = parseCSV(text)
        if let openQuote {
            throw PlanFileError(file: file, problems: [.init(location: "row \(openQuote)", message: "a quoted field starts here and is never closed")])
        }
        guard let header = lines.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw PlanFileError(file: file, problems: [.init(location: "row 1", message: "the file is empty; expected a header row: \(columns.joined(separator: ","))")])
        }
        let missing = columns.filter { $0 != "revision" && !header.contains($0) }
        let unknown = header.filter { !columns.contains($0) }
        let repeated = Dictionary(grouping: header, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty {
            throw PlanFileError(file: file, problems: [.init(location: "row 1", message: "the header names \(repeated.joined(separator: ", ")) more than once")])
        }
        if !missing.isEmpty || !unknown.isEmpty {
            var message = "the header must name the columns \(columns.joined(separator: ","))"
            if !missing.isEmpty { message += "; missing: \(missing.joined(separator: ", "))" }
            if !unknown.isEmpty { message += "; unknown: \(unknown.joined(separator: ", "))" }
            throw PlanFileError(file: file, problems: [.init(location: "row 1", message: message)])
        }
        var rows: [Row] = []
        var problems: [PlanFileError.Problem] = []
        for line in lines.dropFirst() where !(line.fields.count == 1 && line.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
            let location = "row \(line.number)"
            if line.fields.count != header.count {
                problems.append(.init(location: location, message: "\(line.fields.count) fields, the header has \(header.count)"))
                continue
            }
            rows.append(Row(location: location, fields: Dictionary(uniqueKeysWithValues: zip(header, line.fields.map { $0.trimmingCharacters(in: .whitespaces) })),
                            fieldLocations: [:]))
        }
        if !problems.isEmpty { throw PlanFileError(file: file, problems: problems) }
        return rows
    }

    /// RFC 4180 fields with quotes; each record with the line it starts on, and the line of a
    /// quoted field still open at the end of the text, if any.
    static func parseCSV(_ text: String) -> (records: [(number: Int, fields: [String])], openQuote: Int?) {
        var records: [(Int, [String])] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, recordLine = 1
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if characters.last != "\n" { characters.append("\n") }
        var index = 0
        var quoteLine = 0
        while index < characters.count {
            let c = characters[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" { field.append("\""); index += 1 } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
                quoteLine = line
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" {
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            index += 1
        }
        return (records, quoted ? quoteLine : nil)
    }

    static func jsonRows(_ text: String, file: String) throws(PlanFileError) -> [Row] {
        func fail(_ location: String, _ message: String) -> PlanFileError { PlanFileError(file: file, problems: [.init(location: location, message: message)]) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw fail("document", "not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription)")
        }
        guard let root = object as? [String: Any] else { throw fail("/", "expected an object with \"workOrders\"") }
        let unknownRoot = root.keys.filter { $0 != "workOrders" }.sorted()
        if !unknownRoot.isEmpty { throw fail("/\(unknownRoot[0])", "unknown key; expected \"workOrders\"") }
        guard let orders = root["workOrders"] as? [Any] else { throw fail("/workOrders", "expected an array of work orders") }
        var rows: [Row] = []
        var problems: [PlanFileError.Problem] = []
        func string(_ value: Any?) -> String? {
            switch value {
            case let string as String: return string
            case let number as NSNumber: return number.stringValue
            default: return nil
            }
        }
        let orderKeys = ["id": "work_order", "partNumber": "part_number", "revision": "revision", "quantity": "quantity", "due": "due"]
        let operationKeys = ["operation": "operation", "machine": "machine", "plannedStart": "planned_start", "plannedEnd": "planned_end"]
        for (o, element) in orders.enumerated() {
            let orderPointer = "/workOrders/\(o)"
            guard let order = element as? [String: Any] else { problems.append(.init(location: orderPointer, message: "expected an object")); continue }
            for key in order.keys.sorted() where orderKeys[key] == nil && key != "operations" {
                problems.append(.init(location: "\(orderPointer)/\(key)", message: "unknown key; expected one of id, partNumber, revision, quantity, due, operations"))
            }
            guard let operations = order["operations"] as? [Any], !operations.isEmpty else {
                problems.append(.init(location: "\(orderPointer)/operations", message: "expected a non-empty array of operations"))
                continue
            }
            for (p, item) in operations.enumerated() {
                let pointer = "\(orderPointer)/operations/\(p)"
                guard let operation = item as? [String: Any] else { problems.append(.init(location: pointer, message: "expected an object")); continue }
                for key in operation.keys.sorted() where operationKeys[key] == nil {
                    problems.append(.init(location: "\(pointer)/\(key)", message: "unknown key; expected one of operation, machine, plannedStart, plannedEnd"))
                }
                var row = Row(location: pointer, fields: [:], fieldLocations: [:])
                for (key, column) in orderKeys {
                    if let value = string(order[key]) { row.fields[column] = value }
                    row.fieldLocations[column] = "\(orderPointer)/\(key)"
                }
                for (key, column) in operationKeys {
                    if let value = string(operation[key]) { row.fields[column] = value }
                    row.fieldLocations[column] = "\(pointer)/\(key)"
                }
                rows.append(row)
            }
        }
        if !problems.isEmpty { throw PlanFileError(file: file, problems: problems) }
        return rows
    }

    static func check(_ rows: [Row], file: String, plant: PlantDescription, start: Date, horizonHours: Double) throws(PlanFileError) -> ProductionPlan {
        var problems: [PlanFileError.Problem] = []
        func add(_ location: String, _ message: String) { problems.append(.init(location: location, message: message)) }
        let dates = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions.insert(.withFractionalSeconds)
        func date(_ row: Row, _ field: String) -> Date? {
            guard let text = row.fields[field], !text.isEmpty else { add(row.at(field), "\(field) is missing"); return nil }
            guard let value = dates.date(from: text) ?? fractional.date(from: text) else {
                add(row.at(field), "\(field) must be an ISO 8601 date and time such as 2026-01-05T06:00:00Z, got '\(text)'")
                return nil
            }
            return value
        }
        func integer(_ row: Row, _ field: String) -> Int? {
            guard let text = row.fields[field], !text.isEmpty else { add(row.at(field), "\(field) is missing"); return nil }
            guard let value = Int(text) else { add(row.at(field), "\(field) must be a whole number, got '\(text)'"); return nil }
            return value
        }
        let end = start.addingTimeInterval(horizonHours * 3_600)
        let machines = Dictionary(plant.machines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var bookings: [(order: String, part: PartDescription?, quantity: Int?, due: Date?, booking: ProductionPlan.Booking, revision: String?)] = []
        var firstSeen: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            if let order = row.fields["work_order"], firstSeen[order] == nil { firstSeen[order] = index }
            guard let order = row.fields["work_order"], !order.isEmpty else { add(row.at("work_order"), "work_order is missing"); continue }
            let partNumber = row.fields["part_number"] ?? ""
            let revision = row.fields["revision"].flatMap { $0.isEmpty ? nil : $0 }
            let candidates = plant.parts.filter { $0.partNumber == partNumber && (revision == nil || $0.revision == revision) }
            let part = candidates.max { $0.revision.compare($1.revision, options: .numeric) == .orderedAscending }
            if part == nil { add(row.at("part_number"), "the plant has no part '\(partNumber)'\(revision.map { " rev \($0)" } ?? "")") }
            let quantity = integer(row, "quantity")
            if let quantity, quantity < 1 { add(row.at("quantity"), "quantity must be at least 1, got \(quantity)") }
            let due = date(row, "due")
            let operation = integer(row, "operation")
            let machineId = row.fields["machine"] ?? ""
            let machine = machines[machineId]
            if machine == nil { add(row.at("machine"), "the plant has no machine '\(machineId)'") }
            if let part, let operation {
                if let step = part.routing.first(where: { $0.operation == operation }) {
                    if let machine, machine.workCenter != step.workCenter && !(step.alternateWorkCenters ?? []).contains(machine.workCenter) {
                        add(row.at("machine"), "machine '\(machine.id)' (\(machine.workCenter)) cannot do operation \(operation) of \(part.partNumber) (work centre \(step.workCenter))")
                    }
                } else {
                    add(row.at("operation"), "\(part.partNumber) rev \(part.revision) has no operation \(operation) (its routing: \(part.routing.map { String($0.operation) }.joined(separator: ", ")))")
                }
            }
            let from = date(row, "planned_start"), to = date(row, "planned_end")
            if let from, let to {
                if !(to > from) { add(row.at("planned_end"), "planned_end must come after planned_start") }
                if from < start || from >= end { add(row.at("planned_start"), "planned_start lies outside the scenario (\(dates.string(from: start)) to \(dates.string(from: end)))") }
            }
            guard let operation, let from, let to, machine != nil else { continue }
            bookings.append((order, part, quantity, due, ProductionPlan.Booking(workOrder: order, operation: operation, machine: machineId, start: from, end: to, location: row.location),
                             revision))
        }
        // One order, one part, quantity and due date; its routing booked once per operation, in order.
        var orders: [ProductionPlan.Order] = []
        let grouped = Dictionary(grouping: bookings, by: \.order)
        for id in grouped.keys.sorted(by: { (firstSeen[$0] ?? 0, $0) < (firstSeen[$1] ?? 0, $1) }) {
            let rows = grouped[id]!
            let first = rows[0]
            for other in rows.dropFirst()
            where other.part?.partNumber != first.part?.partNumber || other.revision != first.revision || other.quantity != first.quantity || other.due != first.due {
                add(other.booking.location, "work order \(id) has another part, revision, quantity or due date than on \(first.booking.location)")
            }
            guard let part = first.part, let quantity = first.quantity, let due = first.due else { continue }
            var seen: [Int: String] = [:]
            for row in rows {
                if let earlier = seen[row.booking.operation] { add(row.booking.location, "operation \(row.booking.operation) of \(id) is booked twice (also \(earlier))") }
                seen[row.booking.operation] = row.booking.location
            }
            let missing = part.routing.map(\.operation).filter { seen[$0] == nil }
            if !missing.isEmpty { add(first.booking.location, "work order \(id) books no machine for operation\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", "))") }
            let ordered = part.routing.compactMap { step in rows.first { $0.booking.operation == step.operation }?.booking }
            for (before, after) in zip(ordered, ordered.dropFirst()) where after.start < before.end {
                add(after.location, "operation \(after.operation) of \(id) starts at \(dates.string(from: after.start)), before operation \(before.operation) (\(before.location)) ends at \(dates.string(from: before.end))")
            }
            orders.append(ProductionPlan.Order(id: id, partNumber: part.partNumber, revision: part.revision, quantity: quantity, due: due, bookings: ordered))
        }
        // No machine is booked twice at once.
        for (machine, list) in Dictionary(grouping: orders.flatMap(\.bookings), by: \.machine).sorted(by: { $0.key < $1.key }) {
            let sorted = list.sorted { ($0.start, $0.location) < ($1.start, $1.location) }
            for (before, after) in zip(sorted, sorted.dropFirst()) where after.start < before.end {
                add(after.location, "overlaps \(before.location) on machine \(machine): \(before.workOrder)/\(before.operation) runs until \(dates.string(from: before.end)), \(after.workOrder)/\(after.operation) starts at \(dates.string(from: after.start))")
            }
        }
        if orders.isEmpty && problems.isEmpty { add("file", "the plan books nothing") }
        if !problems.isEmpty {
            // In file order: rows by number, JSON pointers by their indices.
            func order(_ location: String) -> [Int] {
                location.split(whereSeparator: { $0 == " " || $0 == "/" }).compactMap { Int($0) }
            }
            throw PlanFileError(file: file, problems: problems.enumerated().sorted { lhs, rhs in
                let (a, b) = (order(lhs.element.location), order(rhs.element.location))
                return a != b ? a.lexicographicallyPrecedes(b) : lhs.offset < rhs.offset
            }.map(\.element))
        }
        return ProductionPlan(orders: orders)
    }
}
