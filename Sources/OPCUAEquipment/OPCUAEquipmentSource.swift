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
            // Machines share a connection only when every connection setting is the same.
            let key = [
                mapping.endpoint, mapping.security ?? "None", mapping.user, mapping.passwordEnvironment, mapping.certificate, mapping.privateKey,
                mapping.trustedCertificates,
            ].map { $0 ?? "" }.joined(separator: "\u{1}")
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

    /// One server connection, for as long as the source runs: a session that fails (server
    /// unreachable, a node that cannot be resolved yet) raises the communication alarm and is
    /// tried again with backoff; the translators — counter baselines included — live across
    /// sessions, so parts made meanwhile are counted when the machine is back.
    private func run(_ machines: [OPCUAEquipmentDriver], deliver: @escaping @Sendable (EquipmentEvent) async -> Void) async throws {
        let configuration = try OPCUAClientSettings.configuration(for: machines[0].mapping, plantDirectory: plantDirectory, logger: logger)
        var translators = machines.map { MachineSignalTranslator(equipmentId: $0.equipmentId, mapping: $0.mapping) }
        var alarmed = false
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            let client = OPCUAClient(configuration: configuration, logger: logger)
            do {
                try await session(client, machines, translators: &translators, alarmed: &alarmed, deliver: deliver)
                await client.disconnect()
                return
            } catch {
                await client.disconnect()
                if Task.isCancelled { return }
                logger.error("OPC UA session with \(configuration.endpointURL) for \(machines.map(\.equipmentId).joined(separator: ", ")) failed: \(error)")
                if !alarmed {
                    for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: true, reason: "\(error)"))) }
                    alarmed = true
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    /// Connects, resolves the machines' nodes, subscribes, and translates until cancelled.
    private func session(
        _ client: OPCUAClient, _ machines: [OPCUAEquipmentDriver], translators: inout [MachineSignalTranslator], alarmed: inout Bool,
        deliver: @escaping @Sendable (EquipmentEvent) async -> Void
    ) async throws {
        try await client.connect()
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
            logger.error("\(client.configuration.endpointURL) refused to monitor \(node): \(status)")
        }
        logger.info("monitoring \(signals.count) nodes of \(machines.map(\.equipmentId).joined(separator: ", ")) on \(client.configuration.endpointURL)")
        if alarmed {
            for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: false, reason: "connected"))) }
            alarmed = false
        }
        // Values, connection states and a quarter-second tick (which settles produced/bad
        // counters that stopped moving) in one ordered stream.
        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let states = await client.stateChanges()
        let feeders = [
            Task {
                for await value in subscription.values { feed.yield(.value(value)) }
                feed.finish()
            },
            Task {
                for await state in states { feed.yield(.connection(state)) }
            },
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    feed.yield(.tick)
                }
            },
        ]
        defer { for feeder in feeders { feeder.cancel() } }
        for await input in inputs {
            if Task.isCancelled { break }
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
            case .connection(.reconnecting(_, let reason)) where !alarmed:
                for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: true, reason: reason))) }
                alarmed = true
            case .connection(.connected) where alarmed:
                for machine in machines { await deliver(.alarm(Self.communication(machine.equipmentId, active: false, reason: "reconnected"))) }
                alarmed = false
            case .connection:
                break
            }
        }
    }

    private enum Input: Sendable {
        case value(MonitoredValue)
        case connection(ConnectionState)
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
