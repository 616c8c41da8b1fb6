/// A kind of raw material (an alloy bar stock, a forging, a casting) and its unit of measure.
public struct MaterialDefinition: Codable, Sendable, Hashable {
    public let id: String
    public var description: String
    public var unit: String

    public init(id: String, description: String, unit: String) {
        self.id = id
        self.description = description
        self.unit = unit
    }
}
