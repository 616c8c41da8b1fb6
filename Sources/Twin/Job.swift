import MESCore

/// One serial on its way through the shop, with what the simulator knows of it beyond the MES
/// record: its true characteristic deviations, its material, when it became ready where it
/// waits. Its route is the MES's: the next operation is read from the MES after each step.
final class Job {
    let serial: String
    let workOrderId: String
    let part: TwinPart
    /// Position of the serial in its order and the order's size (inspection sampling).
    let position: Int
    let orderSize: Int
    /// Due time (simulated hours) and priority rank (higher goes first) of its order.
    let due: Double
    let priority: Int
    let sequence: Int
    /// The operation it waits for or is on, as the MES holds it.
    var operation: OperationRecord
    var readySince: Double
    /// Standard hours of the operations still to do, this one included.
    var remainingStandardHours = 0.0
    /// Deviation of each characteristic from nominal that the process has built into the part.
    var deviations: [String: Double] = [:]
    var madeFromBadLot = false
    var reworks = 0
    /// The inspections opened for the operation in progress (one per plan that samples it).
    var inspectionIds: [String] = []
    /// Live: when the MES last refused to start it (it waits for something to change).
    var refused: RefusalMark?

    init(serial: String, workOrderId: String, part: TwinPart, position: Int, orderSize: Int, due: Double, priority: Int, sequence: Int,
         operation: OperationRecord, readySince: Double) {
        self.serial = serial
        self.workOrderId = workOrderId
        self.part = part
        self.position = position
        self.orderSize = orderSize
        self.due = due
        self.priority = priority
        self.sequence = sequence
        self.operation = operation
        self.readySince = readySince
    }
}
