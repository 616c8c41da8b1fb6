/// A manufactured part at one engineering revision, with what it is made of and how.
public struct Part: Codable, Sendable, Hashable {
    public let partNumber: String
    public let revision: String
    public var description: String
    /// Parts of one family share setups on a machine.
    public var family: String?
    public var billOfMaterials: [BOMLine]
    public var routing: [RoutingOperation]

    public init(
        partNumber: String, revision: String, description: String, family: String? = nil, billOfMaterials: [BOMLine] = [],
        routing: [RoutingOperation]
    ) {
        self.partNumber = partNumber
        self.revision = revision
        self.description = description
        self.family = family
        self.billOfMaterials = billOfMaterials
        self.routing = routing
    }

    /// Part number and revision, the identity of a part definition.
    public var key: String { Part.key(partNumber, revision) }
    public static func key(_ partNumber: String, _ revision: String) -> String { "\(partNumber)/\(revision)" }
}

/// One input of a part: raw material per unit, or a serialised component part installed into it.
public struct BOMLine: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case material, component }
    public let kind: Kind
    /// A material id for `.material`, a part number for `.component`.
    public let item: String
    public let quantityPerUnit: Double
    public let unit: String

    public init(kind: Kind = .material, item: String, quantityPerUnit: Double, unit: String) {
        self.kind = kind
        self.item = item
        self.quantityPerUnit = quantityPerUnit
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey { case kind, item, quantityPerUnit, unit }

    /// `kind` may be left out of a plant file: a line is raw material unless it says otherwise.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .material
        item = try c.decode(String.self, forKey: .item)
        quantityPerUnit = try c.decode(Double.self, forKey: .quantityPerUnit)
        unit = try c.decode(String.self, forKey: .unit)
    }
}

/// One step of a routing.
public struct RoutingOperation: Codable, Sendable, Hashable {
    /// Operation number (10, 20, 30, ...), unique within the routing and in execution order.
    public let number: Int
    public var description: String
    public var workCenter: String
    public var equipmentClass: String
    public var setupMinutes: Double
    public var runMinutes: Double
    /// The certification an operator must hold, unexpired, to start this operation.
    public var requiredCertification: String?
    public var inspectionPlan: String?
    public var alternateWorkCenters: [String]

    public init(
        number: Int, description: String, workCenter: String, equipmentClass: String, setupMinutes: Double = 0, runMinutes: Double,
        requiredCertification: String? = nil, inspectionPlan: String? = nil, alternateWorkCenters: [String] = []
    ) {
        self.number = number
        self.description = description
        self.workCenter = workCenter
        self.equipmentClass = equipmentClass
        self.setupMinutes = setupMinutes
        self.runMinutes = runMinutes
        self.requiredCertification = requiredCertification
        self.inspectionPlan = inspectionPlan
        self.alternateWorkCenters = alternateWorkCenters
    }

    /// Whether equipment in `workCenter` may perform this operation.
    public func accepts(workCenter candidate: String) -> Bool {
        candidate == workCenter || alternateWorkCenters.contains(candidate)
    }
}
