/// PackML unit modes (ISA-TR88.00.02 defines Production, Maintenance and Manual; plants add
/// their own, and a changeover mode is the usual one): what a machine is doing its states for.
public enum PackMLUnitMode: String, Codable, Sendable, CaseIterable {
    case production = "Production", maintenance = "Maintenance", manual = "Manual", changeover = "Changeover"
}
