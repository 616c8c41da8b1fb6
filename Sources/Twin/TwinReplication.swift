import Foundation
import MESCore
import MESReports
import MESStore
import PlantFiles
import Simulation
import Stochastics

/// What one replication produced: the KPIs computed from its MES record, and the simulator's
/// own ground truth to check them against.
public struct ReplicationResult: Sendable {
    public let replication: Int
    public let kpis: RunKPIs
    /// Series, spans and tables for the report's charts.
    public let detail: RunDetail
    public let groundTruth: [MachineGroundTruth]
    /// Serials the simulator saw complete good inside the window.
    public let serialsCompletedInWindow: Int
    public let journalEntries: Int
    public let alarmsRaised: Int
    /// How the plan fared, when the run had one.
    public let schedule: ScheduleOutcome?
}

/// Why a run could not be carried out: the MES refused what a simulated person did, or the
/// scenario cannot run on this plant.
public struct TwinError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum TwinReplication {
    /// Simulates replication `index` of `model` with the MES journaling to `store`.
    public static func run(_ model: TwinModel, replication index: Int, seed: UInt64, store: any JournalStore = InMemoryJournalStore(),
                           detail: MESCore.JournalDetail = .eventsOnly) throws -> ReplicationResult {
        guard !model.plant.operators.isEmpty else { throw TwinError("plant '\(model.plant.name)' has no operators: the twin needs people to run its machines") }
        let simulation = Simulation()
        let streams = RandomStreams(seed: seed, replication: index)
        let engine = try MESEngine(store: store, detail: detail)
        let floor = try setUp(model, simulation: simulation, engine: engine, streams: streams)
        simulation.run(until: model.horizonHours)
        if let fault = floor.fault { throw TwinError("replication \(index + 1)\(model.variant.map { " of variant '\($0)'" } ?? ""): \(fault)") }
        floor.closeBooks()

        var analysis = MESRecordAnalysis(from: floor.date(model.warmupHours), to: floor.date(model.horizonHours))
        let entries = try store.entries()
        for entry in entries { analysis.read(entry.events, at: entry.time) }
        let (kpis, detail) = analysis.finishWithDetail()
        return ReplicationResult(
            replication: index, kpis: kpis, detail: detail, groundTruth: floor.machines.map(\.truth).sorted { $0.id < $1.id },
            serialsCompletedInWindow: floor.completedInWindow, journalEntries: entries.count, alarmsRaised: floor.gateway.alarmsRaised,
            schedule: floor.scheduleOutcome())
    }

    /// Loads the plant's master data into `engine` and starts the shop floor's processes on
    /// `simulation`: a batch replication and a live training run set up alike.
    static func setUp(_ model: TwinModel, simulation: Simulation, engine: MESEngine, streams: RandomStreams,
                      traineeWork: TraineeWork = TraineeWork()) throws -> ShopFloor {
        let start = model.start
        let administrator = Actor(id: "twin-setup", name: "Twin set-up", roles: [.systemAdministrator])
        try engine.execute(.loadMasterData(PlantLoader.masterData(of: model.plant, start: start)), by: administrator, at: start)
        for plan in PlantLoader.inspectionPlans(of: model.plant) { try engine.execute(.defineInspectionPlan(plan), by: administrator, at: start) }

        let floor = ShopFloor(simulation: simulation, model: model, engine: engine, streams: streams)
        floor.traineeWork = traineeWork
        for machine in floor.machines {
            simulation.start(machine)
            let spec = machine.spec
            if spec.failures?.basis == .calendarTime || spec.preventiveMaintenance != nil || spec.calibrationIntervalDays != nil {
                let clock = MachineClock(simulation, machine: machine)
                floor.clocks[spec.id] = clock
                simulation.start(clock)
            }
        }
        if !floor.calendar.boundaries.isEmpty { simulation.start(ShiftClock(simulation, floor: floor)) }
        if let plan = model.plan {
            // The plan's orders are the demand, whether the plan is followed or a rule dispatches them.
            simulation.start(PlanOrderBook(simulation, floor: floor, plan: plan, start: model.start))
            if model.followsPlan {
                let follower = PlanFollower(plan: plan, start: model.start, policy: model.planPolicy)
                floor.plan = follower
                simulation.start(PlanClock(simulation, floor: floor, follower: follower))
            }
        } else {
            if let orders = model.scenario.demand.workOrders, !orders.isEmpty { simulation.start(OrderBook(simulation, floor: floor, orders: orders)) }
            if let arrivals = model.scenario.demand.arrivals { simulation.start(ArrivalSource(simulation, floor: floor, demand: arrivals, streams: streams)) }
        }
        for event in model.scenario.training?.events ?? [] {
            guard let hours = event.at?.hours(from: model.start) else { continue }
            floor.schedule(event, atHours: hours, injected: false)
        }
        if !model.scenario.events.isEmpty { simulation.start(ScriptedEvents(simulation, floor: floor, events: model.scenario.events)) }
        if model.plant.tools.contains(where: { $0.calibrationDueInDays != nil }) { simulation.start(GaugeKeeper(simulation, floor: floor, tools: model.plant.tools)) }

        return floor
    }
}
