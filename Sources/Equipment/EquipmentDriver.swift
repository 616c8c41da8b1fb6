/// The hardware abstraction: the MES sends commands through a driver and receives the
/// machine's events through a sink. The twin's simulated machines implement it now and an
/// OPC UA driver later; the MES side is the same code for both.
public protocol EquipmentDriver: AnyObject {
    var equipmentId: String { get }
    /// The machine's state as last reported.
    var state: PackMLState { get }
    /// Asks the machine to carry out `command`; throws when the machine refuses it.
    func send(_ command: PackMLCommand) throws
}

/// Where a driver delivers what its machine reports, in the order it happened.
public protocol EquipmentEventSink: AnyObject {
    func receive(_ event: EquipmentEvent)
}
