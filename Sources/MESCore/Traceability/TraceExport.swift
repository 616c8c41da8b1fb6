import Foundation

/// Trace results as files for auditors and customers (§4.4 export): JSON, or CSV with one row per line item.
public enum TraceExport {
    public enum Format: String, Codable, Sendable, CaseIterable { case json, csv }

    public static func json<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return try encoder.encode(value)
        } catch {
            // Trace results hold only validated, finite values.
            preconditionFailure("\(Value.self) cannot be exported as JSON: \(error)")
        }
    }

    public static func csv(_ trace: ForwardTrace) -> String {
        table(["lot", "serial", "work_order", "part_number", "status", "installed_in"],
              trace.serials.map { [trace.lot, $0.serial, $0.workOrderId, $0.partNumber, $0.status.rawValue, $0.installedIn ?? ""] })
    }

    public static func csv(_ trace: BackwardTrace) -> String {
        table(["serial", "lot", "material", "heat_number", "supplier", "parent_lot", "status"],
              trace.lots.map { [trace.serial, $0.lotCode, $0.material, $0.heatNumber, $0.supplier, $0.parentLot ?? "", $0.status.rawValue] })
    }

    /// One row per operation and per consumed lot, components included, each row naming its serial.
    public static func csv(_ node: GenealogyNode) -> String {
        var rows: [[String]] = []
        func walk(_ node: GenealogyNode, parent: String) {
            for operation in node.operations {
                rows.append([node.serial, parent, "operation", String(operation.number), operation.status.rawValue, operation.equipmentId ?? "",
                             operation.operatorId ?? "", operation.startedAt.map(iso) ?? "", operation.completedAt.map(iso) ?? "", ""])
            }
            for material in node.materials {
                rows.append([node.serial, parent, "material", material.lotCode, material.heatNumber, material.supplier, material.material,
                             iso(material.time), "", String(material.quantity)])
            }
            for component in node.components { walk(component, parent: node.serial) }
        }
        walk(node, parent: "")
        return table(["serial", "installed_in", "kind", "id", "status_or_heat", "equipment_or_supplier", "operator_or_material", "start", "end", "quantity"], rows)
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
