/// Genealogy and trace queries over the MES state. Forward and backward traces are exact
/// inverses: a serial appears in the forward trace of a lot exactly when that lot appears in
/// the serial's backward trace.
public struct Traceability: Sendable {
    public let state: MESState

    public init(_ state: MESState) { self.state = state }

    /// Everything made from `lotCode`: its sub-lots (through every split), the serials that
    /// consumed any of them, and every assembly those serials went into, at any depth.
    public func forward(from lotCode: String) throws(MESError) -> ForwardTrace {
        guard state.lots[lotCode] != nil else { throw .notFound(entity: "material lot", id: lotCode) }
        var lots: [String] = []
        var pending = [lotCode]
        while let code = pending.popLast() {
            lots.append(code)
            pending += (state.childLots[code] ?? []).reversed()
        }
        let lotSet = Set(lots)
        var reached = state.serials.values.filter { unit in unit.consumptions.contains { lotSet.contains($0.lotCode) } }.map(\.serial)
        var seen = Set(reached)
        var index = 0
        while index < reached.count {
            if let assembly = state.serials[reached[index]]?.installedIn, seen.insert(assembly).inserted { reached.append(assembly) }
            index += 1
        }
        let serials = reached.sorted().compactMap { state.serials[$0] }.map {
            TracedSerial(serial: $0.serial, workOrderId: $0.workOrderId, partNumber: $0.partNumber, status: $0.status, installedIn: $0.installedIn)
        }
        return ForwardTrace(lot: lotCode, lots: lots, serials: serials, workOrders: Array(Set(serials.map(\.workOrderId))).sorted())
    }

    /// Everything `serial` is made from: the lots it and its installed components (at any depth)
    /// consumed, and each lot's ancestry up to the received heat lot.
    public func backward(from serial: String) throws(MESError) -> BackwardTrace {
        guard state.serials[serial] != nil else { throw .notFound(entity: "serial", id: serial) }
        var units: [String] = []
        var pending = [serial]
        while let current = pending.popLast() {
            units.append(current)
            pending += state.serials[current]?.components ?? []
        }
        var lotCodes = Set<String>()
        for unit in units {
            for consumption in state.serials[unit]?.consumptions ?? [] {
                var code: String? = consumption.lotCode
                while let current = code, lotCodes.insert(current).inserted { code = state.lots[current]?.parentLot }
            }
        }
        let lots = lotCodes.sorted().compactMap { state.lots[$0] }.map {
            TracedLot(lotCode: $0.lotCode, material: $0.material, heatNumber: $0.heatNumber, supplier: $0.supplier, parentLot: $0.parentLot, status: $0.status)
        }
        return BackwardTrace(serial: serial, components: units.dropFirst().sorted(), lots: lots)
    }

    /// The full tree of a serial: its operations, consumptions and installed components.
    public func genealogy(of serial: String) throws(MESError) -> GenealogyNode {
        guard let unit = state.serials[serial] else { throw .notFound(entity: "serial", id: serial) }
        let consumed = unit.consumptions.map { consumption in
            let lot = state.lots[consumption.lotCode]
            return GenealogyNode.ConsumedMaterial(
                lotCode: consumption.lotCode, material: lot?.material ?? "", heatNumber: lot?.heatNumber ?? "", supplier: lot?.supplier ?? "",
                lotAncestry: ancestry(of: consumption.lotCode), quantity: consumption.quantity, unit: lot?.unit ?? "",
                operationNumber: consumption.operationNumber, time: consumption.time)
        }
        var components: [GenealogyNode] = []
        for component in unit.components { components.append(try genealogy(of: component)) }
        return GenealogyNode(serial: unit.serial, partNumber: unit.partNumber, revision: unit.revision, workOrderId: unit.workOrderId,
                             status: unit.status, operations: unit.operations, materials: consumed, components: components)
    }

    /// A lot's parents, nearest first.
    func ancestry(of lotCode: String) -> [String] {
        var chain: [String] = []
        var code = state.lots[lotCode]?.parentLot
        while let current = code {
            chain.append(current)
            code = state.lots[current]?.parentLot
        }
        return chain
    }
}
