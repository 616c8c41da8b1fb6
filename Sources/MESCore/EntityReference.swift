/// Names one entity of the MES state: what audit records and refusals are filed against.
public struct EntityReference: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case part, material, lot, equipment, tool, `operator`, workOrder, serial, maintenanceOrder, substitution
        case inspectionPlan, inspection, nonConformance, certificate, firstArticle
    }

    public let kind: Kind
    public let id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue) \(id)" }
}
