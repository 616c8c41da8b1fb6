/// Everything a plant file defines before production starts; the twin's plant loader decodes
/// this and the core imports it with `Command.loadMasterData`.
public struct MasterData: Codable, Sendable, Hashable {
    public var parts: [Part]
    public var materials: [MaterialDefinition]
    public var lots: [MaterialLot]
    public var equipment: [Equipment]
    public var tools: [ToolGauge]
    public var operators: [Operator]

    public init(
        parts: [Part] = [], materials: [MaterialDefinition] = [], lots: [MaterialLot] = [], equipment: [Equipment] = [],
        tools: [ToolGauge] = [], operators: [Operator] = []
    ) {
        self.parts = parts
        self.materials = materials
        self.lots = lots
        self.equipment = equipment
        self.tools = tools
        self.operators = operators
    }
}
