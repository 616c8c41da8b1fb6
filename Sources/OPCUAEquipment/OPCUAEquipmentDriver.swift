import Equipment
import Foundation
import NIOConcurrencyHelpers
import OPCUA
import PlantFiles

/// One machine on an OPC UA server behind the hardware abstraction: its state as last
/// reported, and PackML commands sent by a method call or a write of the command number.
public final class OPCUAEquipmentDriver: EquipmentDriver, Sendable {
    public let equipmentId: String
    let mapping: DriverDescription
    private let shared = NIOLockedValueBox(Shared())

    struct Shared {
        var state: PackMLState = .stopped
        var client: OPCUAClient?
        var commandTarget: CommandTarget?
        var lastCommandError: String?
    }

    enum CommandTarget {
        case call(object: NodeId, method: NodeId)
        case write(NodeId)
    }

    init(equipmentId: String, mapping: DriverDescription) {
        self.equipmentId = equipmentId
        self.mapping = mapping
    }

    public var state: PackMLState { shared.withLockedValue { $0.state } }
    /// Why the last command sent with `send` failed on the machine, if it did.
    public var lastCommandError: String? { shared.withLockedValue { $0.lastCommandError } }

    func update(state: PackMLState) { shared.withLockedValue { $0.state = state } }

    func attach(client: OPCUAClient, commandTarget: CommandTarget?) {
        shared.withLockedValue {
            $0.client = client
            $0.commandTarget = commandTarget
        }
    }

    /// Checks the command against the state model and sends it without waiting; a failure on
    /// the machine is kept in `lastCommandError` (the MES sees its effect, or not, in the state).
    public func send(_ command: PackMLCommand) throws {
        try check(command)
        Task {
            do {
                try await execute(command)
            } catch {
                shared.withLockedValue { $0.lastCommandError = "\(command.rawValue): \(error)" }
            }
        }
    }

    /// Sends the command and waits for the machine's answer.
    public func execute(_ command: PackMLCommand) async throws {
        try check(command)
        let (client, target) = shared.withLockedValue { ($0.client, $0.commandTarget) }
        guard let client else { throw OPCUAError.connectionClosed("\(equipmentId) is not connected") }
        let number = Variant.int32(MachineSignalTranslator.commandNumber(command))
        switch target {
        case .call(let object, let method)?:
            _ = try await client.callMethod(object, method, arguments: [number])
        case .write(let node)?:
            try await client.writeValue(node, number)
        case nil:
            throw OPCUAError.invalidArgument("\(equipmentId) has no command mapping in the plant file")
        }
    }

    private func check(_ command: PackMLCommand) throws {
        let current = state
        guard command.target(from: current) != nil else {
            throw OPCUAError.invalidArgument("\(equipmentId) is \(current.rawValue): PackML does not allow \(command.rawValue) there")
        }
    }
}
