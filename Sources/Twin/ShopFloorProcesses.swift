import Foundation
import MESCore
import PlantFiles
import Simulation
import Stochastics

/// Strikes a machine's calendar-time failures and wakes it idle when maintenance falls due.
final class MachineClock: KernelProcess {
    unowned let machine: SimulatedMachine
    private var nextFailure: Double
    private var sleeping = false

    init(_ simulation: Simulation, machine: SimulatedMachine) {
        self.machine = machine
        nextFailure = machine.nextCalendarFailure() ?? .infinity
        super.init(simulation, name: "\(machine.spec.id) clock")
    }

    override func resume() {
        sleeping = false
        _ = takeInterrupt()
        if nextFailure <= now {
            machine.strike(repairHours: machine.sampleRepair())
            nextFailure = now + (machine.nextCalendarFailure() ?? .infinity)
        }
        let dues = [machine.preventiveDue, machine.calibrationDue].compactMap { $0 }
        if dues.contains(where: { $0 <= now }) { machine.wake() }
        let next = ([nextFailure] + dues.filter { $0 > now }).min() ?? .infinity
        if next.isFinite { hold(next - now) } else { sleeping = true }
    }

    /// Maintenance moved the machine's due dates: look again.
    func recompute() {
        if isHolding { interrupt(.signal("recompute")) } else if sleeping {
            sleeping = false
            activate()
        }
    }
}

/// Wakes the machines at every shift start and end, so they start work or stop.
final class ShiftClock: KernelProcess {
    unowned let floor: ShopFloor
    private var next = 0

    init(_ simulation: Simulation, floor: ShopFloor) {
        self.floor = floor
        super.init(simulation, name: "shift clock")
    }

    override func resume() {
        if next > 0 { floor.shiftChanged() }
        let boundaries = floor.calendar.boundaries
        guard next < boundaries.count else { return finish() }
        hold(boundaries[next] - now)
        next += 1
    }
}

/// The scenario's explicit work orders, placed by the planner at their release times.
final class OrderBook: KernelProcess {
    unowned let floor: ShopFloor
    private var orders: [DemandDescription.WorkOrderDemand]

    init(_ simulation: Simulation, floor: ShopFloor, orders: [DemandDescription.WorkOrderDemand]) {
        self.floor = floor
        self.orders = orders.enumerated().sorted { ($0.element.releaseAtHours, $0.offset) < ($1.element.releaseAtHours, $1.offset) }.map(\.element)
        super.init(simulation, name: "order book")
    }

    override func resume() {
        while let order = orders.first, order.releaseAtHours <= now {
            orders.removeFirst()
            floor.placeOrder(partNumber: order.partNumber, revision: order.revision, quantity: order.quantity, due: order.dueAtHours,
                             priority: order.priority.flatMap(WorkOrder.Priority.init(rawValue:)) ?? .normal, customerOrder: order.customerOrder)
        }
        guard let next = orders.first else { return finish() }
        hold(next.releaseAtHours - now)
    }
}

/// Orders arriving at random over the scenario's part mix.
final class ArrivalSource: KernelProcess {
    unowned let floor: ShopFloor
    let demand: DemandDescription.ArrivalDemand
    private let interarrival, mix, quantity, due: RandomStream
    private var started = false
    private var count = 0

    init(_ simulation: Simulation, floor: ShopFloor, demand: DemandDescription.ArrivalDemand, streams: RandomStreams) {
        self.floor = floor
        self.demand = demand
        interarrival = streams.stream(named: "demand/interarrival")
        mix = streams.stream(named: "demand/mix")
        quantity = streams.stream(named: "demand/quantity")
        due = streams.stream(named: "demand/due")
        super.init(simulation, name: "arrivals")
    }

    override func resume() {
        if started {
            let total = demand.mix.reduce(0) { $0 + $1.weight }
            var draw = mix.uniform() * total
            let entry = demand.mix.first { draw -= $0.weight; return draw < 0 } ?? demand.mix[demand.mix.count - 1]
            count += 1
            floor.placeOrder(partNumber: entry.partNumber, revision: entry.revision, quantity: max(1, Int(entry.quantity.sample(quantity).rounded())),
                             due: now + entry.dueAfterHours.sample(due), priority: .normal, customerOrder: "ARR-\(count)")
        }
        started = true
        hold(max(0, demand.interarrivalHours.sample(interarrival)))
    }
}

/// The scenario's scripted events: a breakdown, a bad material lot, a sensor that starts drifting.
final class ScriptedEvents: KernelProcess {
    unowned let floor: ShopFloor
    private var events: [ScriptedEvent]

    init(_ simulation: Simulation, floor: ShopFloor, events: [ScriptedEvent]) {
        self.floor = floor
        self.events = events.enumerated().sorted { ($0.element.atHours, $0.offset) < ($1.element.atHours, $1.offset) }.map(\.element)
        super.init(simulation, name: "scripted events")
    }

    override func resume() {
        while let event = events.first, event.atHours <= now {
            events.removeFirst()
            let machine = floor.machines.first { $0.spec.id == event.machine }
            switch event.kind {
            case .breakdown: machine?.strike(repairHours: (event.repairMinutes ?? 0) / 60)
            case .badLot: if let lot = event.lot { floor.markBadLot(lot) }
            case .sensorDrift:
                for sensor in machine?.sensors ?? [] where sensor.spec.tag == event.sensor { sensor.extraDrift += event.driftPerCycle ?? 0 }
            }
        }
        guard let next = events.first else { return finish() }
        hold(next.atHours - now)
    }
}

/// Swaps gauges for calibrated ones as their calibration falls due.
final class GaugeKeeper: KernelProcess {
    unowned let floor: ShopFloor
    private var due: [(tool: String, at: Double, interval: Double)]

    init(_ simulation: Simulation, floor: ShopFloor, tools: [ToolDescription]) {
        self.floor = floor
        due = tools.compactMap { tool in
            guard let first = tool.calibrationDueInDays, let interval = tool.calibrationIntervalDays else { return nil }
            return (tool.id, first * 24, interval * 24)
        }
        super.init(simulation, name: "gauge calibration")
    }

    override func resume() {
        for index in due.indices where due[index].at <= now {
            floor.calibrate(tool: due[index].tool)
            due[index].at = now + due[index].interval
        }
        guard let next = due.map(\.at).min() else { return finish() }
        hold(next - now)
    }
}

/// The quality engineer's review of one NCR, after the policy's review time.
final class NonConformanceReview: KernelProcess {
    unowned let floor: ShopFloor
    let report: String

    init(_ simulation: Simulation, report: String, floor: ShopFloor) {
        self.floor = floor
        self.report = report
        super.init(simulation, name: "review \(report)")
    }

    override func resume() {
        floor.review(report)
        finish()
    }
}

/// Places a plan's orders, each when its first booking is planned to start.
final class PlanOrderBook: KernelProcess {
    unowned let floor: ShopFloor
    private var orders: [(release: Double, order: ProductionPlan.Order)]

    init(_ simulation: Simulation, floor: ShopFloor, plan: ProductionPlan, start: Date) {
        self.floor = floor
        orders = plan.orders.enumerated().map { offset, order in
            (order.bookings.map { $0.start.timeIntervalSince(start) / 3_600 }.min() ?? 0, offset, order)
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { ($0.0, $0.2) }
        super.init(simulation, name: "plan orders")
    }

    override func resume() {
        while let next = orders.first, next.release <= now {
            orders.removeFirst()
            let order = next.order
            floor.placeOrder(partNumber: order.partNumber, revision: order.revision, quantity: order.quantity, due: order.due.timeIntervalSince(floor.model.start) / 3_600,
                             priority: .normal, customerOrder: order.id, planOrder: order.id)
        }
        guard let next = orders.first else { return finish() }
        hold(next.release - now)
    }
}

/// Wakes the machines when bookings of the plan fall due, then, once everything due at that
/// instant has happened, notes why a due booking did not start.
final class PlanClock: KernelProcess {
    unowned let floor: ShopFloor
    private let times: [Double]
    private var next = 0
    private enum Step { case schedule, wake, probe }
    private var step = Step.schedule

    init(_ simulation: Simulation, floor: ShopFloor, follower: PlanFollower) {
        self.floor = floor
        times = Array(Set(follower.allSteps.map(\.start))).sorted()
        super.init(simulation, name: "plan clock")
    }

    override func resume() {
        switch step {
        case .wake:
            for machine in floor.machines { machine.wake() }
            step = .probe
            hold(0, priority: 1)  // after every activation of this instant with the usual priority 0
            return
        case .probe:
            floor.probePlannedStarts(at: now)
        case .schedule:
            break
        }
        guard next < times.count else { return finish() }
        let at = times[next]
        next += 1
        step = .wake
        hold(max(0, at - now))
    }
}
