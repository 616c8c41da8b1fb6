import Foundation

/// The answer to "where did this lot go?" (§4.4 forward traceability).
public struct ForwardTrace: Codable, Sendable, Equatable {
    public let lot: String
    /// The lot and every sub-lot split from it.
    public let lots: [String]
    public let serials: [TracedSerial]
    public let workOrders: [String]
}

public struct TracedSerial: Codable, Sendable, Equatable {
    public let serial: String
    public let workOrderId: String
    public let partNumber: String
    public let status: SerialUnit.Status
    public let installedIn: String?
}

/// The answer to "what is this serial made of?" (§4.4 backward traceability).
public struct BackwardTrace: Codable, Sendable, Equatable {
    public let serial: String
    /// Installed components at any depth.
    public let components: [String]
    public let lots: [TracedLot]
}

public struct TracedLot: Codable, Sendable, Equatable {
    public let lotCode: String
    public let material: String
    public let heatNumber: String
    public let supplier: String
    public let parentLot: String?
    public let status: MaterialLot.Status
}

/// A serial's genealogy tree (§4.4).
public struct GenealogyNode: Codable, Sendable, Equatable {
    public struct ConsumedMaterial: Codable, Sendable, Equatable {
        public let lotCode: String
        public let material: String
        public let heatNumber: String
        public let supplier: String
        /// The lots this one was split from, nearest first.
        public let lotAncestry: [String]
        public let quantity: Double
        public let unit: String
        public let operationNumber: Int?
        public let time: Date
    }

    public let serial: String
    public let partNumber: String
    public let revision: String
    public let workOrderId: String
    public let status: SerialUnit.Status
    public let operations: [OperationRecord]
    public let materials: [ConsumedMaterial]
    public let components: [GenealogyNode]
}
