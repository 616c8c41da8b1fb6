/// Machines whose events arrive from outside the process — real equipment behind a driver —
/// for a server to record while it runs. The source owns its connections and reconnects by
/// itself; it hands events over in the order the machines reported them.
public protocol EquipmentEventSource: Sendable {
    /// The machines the source reports on.
    var equipmentIds: [String] { get }
    /// Machines whose part counts belong in the MES record, with their ideal cycle time in
    /// seconds when known.
    var countedMachines: [String: Double?] { get }
    /// Runs until cancelled, handing each event to `deliver`.
    func run(deliver: @escaping @Sendable (EquipmentEvent) async -> Void) async throws
}
