import Foundation

/// First-article inspection (AS9102) status of one part revision.
public struct FirstArticleStatus: Codable, Sendable, Hashable {
    /// The FAI still to be done, if any.
    public var pending: FirstArticleRequirement?
    public var reports: [FirstArticleReport] = []
}

public struct FirstArticleRequirement: Codable, Sendable, Hashable {
    public enum Scope: String, Codable, Sendable { case full = "Full", partial = "Partial" }
    public let scope: Scope
    public let reason: String
    /// For a partial FAI, the characteristics the change affects.
    public let characteristicIds: [String]
    public let since: Date
}

/// A completed FAI: which serial, which characteristics, with what results, approved by whom.
public struct FirstArticleReport: Codable, Sendable, Hashable {
    public let number: String
    public let partNumber: String
    public let revision: String
    public let serial: String
    public let scope: FirstArticleRequirement.Scope
    public let reason: String
    public let characteristicIds: [String]
    public let signature: ElectronicSignature
}

/// A change that invalidates part of a previous first article (AS9102 §4.6).
public struct ProcessChange: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case ncProgram = "NC program", tooling = "tooling", process = "process", materialSource = "material source", location = "location"
    }
    public let kind: Kind
    public let description: String
    public let affectedCharacteristics: [String]

    public init(kind: Kind, description: String, affectedCharacteristics: [String]) {
        self.kind = kind
        self.description = description
        self.affectedCharacteristics = affectedCharacteristics
    }
}

/// A signed certificate of conformance for a work order.
public struct CertificateOfConformance: Codable, Sendable, Hashable {
    public struct InspectionLine: Codable, Sendable, Hashable {
        public let inspectionId: String
        public let serial: String
        public let planId: String
        public let status: Inspection.Status
        public let characteristicsMeasured: Int
    }
    public struct NonConformanceLine: Codable, Sendable, Hashable {
        public let id: String
        public let subject: String
        public let description: String
        public let disposition: NonConformance.Disposition?
        public let status: NonConformance.Status
    }

    public let id: String
    public let workOrderId: String
    public let customerOrder: String?
    public let partNumber: String
    public let revision: String
    public let quantity: Int
    public let serials: [String]
    public let statement: String
    public let inspections: [InspectionLine]
    public let nonConformances: [NonConformanceLine]
    public let signature: ElectronicSignature
    public let issuedAt: Date
}

/// Material sent back to its supplier under a return-to-vendor disposition.
public struct SupplierReturn: Codable, Sendable, Hashable {
    public let lotCode: String
    public let supplier: String
    public let quantity: Double
    public let nonConformanceId: String
    public let time: Date
}
