import Equipment
import Foundation
import MESCore
import MESReports
import MESStore
import OPCUA
import PlantFiles
import Testing

@testable import OPCUAEquipment

/// The MES recording a machine through OPC UA: an MES engine and its equipment gateway fed by
/// the OPC UA equipment source, as `mes serve --plant` runs them.
actor RecordingMES {
    let engine: MESEngine
    let gateway: MESEquipmentGateway
    static let admin = Actor(id: "admin", name: "Admin", roles: [.systemAdministrator])

    init(counted: [String: Double?]) throws {
        engine = try MESEngine(store: InMemoryJournalStore())
        gateway = MESEquipmentGateway(engine: engine)
        gateway.journaledCounts = counted
        let part = Part(partNumber: "P-1", revision: "A", description: "Disk", billOfMaterials: [], routing: [
            RoutingOperation(number: 10, description: "Turn", workCenter: "TURN", equipmentClass: "lathe", setupMinutes: 0, runMinutes: 10)
        ])
        let data = MasterData(
            parts: [part],
            equipment: [Equipment(id: "LATHE-01", equipmentClass: "lathe", workCenter: "TURN"), Equipment(id: "MILL-02", equipmentClass: "mill", workCenter: "MILL")],
            operators: [Operator(id: "OP-1", name: "Operator", roles: [.operator], certifications: [])])
        try engine.execute(.loadMasterData(data), by: Self.admin, at: Date())
    }

    func receive(_ event: EquipmentEvent) { gateway.receive(event) }

    /// Creates and releases an order and starts its first operation on the lathe.
    func startOperation() throws -> (order: String, serial: String) {
        try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: "P-1", quantity: 1)), by: Self.admin, at: Date())
        let order = engine.state.newestWorkOrder!
        try engine.execute(.releaseWorkOrder(id: order), by: Self.admin, at: Date())
        let serial = engine.state.workOrders[order]!.serials[0]
        try engine.execute(
            .startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: 10, equipmentId: "LATHE-01", operatorId: "OP-1")),
            by: Self.admin, at: Date())
        return (order, serial)
    }

    func complete(_ order: String, _ serial: String) throws {
        try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: 10)), by: Self.admin, at: Date())
    }

    func state(of machine: String) -> EquipmentState? { engine.state.equipment[machine]?.state }
    var counters: [String: MESEquipmentGateway.PartCounter] { gateway.counters }
    var alarms: [String: Alarm] { gateway.activeAlarms }
    var values: [String: ProcessValue] { gateway.latestValues }
    var refusals: [MESEquipmentGateway.Refusal] { gateway.refusals }

    /// The journal's events with their times.
    func record() throws -> [(events: [DomainEvent], time: Date)] {
        try engine.store.entries().map { ($0.events, $0.time) }
    }

    func wait(upTo timeout: Duration = .seconds(15), _ condition: @Sendable (isolated RecordingMES) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(self)
    }
}

@Suite struct OPCUAEquipmentTests {
    static let ns = "nsu=urn:jetmes:test:machines;s="

    static func plantMachines(endpoint: String) -> PlantDescription {
        var lathe = DriverDescription(type: .opcua)
        lathe.endpoint = endpoint
        lathe.namespace = "urn:jetmes:test:machines"
        lathe.state = .init(node: NodeReference(ns + "Lathe-01.State"), model: .packml)
        lathe.mode = NodeReference("/Machines/Lathe-01/UnitMode")  // a browse path, resolved on the server
        lathe.counters = .init(produced: nil, good: NodeReference(ns + "Lathe-01.GoodCount"), bad: NodeReference(ns + "Lathe-01.BadCount"))
        lathe.processValues = [
            .init(tag: "spindle-load", unit: "%", node: NodeReference(ns + "Lathe-01.SpindleLoad")),
            .init(tag: "coolant-temperature", unit: "°C", node: NodeReference(ns + "Lathe-01.CoolantTemperature")),
        ]
        lathe.alarms = [.init(code: "SPINDLE", severity: .fault, active: NodeReference(ns + "Lathe-01.AlarmActive"), text: NodeReference(ns + "Lathe-01.AlarmText"))]
        lathe.commands = .init(object: NodeReference(ns + "Lathe-01"), method: NodeReference(ns + "Lathe-01.SendCommand"), write: nil)
        lathe.idealCycleSeconds = 30
        var mill = DriverDescription(type: .opcua)
        mill.endpoint = endpoint
        mill.state = .init(node: NodeReference(ns + "Mill-02.MachineryItemState"), model: .machineryItemState)
        mill.counters = .init(produced: NodeReference(ns + "Mill-02.ProducedCount"), good: nil, bad: NodeReference(ns + "Mill-02.BadCount"))
        let yaml = """
            name: OPC UA test cell
            workCenters: [{id: TURN}, {id: MILL}]
            machines:
              - {id: LATHE-01, workCenter: TURN, equipmentClass: lathe}
              - {id: MILL-02, workCenter: MILL, equipmentClass: mill}
            parts:
              - partNumber: P-1
                revision: A
                description: Disk
                routing: [{operation: 10, description: Turn, workCenter: TURN, cycleTime: 10}]
            """
        var plant = try! PlantLoader.load(yaml, file: "cell.yaml")
        plant.machines[0].driver = lathe
        plant.machines[1].driver = mill
        #expect(PlantValidation.problems(in: plant).isEmpty)
        return plant
    }

    @Test func machineStatesAndCountersBecomeMESStatesCountsAndOEE() async throws {
        let server = try await OPCUATestServer.start(keepsStateAcrossRestarts: false)
        defer { server.stop() }
        let plant = Self.plantMachines(endpoint: server.endpointURL)
        let source = OPCUAEquipmentSource(plant: plant, plantDirectory: "/tmp")
        #expect(source.equipmentIds == ["LATHE-01", "MILL-02"])
        let mes = try RecordingMES(counted: source.countedMachines)
        let windowStart = Date()
        let (order, serial) = try await mes.startOperation()
        #expect(await mes.state(of: "LATHE-01") == .execute)
        let running = Task { try await source.run { event in await mes.receive(event) } }
        defer { running.cancel() }
        let lathe = try #require(source.drivers["LATHE-01"])
        #expect(await mes.wait { _ in lathe.state == .idle }, "the lathe's initial state arrives")

        // A second client plays the machine's own controls.
        let panel = try SharedServer.client(server)
        try await panel.connect()
        func node(_ name: String) async throws -> NodeId { try await SharedServer.node(name, panel) }
        try await lathe.execute(.start)
        #expect(await mes.wait { _ in lathe.state == .execute })
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.ProduceParts"), arguments: [.scalar(.uint32(8)), .scalar(.uint32(2))])
        #expect(await mes.wait { $0.counters["LATHE-01"] == .init(good: 8, bad: 2) })
        try await Task.sleep(for: .seconds(1))

        // A breakdown with its alarm; the MES records Aborted.
        try await panel.writeValue(try await node("Lathe-01.AlarmText"), .string("Spindle overload"))
        try await panel.writeValue(try await node("Lathe-01.AlarmActive"), .boolean(true))
        try await lathe.execute(.abort)
        #expect(await mes.wait { $0.state(of: "LATHE-01") == .aborted })
        #expect(await mes.wait { $0.alarms["LATHE-01/SPINDLE"]?.text == "Spindle overload" })
        #expect(throws: OPCUAError.self, "PackML allows no Start from Aborted") { try lathe.send(.start) }
        try await Task.sleep(for: .seconds(1))
        try await panel.writeValue(try await node("Lathe-01.AlarmActive"), .boolean(false))
        // Each command is checked against the state last reported, so wait for each to show.
        try await lathe.execute(.clear)
        #expect(await mes.wait { _ in lathe.state == .stopped })
        try await lathe.execute(.reset)
        #expect(await mes.wait { _ in lathe.state == .idle })
        try await lathe.execute(.start)
        #expect(await mes.wait { $0.state(of: "LATHE-01") == .execute }, "repaired, the operation resumes")
        #expect(await mes.wait { $0.alarms.isEmpty })
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.ProduceParts"), arguments: [.scalar(.uint32(5)), .scalar(.uint32(0))])
        #expect(await mes.wait { $0.counters["LATHE-01"] == .init(good: 13, bad: 2) })

        // A power cycle resets the machine's counters; parts after it still count.
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.Restart"))
        #expect(await mes.wait { _ in lathe.state == .stopped })
        try await lathe.execute(.reset)
        #expect(await mes.wait { _ in lathe.state == .idle })
        try await lathe.execute(.start)
        #expect(await mes.wait { _ in lathe.state == .execute })
        _ = try await panel.callMethod(try await node("Lathe-01"), try await node("Lathe-01.ProduceParts"), arguments: [.scalar(.uint32(3)), .scalar(.uint32(1))])
        #expect(await mes.wait { $0.counters["LATHE-01"] == .init(good: 16, bad: 3) })
        try await Task.sleep(for: .seconds(1))
        try await mes.complete(order, serial)
        #expect(await mes.state(of: "LATHE-01") == .idle)

        // Process values with their quality; the failed sensor is a flag, not an error.
        try await panel.writeValue(try await node("Lathe-01.SpindleLoad"), .double(55.5))
        #expect(await mes.wait { $0.values["LATHE-01/spindle-load"]?.value == 55.5 })
        #expect(await mes.values["LATHE-01/coolant-temperature"]?.quality == .bad)

        // The mill speaks OPC 40001 MachineryItemState and counts produced and bad.
        try await panel.writeValue(try await node("Mill-02.MachineryItemState"), .int32(1))
        #expect(await mes.wait { $0.state(of: "MILL-02") == .aborted }, "OutOfService is down")
        try await panel.writeValue(try await node("Mill-02.ProducedCount"), .scalar(.uint32(10)))
        try await panel.writeValue(try await node("Mill-02.BadCount"), .scalar(.uint32(1)))
        #expect(await mes.wait { $0.counters["MILL-02"] == .init(good: 9, bad: 1) }, "produced 10 and bad 1, written apart, are 9 good and 1 bad")
        #expect(await mes.refusals.isEmpty)
        await panel.disconnect()
        running.cancel()

        // OEE from the MES record alone, against a hand calculation from the same record.
        let windowEnd = Date()
        let record = try await mes.record()
        var analysis = MESRecordAnalysis(from: windowStart.addingTimeInterval(-1), to: windowEnd)
        for entry in record { analysis.read(entry.events, at: entry.time) }
        let kpis = analysis.finish()
        let machine = try #require(kpis.machines.first { $0.id == "LATHE-01" })
        var counted = (good: 0, bad: 0)
        var stateTimes: [(EquipmentState, Date)] = []
        for entry in record {
            for event in entry.events {
                if case .machinePartsCounted("LATHE-01", let good, let bad, let ideal, _) = event {
                    counted.good += good
                    counted.bad += bad
                    #expect(ideal == 30)
                }
                if case .equipmentStateChanged("LATHE-01", let state, let time) = event { stateTimes.append((state, time)) }
            }
        }
        #expect(counted == (16, 3))
        #expect(stateTimes.map(\.0) == [.execute, .aborted, .execute, .idle])
        let executeHours = (stateTimes[1].1.timeIntervalSince(stateTimes[0].1) + stateTimes[3].1.timeIntervalSince(stateTimes[2].1)) / 3_600
        let downHours = stateTimes[2].1.timeIntervalSince(stateTimes[1].1) / 3_600
        #expect(machine.produced == 19)
        #expect(machine.good == 16)
        #expect(abs(machine.productionHours - executeHours) < 1e-9)
        #expect(abs(machine.downHours - downHours) < 1e-9)
        #expect(abs((machine.quality ?? 0) - 16.0 / 19.0) < 1e-12)
        #expect(abs((machine.performance ?? 0) - (19 * 30.0 / 3_600) / executeHours) < 1e-9)
        let busy = machine.plannedBusyHours
        #expect(abs((machine.availability ?? 0) - executeHours / busy) < 1e-9)
        #expect(abs((machine.oee ?? 0) - (machine.availability! * machine.performance! * machine.quality!)) < 1e-12)
        #expect(downHours > 0.9 / 3_600, "the breakdown lasted about a second")
    }
}
