extension MESCore.Context {
    func loadMasterData(_ data: MasterData) throws(MESError) -> [DomainEvent] {
        try require(data != MasterData(), .validation(field: "masterData", message: "there is nothing to load"))
        // Decided one definition at a time against the growing state, so a lot may name a
        // material defined earlier in the same file, and a duplicate anywhere refuses the whole load.
        var staged = state
        var events: [DomainEvent] = []
        func stage(_ decide: (MESCore.Context) throws(MESError) -> [DomainEvent]) throws(MESError) {
            let decided = try decide(MESCore.Context(state: staged, actor: actor, time: time))
            for event in decided { staged.apply(event) }
            events += decided
        }
        for material in data.materials { try stage { context throws(MESError) in try context.defineMaterial(material) } }
        for part in data.parts { try stage { context throws(MESError) in try context.definePart(part) } }
        for machine in data.equipment { try stage { context throws(MESError) in try context.registerEquipment(machine) } }
        for tool in data.tools { try stage { context throws(MESError) in try context.registerTool(tool) } }
        for person in data.operators { try stage { context throws(MESError) in try context.registerOperator(person) } }
        for lot in data.lots { try stage { context throws(MESError) in try context.receiveLot(lot) } }
        return events
    }

    func definePart(_ part: Part) throws(MESError) -> [DomainEvent] {
        try nonEmpty("partNumber", part.partNumber)
        try nonEmpty("revision", part.revision)
        try require(state.parts[part.key] == nil, .duplicate(entity: "part", id: part.key))
        try require(!part.routing.isEmpty, .validation(field: "routing", message: "part \(part.key) needs at least one operation"))
        let numbers = part.routing.map(\.number)
        try require(numbers == numbers.sorted() && Set(numbers).count == numbers.count,
                    .validation(field: "routing", message: "operation numbers of \(part.key) must be unique and ascending, got \(numbers)"))
        for operation in part.routing {
            try nonEmpty("routing[\(operation.number)].workCenter", operation.workCenter)
            try nonNegative("routing[\(operation.number)].setupMinutes", operation.setupMinutes)
            try nonNegative("routing[\(operation.number)].runMinutes", operation.runMinutes)
        }
        for (index, line) in part.billOfMaterials.enumerated() {
            try positive("billOfMaterials[\(index)].quantityPerUnit", line.quantityPerUnit)
            if line.kind == .material {
                try require(state.materials[line.item] != nil, .notFound(entity: "material", id: line.item))
            }
        }
        return [.partDefined(part)]
    }

    func defineMaterial(_ material: MaterialDefinition) throws(MESError) -> [DomainEvent] {
        try nonEmpty("material.id", material.id)
        try nonEmpty("material.unit", material.unit)
        try require(state.materials[material.id] == nil, .duplicate(entity: "material", id: material.id))
        return [.materialDefined(material)]
    }

    func registerEquipment(_ machine: Equipment) throws(MESError) -> [DomainEvent] {
        try nonEmpty("equipment.id", machine.id)
        try nonEmpty("equipment.workCenter", machine.workCenter)
        try require(state.equipment[machine.id] == nil, .duplicate(entity: "equipment", id: machine.id))
        try require(machine.state == .idle || machine.state == .stopped,
                    .validation(field: "equipment.state", message: "new equipment starts Idle or Stopped, not \(machine.state.rawValue)"))
        if let days = machine.preventiveMaintenanceIntervalDays { try positive("equipment.preventiveMaintenanceIntervalDays", days) }
        if let days = machine.calibrationIntervalDays { try positive("equipment.calibrationIntervalDays", days) }
        try finiteDate("equipment.calibrationDue", machine.calibrationDue)
        try finiteDate("equipment.lastPreventiveMaintenance", machine.lastPreventiveMaintenance)
        try require(machine.calibrationDue == nil || machine.calibrationIntervalDays != nil,
                    .validation(field: "equipment.calibrationIntervalDays", message: "equipment with a calibration date needs a calibration interval"))
        return [.equipmentRegistered(machine)]
    }

    func registerTool(_ tool: ToolGauge) throws(MESError) -> [DomainEvent] {
        try nonEmpty("tool.id", tool.id)
        try require(state.tools[tool.id] == nil, .duplicate(entity: "tool", id: tool.id))
        try require(!tool.inMaintenance, .validation(field: "tool.inMaintenance", message: "a new tool is registered in service"))
        if let days = tool.calibrationIntervalDays { try positive("tool.calibrationIntervalDays", days) }
        try finiteDate("tool.calibrationDue", tool.calibrationDue)
        try require(tool.calibrationDue == nil || tool.calibrationIntervalDays != nil,
                    .validation(field: "tool.calibrationIntervalDays", message: "a tool with a calibration date needs a calibration interval"))
        return [.toolRegistered(tool)]
    }

    func registerOperator(_ person: Operator) throws(MESError) -> [DomainEvent] {
        try nonEmpty("operator.id", person.id)
        try nonEmpty("operator.name", person.name)
        try require(state.operators[person.id] == nil, .duplicate(entity: "operator", id: person.id))
        for certification in person.certifications {
            try finiteDate("certifications.\(certification.skill).issued", certification.issued)
            try finiteDate("certifications.\(certification.skill).expires", certification.expires)
            try require(certification.issued <= certification.expires,
                        .validation(field: "certifications.\(certification.skill)", message: "expires before it is issued"))
        }
        return [.operatorRegistered(person)]
    }
}
