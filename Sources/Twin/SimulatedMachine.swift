import Equipment
import Foundation
import MESCore
import PlantFiles
import Simulation
import Stochastics

/// A machine of the plant, simulated: takes jobs the floor assigns, changes over, cycles,
/// breaks down and is repaired, is maintained, stops outside the shift calendar, and waits
/// when the next buffer is full. It tells the MES what it does only as a real machine would,
/// through driver events (PackML states and modes, counts, process values, alarms); the
/// people at it book the work through MES commands.
final class SimulatedMachine: KernelProcess, EquipmentDriver {
    enum Activity { case idle, stopped, setup, run, repair, maintenance, blocked, deciding }

    let spec: MachineDescription
    let index: Int
    unowned let floor: ShopFloor
    var equipmentId: String { spec.id }
    var state: PackMLState { packML.state }
    /// Idle, as the MES registers new equipment; the first decision reports where it really is.
    private var packML = PackMLStateMachine(state: .idle)
    private var mode = PackMLUnitMode.production
    var truth: MachineGroundTruth
    /// Work-centre queues this machine takes jobs from: its own, and those whose operations
    /// name its work centre as an alternate.
    var servedCenters: [String] = []

    private(set) var activity = Activity.stopped
    /// Set when the machine has been woken and not yet decided, so it is woken once.
    var awake = false
    private(set) var job: Job?
    private var worker: SimulatedOperator?
    /// Work left (hours) in the setup or run in progress, and when its current hold began.
    private var remaining = 0.0
    private var holdStart = 0.0
    private var holdLength = 0.0
    /// Whether the current run hold ends in a failure counted on operating time.
    private var failureEndsHold = false
    private var operatingHoursToFailure = Double.infinity
    private var cyclesToFailure = Int.max
    private var resumeAfterRepair = Activity.idle
    /// Repair times of breakdowns that struck while the machine could not fail (stopped, in maintenance, in repair).
    var pendingRepairs: [Double] = []
    /// A finished job the machine holds because the next buffer is full.
    var blockedJob: Job?
    private var lastPart: String?
    private var lastFamily: String?
    var preventiveDue: Double?
    var calibrationDue: Double?
    private var maintenanceKind = MaintenanceOrder.Kind.preventive
    /// The repair or maintenance in progress waits for a trainee's maintenance order to complete
    /// (maintenance left to trainees): the machine is passive until then.
    private var waitingForTrainee = false
    /// Live: when the machine last found itself not the floor's to use (it waits for something to change).
    private var takenAt: RefusalMark?
    let sensors: [SensorModel]
    private let cycleStream: RandomStream
    private let setupStream: RandomStream
    private let failureStream: RandomStream
    private let repairStream: RandomStream
    private let maintenanceStream: RandomStream
    private let scrapStream: RandomStream

    init(_ spec: MachineDescription, index: Int, floor: ShopFloor, streams: RandomStreams, window: Range<Double>) {
        self.spec = spec
        self.index = index
        self.floor = floor
        truth = MachineGroundTruth(id: spec.id, window: window)
        let prefix = "machine/\(spec.id)/"
        cycleStream = streams.stream(named: prefix + "cycle")
        setupStream = streams.stream(named: prefix + "setup")
        failureStream = streams.stream(named: prefix + "failures")
        repairStream = streams.stream(named: prefix + "repairs")
        maintenanceStream = streams.stream(named: prefix + "maintenance")
        scrapStream = streams.stream(named: prefix + "scrap")
        sensors = (spec.sensors ?? []).map { SensorModel($0, stream: streams.stream(named: prefix + "sensor/\($0.tag)")) }
        preventiveDue = spec.preventiveMaintenance?.intervalHours
        calibrationDue = spec.calibrationIntervalDays.map { $0 * 24 }
        super.init(floor.simulation, name: spec.id)
        if let failures = spec.failures {
            switch failures.basis {
            case .operatingTime: operatingHoursToFailure = failures.between.sample(failureStream) / 60
            case .cycles: cyclesToFailure = max(1, Int(failures.between.sample(failureStream).rounded()))
            case .calendarTime: break  // the machine's clock strikes these
            }
        }
    }

    /// Time to the next calendar-time failure (hours), for the machine's clock.
    func nextCalendarFailure() -> Double? {
        guard let failures = spec.failures, failures.basis == .calendarTime else { return nil }
        return failures.between.sample(failureStream) / 60
    }

    func sampleRepair() -> Double { (spec.failures?.timeToRepair.sample(repairStream) ?? 0) / 60 }

    // MARK: The driver side

    func send(_ command: PackMLCommand) throws {
        let from = packML.state
        try packML.apply(command)
        while packML.state.isActing && packML.state != .execute, (try? packML.stateComplete()) != nil {}
        report(from: from)
    }

    private func settle(_ target: PackMLState) {
        let from = packML.state
        do { try packML.drive(to: target) } catch { preconditionFailure("\(spec.id): PackML has no path from \(from) to \(target)") }
        report(from: from)
    }

    private func report(from: PackMLState) {
        guard from != packML.state else { return }
        floor.deliver(.stateChanged(equipmentId: spec.id, from: from, to: packML.state, at: floor.date(now)))
    }

    private func setMode(_ next: PackMLUnitMode) {
        guard next != mode else { return }
        mode = next
        floor.deliver(.modeChanged(equipmentId: spec.id, mode: next, at: floor.date(now)))
    }

    private func enter(_ phase: MachineGroundTruth.Phase) { truth.enter(phase, at: now) }

    // MARK: The machine's life

    override func resume() {
        // Breakdowns in the same instant arrive as several interrupts: all are taken now (their
        // repairs wait in `pendingRepairs`), none is left to strike later.
        var interrupted = false
        while takeInterrupt() != nil { interrupted = true }
        if interrupted {
            breakDown()
            return
        }
        switch activity {
        case .setup:
            setMode(.production)
            settle(.idle)
            startRun()
        case .run:
            if failureEndsHold {
                failureEndsHold = false
                remaining -= holdLength
                operatingHoursToFailure = (spec.failures?.between.sample(failureStream) ?? .infinity) / 60
                beginRepair(sampleRepair(), resume: .run)
            } else {
                if operatingHoursToFailure.isFinite { operatingHoursToFailure -= remaining }
                remaining = 0
                finishCycle()
            }
        case .repair: endRepair()
        case .maintenance: endMaintenance()
        case .idle, .stopped, .blocked, .deciding: decide()
        }
    }

    /// Takes the next thing to do: a repair waiting, a stop for the calendar, maintenance that
    /// is due, or a job with an operator; otherwise waits idle.
    func decide() {
        awake = false
        activity = .deciding
        // Outside the calendar the machine stops, holding any finished part it could not pass on,
        // and a breakdown found while stopped is repaired when the shift starts.
        guard floor.calendar.plantWorks(at: now) else {
            enter(.stopped)
            settle(.stopped)
            activity = .stopped
            return
        }
        if !pendingRepairs.isEmpty {
            beginRepair(pendingRepairs.removeFirst(), resume: blockedJob == nil ? .idle : .blocked)
            return
        }
        if blockedJob != nil {
            enter(.blocked)
            settle(.suspended)
            activity = .blocked
            return
        }
        // Live: a trainee runs work on it, holds it in maintenance or set it Held: it waits, reporting
        // nothing (the MES keeps the trainee's record), until a trainee does something or time moves on.
        if floor.givesWay, !floor.mayRetry(after: takenAt) || floor.takenByTrainee(self) {
            takenAt = floor.refusalMark
            enter(.idle)
            activity = .idle
            return
        }
        if let due = preventiveDue, now >= due {
            beginMaintenance(.preventive)
            return
        }
        if let due = calibrationDue, now >= due {
            beginMaintenance(.calibration)
            return
        }
        guard let (next, person) = floor.assign(to: self) else {
            enter(.idle)
            settle(.idle)
            activity = .idle
            return
        }
        job = next
        worker = person
        let setup = setupHours(for: next.part)
        lastPart = next.part.key
        lastFamily = next.part.family
        if setup > 0 {
            enter(.setup)
            // Settled before the mode changes, so no report pairs the new mode with an old state.
            settle(.execute)
            setMode(.changeover)
            activity = .setup
            remaining = setup
            holdStart = now
            hold(setup)
        } else {
            startRun()
        }
    }

    private func setupHours(for part: TwinPart) -> Double {
        guard let setup = spec.setup, lastPart != part.key else { return 0 }
        return (lastFamily == part.family ? setup.sameFamily : setup.familyChange).sample(setupStream) / 60
    }

    private func startRun() {
        guard let job, let worker else { return }
        // Maintenance that fell due during the changeover comes first: the MES would refuse the start.
        if let due = preventiveDue, now > due {
            beginMaintenance(.preventive)
            return
        }
        if let due = calibrationDue, now > due {
            beginMaintenance(.calibration)
            return
        }
        // Ready and idle (after a repair, a stop or a block) before the operator books the start.
        settle(.idle)
        let outcome = floor.startOperation(job, on: self, by: worker)
        switch outcome {
        case .started: truth.startJob()
        case .refused: return
        case .jobBack, .machineTaken:
            // The job went back to its queue; the operator is free again.
            self.job = nil
            self.worker = nil
            floor.release(worker)
            if case .jobBack = outcome { decide() } else { standAside() }
            return
        }
        enter(.execute)
        activity = .run
        let cycle = (floor.cycleTime(of: job, stream: cycleStream) ?? 0) / 60 / worker.efficiency
        for sensor in sensors { floor.sense(sensor, on: self, for: job) }
        remaining = cycle
        if cyclesToFailure != .max {
            cyclesToFailure -= 1
            if cyclesToFailure <= 0 {
                cyclesToFailure = max(1, Int((spec.failures?.between.sample(failureStream) ?? 1).rounded()))
                beginRepair(sampleRepair(), resume: .run)
                return
            }
        }
        runOn()
    }

    private func runOn() {
        holdStart = now
        if operatingHoursToFailure < remaining {
            failureEndsHold = true
            holdLength = operatingHoursToFailure
            hold(operatingHoursToFailure)
        } else {
            failureEndsHold = false
            holdLength = remaining
            hold(remaining)
        }
    }

    private func finishCycle() {
        guard let job, let worker else { return }
        let scrapProbability = job.operation.kind == .routing ? (job.part.specification(of: job.operation)?.scrapProbability ?? 0) : 0
        let scrapped = scrapProbability > 0 && scrapStream.uniform() < scrapProbability
        guard let good = floor.completeOperation(job, on: self, by: worker, processScrap: scrapped) else {
            // Live: the operation stays in progress for a trainee to complete; the part goes back to its queue for them.
            guard floor.givesWay else { return }
            returnJob()
            standAside()
            return
        }
        truth.countProduced(good: good, idealHours: job.part.standardHours(of: job.operation), at: now)
        floor.deliver(.partsCounted(equipmentId: spec.id, good: good ? 1 : 0, bad: good ? 0 : 1, at: floor.date(now)))
        self.job = nil
        self.worker = nil
        floor.release(worker)
        if floor.route(job, from: self) {
            enter(.idle)
            settle(.idle)
            decide()
        } else {
            blockedJob = job
            enter(.blocked)
            settle(.suspended)
            activity = .blocked
        }
    }

    /// The floor found room for (or took) the job this machine held.
    func unblock() {
        blockedJob = nil
        guard activity == .blocked else { return }
        activity = .idle
        wake()
    }

    /// Wakes the machine if it waits idle, stopped or blocked and nothing has woken it yet (an
    /// interrupt may have made it ready already).
    func wake() {
        guard !awake, isPassive, activity == .idle || activity == .stopped || activity == .blocked else { return }
        awake = true
        activate()
    }

    // MARK: Breakdowns

    /// A breakdown from the clock: strikes now if the machine can fail, else waits.
    func strike(repairHours: Double) {
        switch activity {
        case .stopped:
            // Found when the shift starts; further strikes while it stands are the same fault.
            if pendingRepairs.isEmpty { pendingRepairs.append(repairHours) }
        case .repair, .maintenance, .deciding:
            pendingRepairs.append(repairHours)
        case .idle, .setup, .run, .blocked:
            pendingRepairs.append(repairHours)
            if (activity == .idle || activity == .blocked) && awake { return }  // it decides at once and takes the repair first
            interrupt(.signal("breakdown"))
        }
    }

    private func breakDown() {
        awake = false
        guard !pendingRepairs.isEmpty, activity != .repair, activity != .maintenance, activity != .stopped else {
            // Nothing to strike now (a repair in progress takes the new one after it).
            if activity == .idle || activity == .blocked || activity == .deciding { decide() }
            return
        }
        let repair = pendingRepairs.removeFirst()
        switch activity {
        case .run:
            let elapsed = now - holdStart
            remaining = max(0, remaining - elapsed)
            if operatingHoursToFailure.isFinite { operatingHoursToFailure -= elapsed }
            failureEndsHold = false
            beginRepair(repair, resume: .run)
        case .setup:
            remaining = max(0, remaining - (now - holdStart))
            beginRepair(repair, resume: .setup)
        case .blocked:
            beginRepair(repair, resume: .blocked)
        default:
            beginRepair(repair, resume: .idle)
        }
    }

    private func beginRepair(_ hours: Double, resume: Activity) {
        resumeAfterRepair = resume
        enter(.down)
        settle(.aborted)
        floor.deliver(.alarm(Alarm(equipmentId: spec.id, code: "BREAKDOWN", text: "machine fault", severity: .fault, active: true, time: floor.date(now))))
        if floor.traineesMaintain(self) {
            // Down until a trainee completes a corrective order on it (`traineeCompletedMaintenance`).
            activity = .repair
            waitingForTrainee = true
            return
        }
        guard floor.startRepair(of: self) else {
            // Live: a trainee's order holds the machine already; the repair is theirs to finish.
            if floor.givesWay {
                activity = .repair
                waitingForTrainee = true
            }
            return
        }
        activity = .repair
        hold(hours)
    }

    private func endRepair() {
        floor.deliver(.alarm(Alarm(equipmentId: spec.id, code: "BREAKDOWN", text: "machine fault", severity: .fault, active: false, time: floor.date(now))))
        if waitingForTrainee {
            // The trainee's corrective order fixed the machine, whatever struck it while it stood.
            waitingForTrainee = false
            pendingRepairs.removeAll()
        } else {
            if !pendingRepairs.isEmpty {
                hold(pendingRepairs.removeFirst())
                return
            }
            guard floor.completeRepair(of: self) else { return }
        }
        floor.repaired(self)
        switch resumeAfterRepair {
        case .run:
            enter(.execute)
            if mode != .production { setMode(.production) }
            settle(.execute)
            activity = .run
            runOn()
        case .setup:
            enter(.setup)
            settle(.execute)
            activity = .setup
            holdStart = now
            hold(remaining)
        case .blocked where blockedJob != nil:
            enter(.blocked)
            settle(.execute)
            settle(.suspended)
            activity = .blocked
        default:
            decide()
        }
    }

    // MARK: Maintenance

    private func beginMaintenance(_ kind: MaintenanceOrder.Kind) {
        maintenanceKind = kind
        if floor.traineesMaintain(self) {
            // Due, and left to trainees: no new work until they complete the order. A job taken
            // for a changeover goes back to its queue, its operator free again.
            returnJob()
            enter(.idle)
            setMode(.production)
            settle(.idle)
            activity = .idle
            return
        }
        guard floor.startMaintenance(kind, on: self) else {
            // Live: a trainee runs work on it or holds it in maintenance; the floor tries again once something changes.
            if floor.givesWay {
                returnJob()
                standAside()
            }
            return
        }
        enter(.plannedMaintenance)
        setMode(.maintenance)
        settle(.stopped)
        activity = .maintenance
        let minutes = kind == .preventive
            ? (spec.preventiveMaintenance?.duration.sample(maintenanceStream) ?? 0)
            : (spec.calibrationDuration?.sample(maintenanceStream) ?? 60)
        hold(minutes / 60)
    }

    private func endMaintenance() {
        if waitingForTrainee { waitingForTrainee = false } else { guard floor.completeMaintenance(on: self) else { return } }
        if maintenanceKind == .preventive {
            preventiveDue = spec.preventiveMaintenance.map { now + $0.intervalHours }
        } else if maintenanceKind == .calibration {
            calibrationDue = spec.calibrationIntervalDays.map { now + $0 * 24 }
        }
        settle(.idle)
        setMode(.production)
        floor.maintained(self)
        guard job != nil, worker != nil else { return decide() }
        if !pendingRepairs.isEmpty {
            // A breakdown that struck during the maintenance is repaired before the job starts.
            remaining = 0
            beginRepair(pendingRepairs.removeFirst(), resume: .setup)
        } else if !floor.calendar.plantWorks(at: now) {
            // The shift ended meanwhile: the job goes back to its queue, the operator home.
            returnJob()
            decide()
        } else {
            startRun()
        }
    }

    // MARK: Maintenance by trainees

    /// A trainee started a maintenance order on this machine through the API. On a machine
    /// standing idle or stopped it takes the machine out of service until the order completes
    /// (the MES would refuse starts meanwhile); a corrective order on a broken-down machine
    /// changes nothing until it completes.
    func traineeStartedMaintenance(_ kind: MaintenanceOrder.Kind) {
        guard isPassive, !waitingForTrainee, job == nil, blockedJob == nil, activity == .idle || activity == .stopped else { return }
        maintenanceKind = kind
        waitingForTrainee = true
        enter(.plannedMaintenance)
        setMode(.maintenance)
        settle(.stopped)
        activity = .maintenance
    }

    /// A trainee completed a maintenance order on this machine through the API: a corrective
    /// order ends the repair of a breakdown, preventive maintenance or a calibration restarts
    /// its clock; the machine goes on at once.
    func traineeCompletedMaintenance(_ kind: MaintenanceOrder.Kind) {
        // A corrective order ends a repair left to trainees; any order of a trainee's that held the machine ends one the floor gave way on.
        if activity == .repair, waitingForTrainee, isPassive, kind == .corrective || !floor.traineesMaintain(self) {
            activate()  // resumes in `.repair`: `endRepair`
            return
        }
        if kind == .preventive { preventiveDue = spec.preventiveMaintenance.map { now + $0.intervalHours } }
        if kind == .calibration { calibrationDue = spec.calibrationIntervalDays.map { now + $0 * 24 } }
        floor.maintained(self)
        if activity == .maintenance, waitingForTrainee, isPassive, maintenanceKind == kind {
            activate()  // resumes in `.maintenance`: `endMaintenance`
        } else {
            wake()
        }
    }

    /// Live: a repair the floor gave way on (a trainee's order held the machine) goes ahead once
    /// the MES no longer has the machine in maintenance, whatever the trainee's order was.
    func reconsiderRepair() {
        guard floor.givesWay, activity == .repair, waitingForTrainee, isPassive, !floor.traineesMaintain(self),
            floor.engine.state.equipment[spec.id]?.state != .maintenance
        else { return }
        waitingForTrainee = false
        beginRepair(pendingRepairs.isEmpty ? sampleRepair() : pendingRepairs.removeFirst(), resume: resumeAfterRepair)
    }

    /// The job taken goes back to its queue and its operator is free again.
    private func returnJob() {
        guard let job, let worker else { return }
        self.job = nil
        self.worker = nil
        floor.enqueue(job, force: true)
        floor.release(worker)
    }

    /// Live: the machine is not the floor's to use now; it waits idle, reporting nothing, until
    /// a trainee does something or time moves on.
    private func standAside() {
        takenAt = floor.refusalMark
        enter(.idle)
        activity = .idle
    }

    /// Closes the ground-truth books at the end of the run.
    func closeBooks() { truth.close(at: now) }
}
