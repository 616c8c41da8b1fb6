import Foundation

/// The work order is the API's most read resource: its views write their JSON directly
/// (members in key order, nil optionals left out, as their Codable form under JSONEncoder).
extension WorkOrderRoutes.WorkOrderView: DirectJSONWritable {
    func writeJSON(to writer: JSONStreamWriter) {
        writer.object { object in
            object.date("completedAt", completedAt)
            object.date("createdAt", createdAt)
            object.string("customerOrder", customerOrder)
            object.string("id", id)
            object.key("operations")
            writer.out.append(UInt8(ascii: "["))
            for (index, operation) in operations.enumerated() {
                if index > 0 { writer.out.append(UInt8(ascii: ",")) }
                operation.writeJSON(to: writer)
            }
            writer.out.append(UInt8(ascii: "]"))
            object.string("partNumber", partNumber)
            object.string("priority", priority)
            object.int("quantity", quantity)
            object.date("releasedAt", releasedAt)
            object.string("revision", revision)
            object.strings("serials", serials)
            object.string("status", status)
            object.string("targetDate", targetDate)
        }
    }
}

extension WorkOrderRoutes.OperationView: DirectJSONWritable {
    func writeJSON(to writer: JSONStreamWriter) {
        writer.object { object in
            object.date("completedAt", completedAt)
            object.string("description", description)
            object.string("equipmentId", equipmentId)
            object.string("inspectionPlan", inspectionPlan)
            object.string("kind", kind)
            object.int("operationNumber", operationNumber)
            object.string("operatorId", operatorId)
            object.string("requiredCertification", requiredCertification)
            object.string("scrapReason", scrapReason)
            object.string("serial", serial)
            object.date("startedAt", startedAt)
            object.string("status", status)
            object.string("workCenter", workCenter)
        }
    }
}
