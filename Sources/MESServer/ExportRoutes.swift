import Foundation
import Hummingbird
import MESCore

/// §4.4 `POST /export`: a traceability record to hand to a customer or an authority — for a
/// serial its genealogy, the lots it is made of and its audit trail; for a lot every serial it
/// went into — as a JSON document or a CSV table, downloaded as a file.
struct ExportRoutes {
    let service: MESService

    struct ExportRequest: Codable {
        let subject: EntityReference
        let format: Format?

        enum Format: String, Codable { case json, csv }
    }

    struct SerialRecord: Codable {
        let exportedAt: Date
        let exportedBy: String
        let serial: String
        let genealogy: GenealogyNode
        let backward: BackwardTrace
        let auditTrail: [AuditRecord]
    }

    struct LotRecord: Codable {
        let exportedAt: Date
        let exportedBy: String
        let lot: String
        let forward: ForwardTrace
        let auditTrail: [AuditRecord]
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.post("export") { request, context -> Response in
            let actor = try context.requireActor()
            let body = try await decode(ExportRequest.self, request, context)
            let format = body.format ?? .json
            let id = body.subject.id, now = Date()
            let data: Data
            switch body.subject.kind {
            case .serial:
                let (genealogy, backward) = try await service.read { engine throws(MESError) in
                    let trace = try engine.traceability(by: actor)
                    return (try trace.genealogy(of: id), try trace.backward(from: id))
                }
                let trail = try await service.auditTrail(of: body.subject, by: actor)
                data = switch format {
                case .json: Data(try context.responseEncoder.encode(SerialRecord(exportedAt: now, exportedBy: actor.id, serial: id, genealogy: genealogy, backward: backward,
                                                                            auditTrail: trail)))
                case .csv: Self.csv(["serial", "lot_code", "material", "heat_number", "supplier", "parent_lot", "lot_status"], backward.lots.map {
                    [id, $0.lotCode, $0.material, $0.heatNumber, $0.supplier, $0.parentLot ?? "", $0.status.rawValue]
                })
                }
            case .lot:
                let forward = try await service.read { engine throws(MESError) in try engine.traceability(by: actor).forward(from: id) }
                let trail = try await service.auditTrail(of: body.subject, by: actor)
                data = switch format {
                case .json: Data(try context.responseEncoder.encode(LotRecord(exportedAt: now, exportedBy: actor.id, lot: id, forward: forward, auditTrail: trail)))
                case .csv: Self.csv(["lot_code", "serial", "work_order", "part_number", "serial_status", "installed_in"], forward.serials.map {
                    [id, $0.serial, $0.workOrderId, $0.partNumber, $0.status.rawValue, $0.installedIn ?? ""]
                })
                }
            default:
                throw APIError(.unprocessableContent, "an export is of a serial or a lot, not a \(body.subject.kind.rawValue)", pointer: "/subject/kind")
            }
            let name = "trace-\(body.subject.kind.rawValue)-\(id.filter { $0.isLetter || $0.isNumber || $0 == "-" }).\(format.rawValue)"
            return Response(status: .ok, headers: [
                .contentType: format == .json ? "application/json" : "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted.
    static func csv(_ header: [String], _ rows: [[String]]) -> Data {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return Data(([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined().utf8)
    }
}
