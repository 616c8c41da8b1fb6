import Equipment
import Foundation
import Logging
import OPCUA
import PlantFiles

/// The plant's OPC UA machines as one equipment source: one client per server connection
/// (endpoint, security and user), every mapped node monitored in one subscription, and the
/// values translated into equipment events. Connection loss is reported as a communication
/// alarm on each machine of the connection, and cleared when the client is back.
public final class OPCUAEquipmentSource: EquipmentEventSource {
    public let equipmentIds: [String]
    public let countedMachines: [String: Double?]
    public let drivers: [String: OPCUAEquipmentDriver]
    private let connections: [[OPCUAEquipmentDriver]]
    private let plantDirectory: String
    private let logger: Logger
    /// The alarm code raised while a machine's server cannot be reached.
    public static let communicationAlarm = "OPCUA-COMMUNICATION"

    /// The machines of `plant` with an `opcua` driver; relative certificate paths are taken
    /// from `plantDirectory`.
    public init(plant: PlantDescription, plantDirectory: String, logger: Logger = Logger(label: "opcua.equipment")) {
        var drivers: [String: OPCUAEquipmentDriver] = [:]
        var groups: [String: [OPCUAEquipmentDriver]] = [:]
        var order: [String] = []
        var counted: [String: Double?] = [:]
        for machine in plant.machines {
            guard let mapping = machine.driver, mapping.type == .opcua else { continue }
            let driver = OPCUAEquipmentDriver(equipmentId: machine.id, mapping: mapping)
            drivers[machine.id] = driver
            let key = [mapping.endpoint ?? "", mapping.security ?? "None", mapping.user ?? "", mapping.certificate ?? ""].joined(separator: "\u{1}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(driver)
            if mapping.counters != nil { counted[machine.id] = mapping.idealCycleSeconds }
        }
        self.drivers = drivers
        self.connections = order.map { groups[$0]! }
        self.equipmentIds = connections.flatMap { $0.map(\.equipmentId) }
        self.countedMachines = counted
        self.plantDirectory = plantDirectory
        self.logger = logger
    }

    public var isEmpty: Bool { drivers.isEmpty }

    public func run(deliver: @escaping @Sendable (EquipmentEvent) async -> Void) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for machines in connections {
                group.addTask { try await self.run(machines, deliver: deliver) }
            }
        }
    }

    /// One server connection: connect (retrying until it answers), resolve the nodes,
    /// subscribe, and translate values until cancelled.
    private func run(_ machines: [OPCUAEquipmentDriver], deliver: @escaping @Sendable (EquipmentEvent) async -> Void) async throws {
        let mapping = machines[0].mapping
        let configuration = try OPCUAClientSettings.configuration(for: mapping, plantDirectory: plantDirectory, logger: logger)
        let client = OPCUAClient(configuration: configuration, logger: logger)
        defer { Task { await client.disconnect() } }
        var delay = Duration.seconds(1)
        var alarmed = false
        while true {
            try Task.checkCancellation()
            do {
                try await client.connect()
                break
            } catch {
                logger.error("cannot connect to \(configuration.endpointURL) for \(machines.map(\.equipmentId).joined(separator: ", ")): \(error)")
                if !alarmed {
                    for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: true, reason: "\(error)"))) }
                    alarmed = true
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
        if alarmed { for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: false, reason: "connected"))) } }

        var signals: [NodeId: [(machine: Int, signal: MachineSignal)]] = [:]
        for (index, machine) in machines.enumerated() {
            let resolver = NodeResolver(client: client, namespace: machine.mapping.namespace)
            for (signal, reference) in Self.references(of: machine.mapping) {
                let node = try await resolver.resolve(reference, for: machine.equipmentId)
                signals[node, default: []].append((index, signal))
            }
            machine.attach(client: client, commandTarget: try await resolver.commandTarget(machine.mapping.commands, for: machine.equipmentId))
        }
        let subscription = try await client.subscribe(to: Array(signals.keys), publishingInterval: .milliseconds(200), samplingInterval: .milliseconds(100))
        for (node, status) in subscription.refused {
            logger.error("\(configuration.endpointURL) refused to monitor \(node): \(status)")
        }
        logger.info("monitoring \(signals.count) nodes of \(machines.map(\.equipmentId).joined(separator: ", ")) on \(configuration.endpointURL)")

        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                // Communication alarms follow the client's connection state.
                for await state in await client.stateChanges() {
                    switch state {
                    case .reconnecting(let attempt, let reason) where attempt == 1:
                        for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: true, reason: reason))) }
                    case .connected:
                        for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: false, reason: "reconnected"))) }
                    default: break
                    }
                }
            }
            // Values and a quarter-second tick in one ordered stream: the tick settles
            // produced/bad counters that stopped moving.
            let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
            group.addTask {
                for await value in subscription.values { feed.yield(.value(value)) }
                feed.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(250))
                    feed.yield(.tick)
                }
            }
            var translators = machines.map { MachineSignalTranslator(equipmentId: $0.equipmentId, mapping: $0.mapping) }
            for await input in inputs {
                switch input {
                case .value(let value):
                    for (index, signal) in signals[value.nodeId] ?? [] {
                        let events = translators[index].translate(signal, value.value)
                        if let state = translators[index].state { machines[index].update(state: state) }
                        for event in events { await deliver(event) }
                    }
                case .tick:
                    for index in translators.indices {
                        for event in translators[index].settledCounts(at: Date()) { await deliver(event) }
                    }
                }
            }
            group.cancelAll()
        }
    }

    private enum Input: Sendable {
        case value(MonitoredValue)
        case tick
    }

    static func communication(_ equipmentId: String, active: Bool, reason: String) -> Alarm {
        Alarm(
            equipmentId: equipmentId, code: communicationAlarm, text: active ? "OPC UA server unreachable: \(reason)" : "OPC UA server reachable",
            severity: .warning, active: active, time: Date())
    }

    /// Every node a mapping monitors, with what it means.
    static func references(of mapping: DriverDescription) -> [(MachineSignal, NodeReference)] {
        var references: [(MachineSignal, NodeReference)] = []
        if let state = mapping.state { references.append((.state, state.node)) }
        if let mode = mapping.mode { references.append((.mode, mode)) }
        if let produced = mapping.counters?.produced { references.append((.produced, produced)) }
        if let good = mapping.counters?.good { references.append((.good, good)) }
        if let bad = mapping.counters?.bad { references.append((.bad, bad)) }
        for (index, value) in (mapping.processValues ?? []).enumerated() { references.append((.processValue(index), value.node)) }
        for (index, alarm) in (mapping.alarms ?? []).enumerated() {
            if let text = alarm.text { references.append((.alarmText(index), text)) }
            references.append((.alarmActive(index), alarm.active))
        }
        return references
    }
}

/// Resolves plant-file node references on a connected server: namespace URIs to this
/// server's indexes, browse paths through TranslateBrowsePathsToNodeIds.
struct NodeResolver {
    let client: OPCUAClient
    let namespace: String?

    func resolve(_ reference: NodeReference, for equipmentId: String) async throws -> NodeId {
        do {
            if reference.isBrowsePath {
                var path: [QualifiedName] = []
                for element in reference.browsePath {
                    let index = element.standardNamespace ? 0 : try await client.namespaceIndex(of: namespace ?? "")
                    path.append(QualifiedName(namespace: index, element.name))
                }
                return try await client.translate(path)
            }
            guard let expanded = ExpandedNodeId(reference.text) else {
                throw OPCUAError.invalidArgument("'\(reference.text)' is not a node id")
            }
            return try await client.resolve(expanded)
        } catch {
            throw OPCUAError.invalidArgument("\(equipmentId): node \(reference.text) cannot be resolved: \(error)")
        }
    }

    func commandTarget(_ commands: DriverDescription.CommandMapping?, for equipmentId: String) async throws -> OPCUAEquipmentDriver.CommandTarget? {
        guard let commands else { return nil }
        if let object = commands.object, let method = commands.method {
            return .call(object: try await resolve(object, for: equipmentId), method: try await resolve(method, for: equipmentId))
        }
        if let write = commands.write { return .write(try await resolve(write, for: equipmentId)) }
        return nil
    }
}
