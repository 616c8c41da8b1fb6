import Foundation

/// AS9102 first-article forms and the printable certificate of conformance.
public enum QualityDocuments {
    /// The three AS9102 forms of a first-article report, as JSON-ready values.
    public struct FirstArticleForms: Codable, Sendable, Equatable {
        public struct PartAccountability: Codable, Sendable, Equatable {
            public let partNumber: String
            public let partName: String
            public let serialNumber: String
            public let faiReportNumber: String
            public let partRevisionLevel: String
            public let fullOrPartial: String
            public let reasonForPartialFAI: String?
            public let organization: String
        }
        public struct ProductAccountability: Codable, Sendable, Equatable {
            public struct Material: Codable, Sendable, Equatable {
                public let materialOrProcess: String
                public let specificationNumber: String
                public let lotCode: String
                public let heatNumber: String
                public let supplier: String
                public let certificates: [String]
            }
            public let materials: [Material]
        }
        public struct CharacteristicAccountability: Codable, Sendable, Equatable {
            public let characteristicNumber: Int
            public let characteristicId: String
            public let designRequirement: String
            public let results: [String]
            public let designedTooling: String?
            public let nonconformanceNumber: String?
        }
        public let form1: PartAccountability
        public let form2: ProductAccountability
        public let form3: [CharacteristicAccountability]
    }

    public static func firstArticleForms(_ report: FirstArticleReport, in state: MESState, organization: String = "JetMES plant") -> FirstArticleForms {
        let key = Part.key(report.partNumber, report.revision)
        let part = state.parts[key]
        let unit = state.serials[report.serial]
        let plans = state.inspectionPlans.values.filter { $0.partNumber == report.partNumber && $0.revision == report.revision }
        let characteristics = plans.flatMap(\.characteristics).filter { report.characteristicIds.contains($0.id) }.sorted { $0.balloon < $1.balloon }
        let inspections = state.inspections.values.filter { $0.serial == report.serial }
        let materials = (unit?.consumptions ?? []).compactMap { consumption -> FirstArticleForms.ProductAccountability.Material? in
            guard let lot = state.lots[consumption.lotCode] else { return nil }
            return .init(materialOrProcess: state.materials[lot.material]?.description ?? lot.material, specificationNumber: lot.material, lotCode: lot.lotCode,
                         heatNumber: lot.heatNumber, supplier: lot.supplier, certificates: lot.certificates.map(\.id))
        }
        return FirstArticleForms(
            form1: .init(partNumber: report.partNumber, partName: part?.description ?? "", serialNumber: report.serial, faiReportNumber: report.number,
                         partRevisionLevel: report.revision, fullOrPartial: report.scope.rawValue,
                         reasonForPartialFAI: report.scope == .partial ? report.reason : nil, organization: organization),
            form2: .init(materials: materials),
            form3: characteristics.map { c in
                let results = inspections.flatMap(\.results).filter { $0.characteristicId == c.id }
                let ncr = state.nonConformances.values.first { $0.subject == EntityReference(.serial, report.serial) && $0.characteristicIds.contains(c.id) }
                return .init(characteristicNumber: c.balloon, characteristicId: c.id, designRequirement: requirement(c),
                             results: results.map { "\($0.value) \(c.unit)\($0.conforms ? "" : " (nonconforming)")" },
                             designedTooling: results.last?.gaugeId ?? c.gaugeId, nonconformanceNumber: ncr?.id)
            })
    }

    static func requirement(_ c: Characteristic) -> String {
        switch (c.lowerLimit, c.upperLimit) {
        case (let lower?, let upper?): "\(c.nominal) \(c.unit) [\(lower), \(upper)]"
        case (nil, let upper?): "≤ \(upper) \(c.unit)"
        case (let lower?, nil): "≥ \(lower) \(c.unit)"
        case (nil, nil): "\(c.nominal) \(c.unit)"
        }
    }

    /// The certificate as a self-contained, printable HTML page.
    public static func html(_ certificate: CertificateOfConformance) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        let date = ISO8601DateFormatter().string(from: certificate.issuedAt)
        let inspectionRows = certificate.inspections.map {
            "<tr><td>\(escape($0.inspectionId))</td><td>\(escape($0.serial))</td><td>\(escape($0.planId))</td><td>\($0.status.rawValue)</td><td>\($0.characteristicsMeasured)</td></tr>"
        }.joined(separator: "\n")
        let ncrRows = certificate.nonConformances.isEmpty
            ? "<tr><td colspan=\"4\">None</td></tr>"
            : certificate.nonConformances.map {
                "<tr><td>\(escape($0.id))</td><td>\(escape($0.subject))</td><td>\(escape($0.description))</td><td>\($0.disposition?.rawValue ?? "-") (\($0.status.rawValue))</td></tr>"
            }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Certificate of Conformance \(escape(certificate.id))</title>
            <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;width:100%;margin:1em 0}
            td,th{border:1px solid #999;padding:.3em .5em;text-align:left}th{background:#eee}.sig{margin-top:2em;border-top:1px solid #000;padding-top:.5em}
            @media print{body{margin:1cm}}</style></head><body>
            <h1>Certificate of Conformance</h1>
            <table>
            <tr><th>Certificate</th><td>\(escape(certificate.id))</td><th>Work order</th><td>\(escape(certificate.workOrderId))</td></tr>
            <tr><th>Customer order</th><td>\(escape(certificate.customerOrder ?? "-"))</td><th>Part number / revision</th><td>\(escape(certificate.partNumber)) rev \(escape(certificate.revision))</td></tr>
            <tr><th>Quantity</th><td>\(certificate.quantity)</td><th>Serial numbers</th><td>\(certificate.serials.map(escape).joined(separator: ", "))</td></tr>
            </table>
            <p>\(escape(certificate.statement))</p>
            <h2>Inspections</h2>
            <table><tr><th>Inspection</th><th>Serial</th><th>Plan</th><th>Result</th><th>Characteristics</th></tr>
            \(inspectionRows)
            </table>
            <h2>Non-conformances</h2>
            <table><tr><th>NCR</th><th>Subject</th><th>Description</th><th>Disposition</th></tr>
            \(ncrRows)
            </table>
            <div class="sig">Signed: <strong>\(escape(certificate.signature.printedName))</strong> (\(escape(certificate.signature.signerId))),
            \(date), meaning: \(certificate.signature.meaning.rawValue)</div>
            </body></html>
            """
    }
}
