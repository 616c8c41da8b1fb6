import Equipment
import Foundation
import MESCore

/// Something a simulated person meant to do that the MES refused in a live training run,
/// because a trainee got there first: started the operation, took the machine into maintenance,
/// held the order, completed the maintenance order. A batch run stops at such a refusal (it
/// can only be a defect of the twin there); a training run gives way and re-plans around what
/// the trainee did, and the trainer sees each time it did.
public struct FloorGaveWay: Sendable, Equatable, Codable {
    /// Simulated hours from the scenario's start, and the same as a time.
    public let hours: Double
    public let time: Date
    /// The simulated person (or machine) whose command was refused.
    public let person: String
    public let command: String
    /// The MES's reason.
    public let reason: String

    public var description: String { "\(person): \(command) refused at \(String(format: "%.3f", hours)) h: \(reason)" }
}

/// When the MES refused the floor something: it is not tried again until a trainee has done
/// something since or simulated time has moved on, so nothing refused is retried in the same
/// instant with nothing changed (which could go round forever).
struct RefusalMark: Equatable {
    let traineeCommands: Int
    let hours: Double
}

extension ShopFloor {
    /// Notes that the floor gave way: the MES refused `command` by `person` for `reason`.
    func gaveWay(_ command: String, by person: String, because reason: String) {
        givenWay.append(FloorGaveWay(hours: now, time: date(now), person: person, command: command, reason: reason))
    }

    var refusalMark: RefusalMark { RefusalMark(traineeCommands: traineeCommands, hours: now) }

    func mayRetry(after mark: RefusalMark?) -> Bool { mark != refusalMark }

    /// Whether the MES would let the job's operation start now as far as the part and its
    /// order go: a trainee may have started it, put the serial on hold under an NCR, held or
    /// cancelled the order.
    func mesAllowsStart(of job: Job) -> Bool {
        guard let unit = engine.state.serials[job.serial], unit.status == .inProcess, !unit.isOnHold,
            let next = unit.nextOperation, next.number == job.operation.number, next.status == .pending,
            let order = engine.state.workOrders[job.workOrderId], order.status == .released || order.status == .inProgress
        else { return false }
        return true
    }

    /// Whether the machine, idle in the twin, is not the twin's to use now: a trainee runs an
    /// operation on it, holds it in maintenance under an order the floor did not open, or set it
    /// Held, Suspended or Aborted while the machine itself reports otherwise.
    func takenByTrainee(_ machine: SimulatedMachine) -> Bool {
        guard givesWay else { return false }
        let id = machine.spec.id
        if engine.state.equipmentInUse[id] != nil { return true }
        guard let equipment = engine.state.equipment[id] else { return false }
        if equipment.state == .maintenance { return openMaintenance[id] == nil && openRepairs[id] == nil }
        return [.held, .suspended, .aborted].contains(equipment.state)
            && MESEquipmentGateway.mesState(machine.state, mode: .production, running: false) != equipment.state
    }

    /// A trainee did something: whatever the floor left because of the MES is worth another look.
    func reconsider() {
        for machine in machines {
            machine.reconsiderRepair()
            machine.wake()
        }
    }
}
