import Foundation
import MESCore

/// A small jet-engine shop to try JetMES on: HPT blades turned, milled and CMM-inspected from
/// Inconel 718 bar, and HPT disks turned from Ti-6Al-4V into which blades are installed. Dates
/// are relative to `start`, so the shop is always fresh: LATHE-1's PM was done the day before,
/// GAUGE-1 falls due for calibration on day 10 and op-2's turning certificate expires on day 2.
public enum SampleShop {
    public static let blade = "ENG-BLADE-001"
    public static let disk = "ENG-DISK-001"
    public static let heatLot = "L-IN718-001"

    /// Which machine performs each operation of each part.
    public static let equipmentFor: [String: [Int: String]] = [blade: [10: "LATHE-1", 20: "MILL-1", 30: "CMM-1"], disk: [10: "LATHE-1", 20: "BENCH-1"]]

    public static func masterData(start: Date) -> MasterData {
        func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }
        return MasterData(
            parts: [
                Part(
                    partNumber: blade, revision: "A", description: "HPT blade", family: "blades",
                    billOfMaterials: [BOMLine(item: "IN718-BAR", quantityPerUnit: 2.5, unit: "kg")],
                    routing: [
                        RoutingOperation(number: 10, description: "Turn root", workCenter: "TURN", equipmentClass: "lathe", runMinutes: 30,
                                         requiredCertification: "CNC-TURN", alternateWorkCenters: ["TURN-2"]),
                        RoutingOperation(number: 20, description: "Mill airfoil", workCenter: "MILL", equipmentClass: "5-axis", runMinutes: 90,
                                         requiredCertification: "CNC-MILL"),
                        RoutingOperation(number: 30, description: "CMM inspection", workCenter: "CMM", equipmentClass: "cmm", runMinutes: 20,
                                         requiredCertification: "CMM-INSP", inspectionPlan: "IP-BLADE-30"),
                    ]),
                Part(
                    partNumber: disk, revision: "A", description: "HPT disk with blades",
                    billOfMaterials: [
                        BOMLine(item: "TI64-BAR", quantityPerUnit: 10, unit: "kg"),
                        BOMLine(kind: .component, item: blade, quantityPerUnit: 2, unit: "ea"),
                    ],
                    routing: [
                        RoutingOperation(number: 10, description: "Turn disk", workCenter: "TURN", equipmentClass: "lathe", runMinutes: 120,
                                         requiredCertification: "CNC-TURN"),
                        RoutingOperation(number: 20, description: "Install blades", workCenter: "ASSY", equipmentClass: "bench", runMinutes: 60),
                    ]),
            ],
            materials: [
                MaterialDefinition(id: "IN718-BAR", description: "Inconel 718 bar", unit: "kg"),
                MaterialDefinition(id: "IN718-FORGING", description: "Inconel 718 forging", unit: "kg"),
                MaterialDefinition(id: "TI64-BAR", description: "Ti-6Al-4V bar", unit: "kg"),
            ],
            lots: [
                MaterialLot(lotCode: heatLot, material: "IN718-BAR", heatNumber: "H-7781", supplier: "Special Metals", quantity: 100, unit: "kg",
                            certificates: [MaterialCertificate(id: "MC-7781", type: "mill certificate", issuer: "Special Metals", issued: day(-30))]),
                MaterialLot(lotCode: "L-IN718-002", material: "IN718-BAR", heatNumber: "H-9999", supplier: "Haynes", quantity: 50, unit: "kg"),
                MaterialLot(lotCode: "L-TI64-001", material: "TI64-BAR", heatNumber: "H-2201", supplier: "TIMET", quantity: 200, unit: "kg"),
            ],
            equipment: [
                Equipment(id: "LATHE-1", equipmentClass: "lathe", workCenter: "TURN", calibrationDue: day(180), calibrationIntervalDays: 180,
                          preventiveMaintenanceIntervalDays: 30, lastPreventiveMaintenance: day(-1)),
                Equipment(id: "LATHE-2", equipmentClass: "lathe", workCenter: "TURN-2"),
                Equipment(id: "MILL-1", equipmentClass: "5-axis", workCenter: "MILL"),
                Equipment(id: "CMM-1", equipmentClass: "cmm", workCenter: "CMM", calibrationDue: day(365), calibrationIntervalDays: 365),
                Equipment(id: "BENCH-1", equipmentClass: "bench", workCenter: "ASSY"),
            ],
            tools: [ToolGauge(id: "GAUGE-1", kind: .gauge, description: "Root form gauge", calibrationDue: day(10), calibrationIntervalDays: 90)],
            operators: [
                Operator(id: "op-1", name: "Olu Operator", certifications: [
                    Certification(skill: "CNC-TURN", issued: day(-100), expires: day(365)),
                    Certification(skill: "CNC-MILL", issued: day(-100), expires: day(365)),
                    Certification(skill: "CMM-INSP", issued: day(-100), expires: day(365)),
                ]),
                Operator(id: "op-2", name: "Oksana Operator", certifications: [Certification(skill: "CNC-TURN", issued: day(-400), expires: day(2))]),
            ])
    }
}
