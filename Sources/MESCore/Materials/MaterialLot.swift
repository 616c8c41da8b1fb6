import Foundation

/// A received lot of material (or a sub-lot split from one), traceable to its heat and supplier.
public struct MaterialLot: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case available = "Available", quarantined = "Quarantined", consumed = "Consumed"
        /// Sent back to the supplier under a return-to-vendor disposition.
        case returned = "Returned"
    }

    public let lotCode: String
    public let material: String
    public let heatNumber: String
    public let supplier: String
    /// Quantity received (or split off), in `unit`.
    public let quantity: Double
    /// Quantity not yet consumed or split off.
    public var remaining: Double
    /// Of `remaining`, the part promised to work orders.
    public var allocated: Double
    public let unit: String
    public var status: Status
    public var certificates: [MaterialCertificate]
    /// The lot this one was split from.
    public let parentLot: String?

    public init(
        lotCode: String, material: String, heatNumber: String, supplier: String, quantity: Double, unit: String,
        status: Status = .available, certificates: [MaterialCertificate] = [], parentLot: String? = nil
    ) {
        self.lotCode = lotCode
        self.material = material
        self.heatNumber = heatNumber
        self.supplier = supplier
        self.quantity = quantity
        self.remaining = quantity
        self.allocated = 0
        self.unit = unit
        self.status = status
        self.certificates = certificates
        self.parentLot = parentLot
    }
}

/// A certification document received with a lot (mill certificate, certificate of conformity, test report).
public struct MaterialCertificate: Codable, Sendable, Hashable {
    public let id: String
    public let type: String
    public let issuer: String
    public let issued: Date

    public init(id: String, type: String, issuer: String, issued: Date) {
        self.id = id
        self.type = type
        self.issuer = issuer
        self.issued = issued
    }
}

/// Material drawn from a lot into a serial.
public struct Consumption: Codable, Sendable, Hashable {
    public let lotCode: String
    public let quantity: Double
    public let operationNumber: Int?
    public let time: Date

    public init(lotCode: String, quantity: Double, operationNumber: Int?, time: Date) {
        self.lotCode = lotCode
        self.quantity = quantity
        self.operationNumber = operationNumber
        self.time = time
    }
}

/// Material promised to a work order.
public struct Allocation: Codable, Sendable, Hashable {
    public let lotCode: String
    public let workOrderId: String
    public var quantity: Double

    public init(lotCode: String, workOrderId: String, quantity: Double) {
        self.lotCode = lotCode
        self.workOrderId = workOrderId
        self.quantity = quantity
    }
}

/// An approved use of `substitute` where a part's bill of materials calls for `material`.
public struct Substitution: Codable, Sendable, Hashable {
    public let partNumber: String
    public let material: String
    public let substitute: String
    public let signature: ElectronicSignature

    public init(partNumber: String, material: String, substitute: String, signature: ElectronicSignature) {
        self.partNumber = partNumber
        self.material = material
        self.substitute = substitute
        self.signature = signature
    }

    public var reference: EntityReference { .init(.substitution, "\(partNumber):\(material)->\(substitute)") }
}
