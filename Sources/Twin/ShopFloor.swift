import Equipment
import Foundation
import MESCore
import MESStore
import PlantFiles
import Simulation
import Stochastics

/// The simulated shop floor around the MES: queues in front of the work centres, the people
/// (planner, operators, quality engineer, maintenance technician) and the machines. Every
/// step of production is booked in the MES through commands under the right person's role,
/// and each machine's own reports reach the MES through the equipment gateway, exactly as on
/// a real floor. The route a serial takes is the MES's: after each step the floor reads the
/// serial's next operation from the MES.
final class ShopFloor {
    let simulation: Simulation
    let model: TwinModel
    let engine: MESEngine
    let gateway: MESEquipmentGateway
    let calendar: ShiftCalendar
    let streams: RandomStreams
    let window: Range<Double>
    private(set) var machines: [SimulatedMachine] = []
    private(set) var operators: [SimulatedOperator] = []
    private var queues: [String: WorkCenterQueue] = [:]
    private var parts: [String: TwinPart] = [:]
    private var plans: [String: InspectionPlanDescription] = [:]
    /// Jobs held by an NCR, by serial.
    private var heldJobs: [String: Job] = [:]
    /// Orders created but not released because a first article is pending, by part key.
    private var deferredOrders: [String: [DeferredOrder]] = [:]
    private var lotsByMaterial: [String: [String]] = [:]
    private var lotQuality: [String: Double] = [:]
    private(set) var badLots = Set<String>()
    private var ncrsByLot: [String: Int] = [:]
    private var consumedByLot: [String: Int] = [:]
    private var jobSequence = 0
    private var variationStreams: [String: RandomStream] = [:]
    private let policyStream: RandomStream
    private let reviewStream: RandomStream
    /// Serials the simulator saw complete good inside the window: ground truth for throughput.
    private(set) var completedInWindow = 0
    /// The first MES refusal or broken expectation; the run stops at it.
    private(set) var fault: String?
    var clocks: [String: MachineClock] = [:]
    /// Set when the run follows a production plan.
    var plan: PlanFollower?
    /// Work left to trainees in a training run; none in a batch run.
    var traineeWork = TraineeWork()
    /// Training events that have happened, in order.
    var trainingLog: [TrainingEventRecord] = []
    /// Set in a live training run: a refusal by the MES of a simulated person's command is
    /// something a trainee did first, so the floor gives way and re-plans instead of stopping.
    var givesWay = false
    /// Each time the floor gave way, in order.
    var givenWay: [FloorGaveWay] = []
    /// Commands trainees gave so far (what is retried after a refusal waits for the next one).
    private(set) var traineeCommands = 0
    /// Gateway refusals already looked at.
    private var gatewayRefusalsSeen = 0

    let planner = Actor(id: "planner", name: "Production planner", roles: [.productionPlanner])
    let qualityEngineer = Actor(id: "quality-engineer", name: "Quality engineer", roles: [.qualityEngineer])
    let maintenance = Actor(id: "maintenance", name: "Maintenance technician", roles: [.maintenanceTechnician])
    /// Records what a training script sets up in the MES (a certification's expiry).
    let trainingScript = Actor(id: "training-script", name: "Training script", roles: [.systemAdministrator])

    struct DeferredOrder {
        let id: String
        let due: Double
        let priority: Int
    }

    init(simulation: Simulation, model: TwinModel, engine: MESEngine, streams: RandomStreams) {
        self.simulation = simulation
        self.model = model
        self.engine = engine
        self.streams = streams
        gateway = MESEquipmentGateway(engine: engine)
        calendar = ShiftCalendar(shifts: model.plant.shifts, start: model.start, horizonHours: model.horizonHours)
        window = model.warmupHours..<model.horizonHours
        policyStream = streams.stream(named: "quality/dispositions")
        reviewStream = streams.stream(named: "quality/reviews")
        for part in model.plant.parts { parts[Part.key(part.partNumber, part.revision)] = TwinPart(part, plans: model.plant.inspectionPlans) }
        for plan in model.plant.inspectionPlans { plans[plan.id] = plan }
        for lot in model.plant.lots {
            lotsByMaterial[lot.material, default: []].append(lot.lotCode)
            lotQuality[lot.lotCode] = lot.nonconformingFraction
        }
        operators = model.plant.operators.map {
            SimulatedOperator(actor: Actor(id: $0.id, name: $0.name, roles: [.operator]), certifications: Set($0.certifications),
                              efficiency: $0.efficiency ?? 1, shift: $0.shift)
        }
        for center in model.plant.workCenters { queues[center.id] = WorkCenterQueue(id: center.id) }
        for (index, spec) in model.plant.machines.enumerated() {
            machines.append(SimulatedMachine(spec, index: index, floor: self, streams: streams, window: window))
        }
        for center in queues.values {
            let capacities = machines.filter { $0.spec.workCenter == center.id }.map(\.spec.bufferCapacity)
            center.capacity = capacities.contains(nil) || capacities.isEmpty ? nil : capacities.reduce(0) { $0 + ($1 ?? 0) }
        }
        let alternates = model.plant.parts.flatMap(\.routing).flatMap { op in (op.alternateWorkCenters ?? []).map { (alternate: $0, primary: op.workCenter) } }
        for machine in machines {
            var served = [machine.spec.workCenter]
            for pair in alternates where pair.alternate == machine.spec.workCenter && !served.contains(pair.primary) { served.append(pair.primary) }
            machine.servedCenters = served
        }
    }

    // MARK: Time and the MES

    func date(_ hours: Double) -> Date { model.start.addingTimeInterval(hours * 3_600) }

    var now: Double { simulation.now }

    /// Carries out a command the simulated people give; a refusal is a fault of the run.
    @discardableResult
    func mes(_ command: Command, by actor: Actor) -> [DomainEvent]? {
        guard fault == nil else { return nil }
        do {
            return try engine.execute(command, by: actor, at: date(now))
        } catch {
            if givesWay {
                gaveWay(command.name, by: actor.id, because: "\(error)")
            } else {
                stop(because: "at \(String(format: "%.3f", now)) h the MES refused '\(command.name)' by \(actor.id): \(error)")
            }
            return nil
        }
    }

    func stop(because reason: String) {
        if fault == nil { fault = reason }
        simulation.stop()
    }

    func deliver(_ event: EquipmentEvent) {
        gateway.receive(event)
        guard gateway.refusals.count > gatewayRefusalsSeen else { return }
        if givesWay {
            // A trainee set the machine's state or runs work on it: the MES keeps the trainee's record.
            for refusal in gateway.refusals[gatewayRefusalsSeen...] { gaveWay("record machine state", by: refusal.equipmentId, because: refusal.reason) }
            gatewayRefusalsSeen = gateway.refusals.count
        } else if fault == nil {
            stop(because: "the equipment gateway could not record \(gateway.refusals[0])")
        }
    }

    func signature(_ actor: Actor, _ meaning: ElectronicSignature.Meaning) -> ElectronicSignature {
        ElectronicSignature(signerId: actor.id, printedName: actor.name, time: date(now), meaning: meaning)
    }

    // MARK: Orders

    /// The planner creates an order and releases it; a release the first article holds back waits.
    private let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()

    func placeOrder(partNumber: String, revision: String?, quantity: Int, due: Double, priority: WorkOrder.Priority, customerOrder: String?, planOrder: String? = nil) {
        let formatter = dayFormatter
        let request = CreateWorkOrder(partNumber: partNumber, revision: revision, quantity: quantity, priority: priority,
                                      targetDate: formatter.string(from: date(due)), customerOrder: customerOrder)
        guard mes(.createWorkOrder(request), by: planner) != nil, let id = engine.state.newestWorkOrder else { return }
        if let planOrder {
            planOrderOf[id] = planOrder
            mesOrderOf[planOrder] = id
        }
        waitingForRelease.append(DeferredOrder(id: id, due: due, priority: WorkOrder.Priority.allCases.firstIndex(of: priority) ?? 1))
        releaseWaitingOrders()
    }

    /// Orders created and not yet released because of the CONWIP limit, oldest first.
    private var waitingForRelease: [DeferredOrder] = []
    /// MES order id → plan order id and back, for every order a plan placed (followed or not).
    private(set) var planOrderOf: [String: String] = [:]
    private(set) var mesOrderOf: [String: String] = [:]
    /// Serials released and not yet finished, as the planner counts them for CONWIP.
    private var serialsInProcess = 0

    /// Releases waiting orders, oldest first, while the CONWIP limit allows (an order larger
    /// than the limit goes alone into an empty shop).
    private func releaseWaitingOrders() {
        while let next = waitingForRelease.first {
            let quantity = engine.state.workOrders[next.id]?.quantity ?? 0
            if let limit = model.wipLimit, serialsInProcess > 0, serialsInProcess + quantity > limit { return }
            waitingForRelease.removeFirst()
            release(next)
        }
    }

    private func release(_ order: DeferredOrder) {
        guard let workOrder = engine.state.workOrders[order.id] else { return }
        let key = Part.key(workOrder.partNumber, workOrder.revision)
        do {
            try engine.execute(.releaseWorkOrder(id: order.id), by: planner, at: date(now))
        } catch MESError.precondition(let reason) where engine.state.firstArticles[key]?.pending != nil {
            _ = reason
            deferredOrders[key, default: []].append(order)
            return
        } catch {
            if givesWay { gaveWay("release work order", by: planner.id, because: "\(error)") } else {
                stop(because: "at \(now) h the MES refused to release \(order.id): \(error)")
            }
            return
        }
        startJobs(of: order)
    }

    /// Puts a released order's serials in the queues of their first operations.
    private func startJobs(of order: DeferredOrder, serials: Set<String>? = nil) {
        guard let released = engine.state.workOrders[order.id], let part = parts[Part.key(released.partNumber, released.revision)] else { return }
        for (position, serial) in released.serials.enumerated() where serials?.contains(serial) ?? true {
            serialsInProcess += 1
            guard let unit = engine.state.serials[serial], let operation = unit.nextOperation else { continue }
            jobSequence += 1
            let job = Job(serial: serial, workOrderId: order.id, part: part, position: position, orderSize: released.serials.count, due: order.due,
                          priority: order.priority, sequence: jobSequence, operation: operation, readySince: now)
            enqueue(job, force: true)
        }
    }

    // MARK: Queues and dispatching

    /// Puts a job in the queue of its next operation's work centre; false when the buffer is
    /// full (the job is then ready there all the same, held by the machine that made it).
    @discardableResult
    func enqueue(_ job: Job, force: Bool = false) -> Bool {
        guard let unit = engine.state.serials[job.serial], let operation = unit.nextOperation, let queue = queues[operation.workCenter] else {
            if givesWay { gaveWay("route \(job.serial)", by: "floor", because: "it has no next operation at a known work centre") } else {
                stop(because: "serial \(job.serial) has no next operation at a known work centre")
            }
            return true
        }
        job.operation = operation
        job.readySince = now
        job.remainingStandardHours = unit.operations.filter { $0.status == .pending }.reduce(0) { $0 + job.part.standardHours(of: $1) }
        let placed = force || queue.hasRoom
        if placed { queue.jobs.append(job) }
        // Machines that serve the queue may take it, from the queue or straight from a blocked machine.
        for machine in machines where machine.servedCenters.contains(queue.id) { machine.wake() }
        return placed
    }

    /// The best waiting job `machine` can do with a free operator, by the dispatching rule; both are taken.
    func assign(to machine: SimulatedMachine) -> (Job, SimulatedOperator)? {
        // A trainee's machine waits for the trainee; its jobs stay in the queue.
        if traineeWork.leaves(machine.spec.workCenter) { return nil }
        // Candidates: jobs in the queues, and jobs held by machines blocked on those queues
        // (index -1 - k for the k-th blocked machine), which is how a buffer of 0 hands over.
        var best: (queue: WorkCenterQueue, index: Int, job: Job, person: SimulatedOperator, key: (Double, Double, Int))?
        var freeByCertification: [String: SimulatedOperator?] = [:]
        // Following a plan: the machine's current booking, and whether its order is still unreleased
        // (then waiting for it could never end), worked out once for all candidates.
        let current = plan?.current(on: machine.spec.id, isDone: stepDone)
        let currentUnreleased = current.map { mesOrderOf[$0.booking.workOrder].flatMap { engine.state.workOrders[$0] }.map { $0.status == .created } ?? true } ?? false
        for center in machine.servedCenters {
            guard let queue = queues[center] else { continue }
            let held = queue.blockedMachines.enumerated().compactMap { k, blocked in blocked.blockedJob.map { (-1 - k, $0) } }
            for (index, job) in Array(queue.jobs.enumerated()) + held {
                // Live: a job a trainee started, held or cancelled waits; one just refused waits for something to change.
                if givesWay && (!mayRetry(after: job.refused) || !mesAllowsStart(of: job)) { continue }
                let operation = job.operation
                guard operation.workCenter == machine.spec.workCenter || operation.alternateWorkCenters.contains(machine.spec.workCenter) else { continue }
                let skill = operation.requiredCertification ?? ""
                let person: SimulatedOperator?
                if let known = freeByCertification[skill] {
                    person = known
                } else {
                    // The most specialised person free for it, so versatile people stay free for work only they can do.
                    person = operators.filter { !$0.busy && $0.mayDo(operation.requiredCertification) && calendar.works($0.shift, at: now) }
                        .min { $0.certifications.count < $1.certifications.count }
                    freeByCertification[skill] = person
                }
                guard let person, materialsAvailable(for: job) else { continue }
                var key = (rank(job), job.readySince, job.sequence)
                if let plan {
                    // The plan decides: its current step first; under `next` later steps that are due;
                    // work the plan did not foresee (rework) when no planned job is ready.
                    if let step = plannedStep(of: job) {
                        guard step.booking.machine == machine.spec.id, now >= step.start - 1e-9, let current else { continue }
                        // Under `wait` a later booking is taken only where waiting could never end: the
                        // planned job's order is not released yet (first article, ...), or the job is
                        // held by a blocked machine that nothing else would free.
                        if step === current {
                            key = (0, Double(step.sequence), job.sequence)
                        } else if step.sequence > current.sequence && (plan.policy == .next || currentUnreleased || index < 0) {
                            key = (1, Double(step.sequence), job.sequence)
                        } else {
                            continue
                        }
                    } else {
                        key = (2, job.readySince, job.sequence)
                    }
                }
                if best == nil || key < best!.key { best = (queue, index, job, person, key) }
            }
        }
        guard let best else { return nil }
        best.person.busy = true
        if let plan, best.key.0 == 1 { plan.deviations += 1 }
        // A planned step starts when its first job is taken (its changeover included).
        if let step = plannedStep(of: best.job), step.actualStart == nil { step.actualStart = now }
        if best.index < 0 {
            let blocked = best.queue.blockedMachines.remove(at: -1 - best.index)
            blocked.unblock()
        } else {
            best.queue.jobs.remove(at: best.index)
            if let blocked = best.queue.blockedMachines.first, let held = blocked.blockedJob {
                best.queue.blockedMachines.removeFirst()
                enqueue(held, force: true)
                blocked.unblock()
            }
        }
        return (best.job, best.person)
    }

    private func rank(_ job: Job) -> Double {
        switch model.dispatching {
        case .fifo: job.readySince
        case .edd: job.due
        case .spt: job.part.standardHours(of: job.operation)
        case .criticalRatio: (job.due - now) / max(job.remainingStandardHours, 1e-9)
        case .priority: -Double(job.priority)
        }
    }

    func release(_ person: SimulatedOperator) {
        person.busy = false
        for machine in machines { machine.wake() }
    }

    /// Called at every shift boundary: machines reconsider stopping or starting.
    func shiftChanged() {
        for machine in machines { machine.wake() }
    }

    // MARK: Materials

    private func lot(for line: BOMLine) -> String? {
        (lotsByMaterial[line.item] ?? []).first { code in
            guard let lot = engine.state.lots[code], lot.status == .available else { return false }
            return Quantity.fits(line.quantityPerUnit, in: lot.remaining - lot.allocated)
        }
    }

    private func materialsAvailable(for job: Job) -> Bool {
        guard job.operation.number == job.part.firstOperation, job.operation.kind == .routing else { return true }
        return job.part.materials.allSatisfy { lot(for: $0) != nil }
    }

    func markBadLot(_ code: String) { badLots.insert(code) }

    /// A training bad lot: marked bad, and issued first from now on, so the parts started next are made from it.
    func useBadLot(_ code: String) {
        markBadLot(code)
        for (material, codes) in lotsByMaterial where codes.contains(code) {
            lotsByMaterial[material] = [code] + codes.filter { $0 != code }
        }
    }

    private var lotStreams: [String: RandomStream] = [:]

    /// Whether a part drawn from the lot is one of its nonconforming share (the supplier's lot quality).
    private func madeNonconforming(from code: String) -> Bool {
        guard let share = lotQuality[code], share > 0 else { return false }
        let stream = lotStreams[code] ?? streams.stream(named: "lot/\(code)")
        lotStreams[code] = stream
        return stream.uniform() < share
    }

    // MARK: Operations

    enum StartOutcome {
        case started
        /// The job went back to its queue (no material, the operator's certification lapsed, the MES would not start it now).
        case jobBack
        /// Live only: the machine is not the floor's to use now; the job went back to its queue.
        case machineTaken
        /// Batch only: the MES refused, and the run stops.
        case refused
    }

    /// The operator books the start: material drawn at the first operation, the operation
    /// started, and an inspection opened when the plan samples this serial. Material that went
    /// (quarantined) between the assignment and the start sends the job back to its queue.
    func startOperation(_ job: Job, on machine: SimulatedMachine, by person: SimulatedOperator) -> StartOutcome {
        // A certification that expired between the assignment and the start (a training event): the job goes back.
        guard person.mayDo(job.operation.requiredCertification) else {
            enqueue(job, force: true)
            return .jobBack
        }
        if givesWay {
            // Between the assignment and the start a trainee may have taken the part or the machine.
            if !mesAllowsStart(of: job) { return handBack(job, .jobBack) }
            if takenByTrainee(machine) || engine.state.equipment[machine.spec.id]?.lockout(at: date(now)) != nil { return handBack(job, .machineTaken) }
        }
        if job.operation.number == job.part.firstOperation && job.operation.kind == .routing {
            let lots = job.part.materials.map(lot(for:))
            guard lots.allSatisfy({ $0 != nil }) else {
                enqueue(job, force: true)
                return .jobBack
            }
            for (line, code) in zip(job.part.materials, lots.compactMap { $0 }) {
                guard mes(.consumeMaterial(lotCode: code, serial: job.serial, quantity: line.quantityPerUnit, operationNumber: job.operation.number), by: person.actor) != nil
                else { return givesWay ? handBack(job, .machineTaken) : .refused }
                consumedByLot[code, default: 0] += 1
                if badLots.contains(code) || madeNonconforming(from: code) { job.madeFromBadLot = true }
            }
        }
        let request = StartOperation(workOrderId: job.workOrderId, serial: job.serial, operationNumber: job.operation.number, equipmentId: machine.spec.id,
                                     operatorId: person.actor.id)
        guard mes(.startOperation(request), by: person.actor) != nil else { return givesWay ? handBack(job, .machineTaken) : .refused }
        // The MES accepted the start; the machine is told to start through its driver.
        do {
            try (machine as any EquipmentDriver).send(.start)
        } catch {
            stop(because: "\(machine.spec.id) refused Start: \(error)")
            return .refused
        }
        job.inspectionIds = []
        for plan in inspectionPlans(for: job) {
            // Live, a refused inspection is given up (the floor gave way); the operation runs on.
            guard let events = mes(.createInspection(serial: job.serial, planId: plan.id), by: person.actor) else {
                if givesWay { continue }
                return .refused
            }
            for case .inspectionCreated(let inspection) in events { job.inspectionIds.append(inspection.id) }
        }
        return .started
    }

    /// Live: the job goes back to its queue, not to be tried again until something changes.
    private func handBack(_ job: Job, _ outcome: StartOutcome) -> StartOutcome {
        job.refused = refusalMark
        enqueue(job, force: true)
        return outcome
    }

    /// The plans inspecting this step of the job that sample the serial (a re-inspection always
    /// measures the plan that failed).
    private func inspectionPlans(for job: Job) -> [InspectionPlanDescription] {
        switch job.operation.kind {
        case .reinspection:
            guard let report = job.operation.nonConformanceId.flatMap({ engine.state.nonConformances[$0] }) else { return [] }
            guard let inspection = report.inspectionId else {
                // An NCR raised by hand (a trainee's): any passed inspection of the part clears it; the part's first plan is used.
                return job.part.plans.values.flatMap { $0 }.sorted { $0.id < $1.id }.prefix(1).map { $0 }
            }
            guard let plan = engine.state.inspections[inspection].flatMap({ plans[$0.planId] }) else { return [] }
            return [plan]
        case .routing:
            return (job.part.plans[job.operation.number] ?? []).filter { plan in
                (plan.sampling.flatMap(PlantValidation.samplingRule) ?? .every).selects(position: job.position, of: job.orderSize)
            }
        case .rework, .repair:
            return []
        }
    }

    func cycleTime(of job: Job, stream: RandomStream) -> Double? { job.part.specification(of: job.operation)?.cycleTime.sample(stream) }

    /// One cycle's process value: reported to the MES as the machine's tag, and built into the part.
    func sense(_ sensor: SensorModel, on machine: SimulatedMachine, for job: Job) {
        let value = sensor.nextCycle()
        deliver(.processValue(ProcessValue(equipmentId: machine.spec.id, tag: sensor.spec.tag, value: value, unit: sensor.spec.unit, time: date(now))))
        for influence in sensor.spec.influences ?? [] {
            job.deviations[influence.characteristic, default: 0] += influence.gain * (value - sensor.spec.nominal)
        }
    }

    /// The operator records the inspection (if any) and completes the step, scrapping the part
    /// when the process ruined it or a re-inspection failed. Returns whether the part came out
    /// good, or nil when the MES refused.
    func completeOperation(_ job: Job, on machine: SimulatedMachine, by person: SimulatedOperator, processScrap: Bool) -> Bool? {
        var scrapReason: String? = processScrap ? "process defect at operation \(job.operation.number) on \(machine.spec.id)" : nil
        for inspectionId in job.inspectionIds {
            guard let inspection = engine.state.inspections[inspectionId], let plan = plans[inspection.planId] else { continue }
            let measurements = inspection.characteristicIds.compactMap { id -> MeasuredValue? in
                guard let characteristic = plan.characteristics.first(where: { $0.id == id }) else { return nil }
                return MeasuredValue(characteristicId: id, value: measure(characteristic, of: job, plan: plan))
            }
            guard let events = mes(.recordResults(inspectionId: inspectionId, measurements: measurements), by: person.actor) else {
                if givesWay { continue }  // a trainee recorded or removed it first
                return nil
            }
            let failed = events.contains { if case .nonConformanceOpened = $0 { true } else { false } }
            if failed && job.operation.kind == .reinspection && scrapReason == nil {
                scrapReason = "failed re-inspection under \(job.operation.nonConformanceId ?? "an NCR")"
            }
        }
        let request = CompleteOperation(workOrderId: job.workOrderId, serial: job.serial, operationNumber: job.operation.number, scrapReason: scrapReason)
        guard mes(.completeOperation(request), by: person.actor) != nil else {
            // Live: a trainee completed it first (the part goes on as the MES has it), or the
            // operation stays in progress for a trainee to complete (nil: the machine hands it over).
            guard givesWay, let record = engine.state.serials[job.serial]?.operations.first(where: { $0.number == job.operation.number }) else { return nil }
            switch record.status {
            case .completed: return true
            case .scrapped: return false
            case .pending, .inProgress: return nil
            }
        }
        if let step = plannedStep(of: job), stepDone(step) { step.actualEnd = now }
        if !traineeWork.quality, job.operation.kind == .reinspection, let report = job.operation.nonConformanceId,
            engine.state.nonConformances[report]?.status == .dispositioned {
            mes(.closeNonConformance(id: report, signature: signature(qualityEngineer, .approval)), by: qualityEngineer)
        }
        return scrapReason == nil
    }

    /// What the gauge reads: nominal, plus what the process built in, plus part-to-part variation;
    /// a part of a bad lot reads well outside the first characteristic's limits. The variation
    /// comes from the simulated operators' stream of the characteristic unless `noise` is given
    /// (a trainee's reading brings its own, so reading a gauge never shifts the simulated run).
    func measure(_ characteristic: Characteristic, of job: Job, plan: InspectionPlanDescription, noise: RandomStream? = nil) -> Double {
        var value = characteristic.nominal + (job.deviations[characteristic.id] ?? 0)
        if let variation = plan.variation?.first(where: { $0.characteristic == characteristic.id }) {
            let name = "variation/\(plan.id)/\(characteristic.id)"
            let stream = noise ?? variationStreams[name] ?? streams.stream(named: name)
            if noise == nil { variationStreams[name] = stream }
            value += variation.noise.sample(stream)
        }
        if job.madeFromBadLot && characteristic.id == plan.characteristics.first?.id {
            if let upper = characteristic.upperLimit { value = upper + abs(upper - characteristic.nominal) + 1e-6 }
            else if let lower = characteristic.lowerLimit { value = lower - abs(characteristic.nominal - lower) - 1e-6 }
        }
        return value
    }

    /// Where the job goes after a step: on to its next work centre (false when that buffer is
    /// full and the machine must hold it), to the review board when held, or out of the shop.
    func route(_ job: Job, from machine: SimulatedMachine?) -> Bool {
        guard let unit = engine.state.serials[job.serial] else { return true }
        // Every NCR against the part goes to review, a scrapped part's too (to be closed).
        for report in unit.holds { startReview(of: report) }
        switch unit.status {
        case .completed:
            finished(job, good: true)
            return true
        case .scrapped:
            finished(job, good: false)
            return true
        case .inProcess:
            break
        }
        if unit.isOnHold {
            heldJobs[job.serial] = job
            return true
        }
        guard let next = unit.nextOperation, let queue = queues[next.workCenter] else { return true }
        // A trainee's part goes on regardless of buffer room: no machine of the twin holds it.
        guard let machine else { return enqueue(job, force: true) }
        if enqueue(job) { return true }
        queue.blockedMachines.append(machine)
        return false
    }

    // MARK: Trainees

    /// A trainee completed an operation through the API: the serial leaves the queue it waited
    /// in (or the blocked machine holding it) and goes on as if a simulated operator had done it.
    func traineeRecorded(_ events: [DomainEvent]) {
        traineeCommands += 1
        defer {
            resynchronizeQueues()
            reconsider()
        }
        for event in events {
            switch event {
            case .operationStarted(let serial, _, let equipment, _, _, _):
                // The machine's process runs on the trainee's part as on any other: its sensors
                // report the cycle's process values and build their influence into the part
                // (a drifting sensor spoils the trainee's parts too).
                guard let machine = machines.first(where: { $0.spec.id == equipment }), let job = waitingJob(serial) else { continue }
                for sensor in machine.sensors { sense(sensor, on: machine, for: job) }
            case .materialConsumed(let serial, let consumption):
                // A trainee drew the part's material: what it is made of is the floor's physics too
                // (a part from a bad lot, or from a lot's nonconforming share, measures out of limit).
                guard let job = waitingJob(serial) else { continue }
                consumedByLot[consumption.lotCode, default: 0] += 1
                if badLots.contains(consumption.lotCode) || madeNonconforming(from: consumption.lotCode) { job.madeFromBadLot = true }
            case .operationCompleted(let serial, _, _, _):
                guard let job = takeWaitingJob(serial) else { continue }
                _ = route(job, from: nil)
            case .nonConformanceDispositioned(_, let subject, let disposition, _, _, _):
                // A trainee dispositioned an NCR (before the simulated quality engineer, or quality is left to trainees): the held part goes on.
                guard subject.kind == .serial, let job = heldJobs[subject.id], let unit = engine.state.serials[subject.id] else { continue }
                if disposition == .rework || disposition == .repair {
                    job.reworks += 1
                    job.deviations = [:]
                    job.madeFromBadLot = false
                }
                switch unit.status {
                case .completed: finished(job, good: true)
                case .scrapped: finished(job, good: false)
                case .inProcess:
                    if !unit.isOnHold {
                        heldJobs[job.serial] = nil
                        enqueue(job, force: true)
                    }
                }
            case .maintenanceStarted(let order, let asset, _):
                // Whoever maintains the machine, a trainee's order takes it out of the floor's hands until it completes.
                guard asset.kind == .equipment, let machine = machines.first(where: { $0.spec.id == asset.id }),
                    let kind = engine.state.maintenanceOrders[order]?.kind
                else { continue }
                machine.traineeStartedMaintenance(kind)
            case .maintenanceCompleted(let order, let asset, _, _, _):
                // The twin follows the MES: a trainee's completed order ends the repair or maintenance.
                guard asset.kind == .equipment, let machine = machines.first(where: { $0.spec.id == asset.id }),
                    let kind = engine.state.maintenanceOrders[order]?.kind
                else { continue }
                machine.traineeCompletedMaintenance(kind)
            case .nonConformanceOpened(let report):
                // A trainee's NCR on a part waiting for its next step: the part is held like one
                // that failed an inspection, and reviewed (unless quality is the trainees' too).
                // A part on a machine, or whose operation a trainee runs, is held when that step ends.
                guard report.subject.kind == .serial, let unit = engine.state.serials[report.subject.id] else { continue }
                if !unit.operations.contains(where: { $0.status == .inProgress }), let job = takeWaitingJob(unit.serial) { heldJobs[unit.serial] = job }
                startReview(of: report.id)
            case .workOrderReleased(let id, _, let units):
                traineeReleased(id, serials: units.map(\.serial))
            case .workOrderStatusChanged(let id, .cancelled, _, _):
                traineeCancelled(id)
            case .firstArticleCompleted(let key, _):
                // A trainee signed the first article: the orders it held back go out.
                retryDeferredReleases(of: key)
            default: continue
            }
        }
    }

    /// After a trainee's command the floor re-reads the MES for the parts waiting in its queues:
    /// one a trainee finished leaves the shop, one put on hold goes to review, one whose next
    /// step moved (a trainee's rework) goes to that step's queue. Nothing stale fills a buffer.
    func resynchronizeQueues() {
        for queue in queues.values {
            for job in queue.jobs {
                guard let unit = engine.state.serials[job.serial], !unit.operations.contains(where: { $0.status == .inProgress }) else { continue }
                if unit.status != .inProcess {
                    _ = takeWaitingJob(job.serial)
                    finished(job, good: unit.status == .completed)
                } else if unit.isOnHold {
                    _ = takeWaitingJob(job.serial)
                    heldJobs[job.serial] = job
                    for report in unit.holds { startReview(of: report) }
                } else if let next = unit.nextOperation, next.workCenter != queue.id || next.number != job.operation.number {
                    _ = takeWaitingJob(job.serial)
                    enqueue(job, force: true)
                }
            }
        }
    }

    /// A trainee released an order: one the planner was holding back (WIP limit, first article)
    /// leaves that list, one a trainee created is the floor's to make like any other; its
    /// serials go to their first work centres.
    private func traineeReleased(_ id: String, serials: [String]) {
        var order: DeferredOrder?
        if let index = waitingForRelease.firstIndex(where: { $0.id == id }) { order = waitingForRelease.remove(at: index) }
        for (key, waiting) in deferredOrders {
            guard let index = waiting.firstIndex(where: { $0.id == id }) else { continue }
            order = deferredOrders[key]?.remove(at: index)
        }
        if order == nil, let workOrder = engine.state.workOrders[id] {
            let due = workOrder.targetDate.flatMap(dayFormatter.date(from:)).map { $0.timeIntervalSince(model.start) / 3_600 } ?? model.horizonHours
            order = DeferredOrder(id: id, due: due, priority: WorkOrder.Priority.allCases.firstIndex(of: workOrder.priority) ?? 1)
        }
        guard let order else { return }
        startJobs(of: order, serials: Set(serials))
    }

    /// A trainee cancelled an order: its waiting serials leave the queues.
    private func traineeCancelled(_ id: String) {
        waitingForRelease.removeAll { $0.id == id }
        for key in deferredOrders.keys { deferredOrders[key]?.removeAll { $0.id == id } }
        for queue in queues.values {
            let before = queue.jobs.count
            queue.jobs.removeAll { $0.workOrderId == id }
            serialsInProcess -= before - queue.jobs.count
        }
        releaseWaitingOrders()
    }

    /// The job of `serial` waiting in a queue or held by a blocked machine, left where it is.
    private func waitingJob(_ serial: String) -> Job? {
        for queue in queues.values {
            if let job = queue.jobs.first(where: { $0.serial == serial }) ?? queue.blockedMachines.lazy.compactMap(\.blockedJob).first(where: { $0.serial == serial }) {
                return job
            }
        }
        return nil
    }

    /// Removes the job of `serial` from the queues, or from a machine blocked on one (which is
    /// then free to go on).
    private func takeWaitingJob(_ serial: String) -> Job? {
        for queue in queues.values {
            if let index = queue.jobs.firstIndex(where: { $0.serial == serial }) {
                let job = queue.jobs.remove(at: index)
                if let blocked = queue.blockedMachines.first, let held = blocked.blockedJob {
                    queue.blockedMachines.removeFirst()
                    enqueue(held, force: true)
                    blocked.unblock()
                }
                return job
            }
            if let index = queue.blockedMachines.firstIndex(where: { $0.blockedJob?.serial == serial }) {
                let blocked = queue.blockedMachines.remove(at: index)
                let job = blocked.blockedJob
                blocked.unblock()
                return job
            }
        }
        return nil
    }

    /// The job of `serial` waiting for a trainee, left where it is: in the queue of a work centre
    /// left to trainees, or held by a machine blocked on that queue. What a trainee's gauge measures.
    func jobWaitingForTrainee(_ serial: String) -> Job? {
        for queue in queues.values where traineeWork.leaves(queue.id) {
            if let job = queue.jobs.first(where: { $0.serial == serial }) { return job }
            if let job = queue.blockedMachines.lazy.compactMap(\.blockedJob).first(where: { $0.serial == serial }) { return job }
        }
        return nil
    }

    private func finished(_ job: Job, good: Bool) {
        heldJobs[job.serial] = nil
        closePlannedSteps(of: job.workOrderId)
        serialsInProcess -= 1
        defer { retryDeferredReleases(of: job.part.key) }
        releaseWaitingOrders()
        guard good else { return }
        if window.contains(now) { completedInWindow += 1 }
        let key = job.part.key
        // Quality left to trainees: the first article waits for their signature (`traineeRecorded` then releases what waited).
        guard !traineeWork.quality, engine.state.firstArticles[key]?.pending != nil else { return }
        // The quality engineer signs the first article on the first serial that carries every
        // characteristic measured and conforming; the planner then releases what waited.
        let part = job.part.spec
        do {
            try engine.execute(.completeFirstArticle(partNumber: part.partNumber, revision: part.revision, serial: job.serial,
                                                     signature: signature(qualityEngineer, .approval)), by: qualityEngineer, at: date(now))
        } catch MESError.precondition {
            return  // this serial lacks a conforming result the FAI needs; a later one may carry it
        } catch {
            if givesWay { gaveWay("complete first article", by: qualityEngineer.id, because: "\(error)") } else {
                stop(because: "at \(now) h the MES refused the first article of \(job.part.key) on \(job.serial): \(error)")
            }
        }
    }

    /// Orders held back by a pending first article are tried again when a serial of the part
    /// finishes: the FAI may have been signed, or its run may have ended without a part that
    /// could stand as the first article, in which case the MES moves the FAI to the next order.
    private func retryDeferredReleases(of key: String) {
        guard let waiting = deferredOrders[key], !waiting.isEmpty else { return }
        if let pending = engine.state.firstArticles[key]?.pending, let part = parts[key]?.spec {
            // Still pending: worth asking only once the run carrying it has finished.
            let runInProduction = engine.state.workOrders.values.contains {
                $0.partNumber == part.partNumber && $0.revision == part.revision && ($0.releasedAt.map { $0 >= pending.since } ?? false)
                    && [.released, .inProgress, .onHold].contains($0.status)
            }
            if runInProduction { return }
        }
        deferredOrders[key] = nil
        for order in waiting { release(order) }
    }

    // MARK: Non-conformances

    private var underReview = Set<String>()

    private func startReview(of report: String) {
        // Quality left to trainees: the NCR waits for them (the part stays held).
        guard !traineeWork.quality, underReview.insert(report).inserted else { return }
        let review = NonConformanceReview(simulation, report: report, floor: self)
        simulation.start(review, after: max(0, model.scenario.quality.reviewHours.sample(reviewStream)))
    }

    /// The quality engineer reviews the NCR and dispositions it by the scenario's policy.
    func review(_ reportId: String) {
        guard let report = engine.state.nonConformances[reportId], report.status == .open else { return }
        let policy = model.scenario.quality
        guard mes(.reviewNonConformance(id: reportId, signature: signature(qualityEngineer, .review)), by: qualityEngineer) != nil else { return }
        let unit = engine.state.serials[report.subject.id]
        // Live, the part of a trainee's NCR may still wait in a queue (or have been handed back there): it is held from now on.
        if heldJobs[report.subject.id] == nil, givesWay, unit?.operations.contains(where: { $0.status == .inProgress }) == false,
            let waiting = takeWaitingJob(report.subject.id) {
            heldJobs[report.subject.id] = waiting
        }
        let job = heldJobs[report.subject.id]
        var disposition = NonConformance.Disposition.scrap
        if unit?.status == .inProcess {
            let total = policy.rework + policy.scrap + policy.useAsIs
            let draw = policyStream.uniform() * total
            disposition = draw < policy.rework ? .rework : draw < policy.rework + policy.scrap ? .scrap : .useAsIs
            if disposition == .rework && (job?.reworks ?? 0) >= policy.maxReworks { disposition = .scrap }
        }
        guard mes(.dispositionNonConformance(id: reportId, disposition: disposition, signature: signature(qualityEngineer, .approval)), by: qualityEngineer) != nil
        else { return }
        if disposition != .rework {
            mes(.closeNonConformance(id: reportId, signature: signature(qualityEngineer, .approval)), by: qualityEngineer)
        } else if let job {
            job.reworks += 1
            for id in report.characteristicIds { job.deviations[id] = 0 }
            job.madeFromBadLot = false
        }
        quarantineSuspectLots(of: report.subject.id)
        if let order = engine.state.serials[report.subject.id]?.workOrderId { closePlannedSteps(of: order) }
        guard let job, let current = engine.state.serials[job.serial] else { return }
        switch current.status {
        case .completed: finished(job, good: true)
        case .scrapped: finished(job, good: false)
        case .inProcess:
            if !current.isOnHold {
                heldJobs[job.serial] = nil
                enqueue(job, force: true)
            }
        }
    }

    /// Counts NCRs against the lots a serial was made from. The quality engineer quarantines a
    /// lot once it has the policy's number of NCRs and its NCR rate (NCRs per part started from
    /// it) is over three times that of the other lots of the material (with at least 20 parts
    /// made from those to compare with): a pattern the lot explains, not process drift that
    /// strikes every lot alike.
    private func quarantineSuspectLots(of serial: String) {
        let threshold = model.scenario.quality.quarantineLotAfterNCRs
        guard threshold > 0, let unit = engine.state.serials[serial] else { return }
        for code in Set(unit.consumptions.map(\.lotCode)).sorted() {
            ncrsByLot[code, default: 0] += 1
            guard let lot = engine.state.lots[code], lot.status == .available, let count = ncrsByLot[code], count >= threshold else { continue }
            let others = (lotsByMaterial[lot.material] ?? []).filter { $0 != code }
            let otherNCRs = others.reduce(0) { $0 + (ncrsByLot[$1] ?? 0) }
            let otherParts = others.reduce(0) { $0 + (consumedByLot[$1] ?? 0) }
            let rate = Double(count) / Double(max(1, consumedByLot[code] ?? 0))
            let otherRate = Double(otherNCRs) / Double(max(1, otherParts))
            if otherParts >= 20 && rate > 3 * otherRate {
                mes(.quarantineLot(lotCode: code, reason: "\(count) NCRs on parts made from it, \(String(format: "%.1f", rate * 100)) % of its parts"), by: qualityEngineer)
            }
        }
    }

    // MARK: Maintenance

    private(set) var openMaintenance: [String: String] = [:]

    /// Live: whether the MES would let maintenance start on the machine now (a trainee may run
    /// work on it or hold it in maintenance already); asked first, so no order is left scheduled.
    private func mayStartMaintenance(on machine: SimulatedMachine) -> Bool {
        !givesWay || (engine.state.equipmentInUse[machine.spec.id] == nil && engine.state.equipment[machine.spec.id]?.state != .maintenance)
    }

    /// Whether a trainee already completed the order (live): the floor's technician has nothing left to sign.
    private func completedByTrainee(_ order: String) -> Bool { givesWay && engine.state.maintenanceOrders[order]?.status == .completed }

    func startMaintenance(_ kind: MaintenanceOrder.Kind, on machine: SimulatedMachine) -> Bool {
        guard mayStartMaintenance(on: machine) || !givesWay else { return false }
        let text = kind == .preventive ? "preventive maintenance plan" : "calibration"
        guard let events = mes(.scheduleMaintenance(assetId: machine.spec.id, kind: kind, description: text), by: maintenance) else { return false }
        guard let order = events.lazy.compactMap({ if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }).first else { return false }
        openMaintenance[machine.spec.id] = order
        return mes(.startMaintenance(orderId: order), by: maintenance) != nil
    }

    func completeMaintenance(on machine: SimulatedMachine) -> Bool {
        guard let order = openMaintenance.removeValue(forKey: machine.spec.id) else { return false }
        if completedByTrainee(order) { return true }
        return mes(.completeMaintenance(orderId: order, signature: signature(maintenance, .responsibility)), by: maintenance) != nil
    }

    private(set) var openRepairs: [String: String] = [:]

    /// The maintenance technician answers a breakdown: a corrective order, started at once
    /// (the MES lets it start under the interrupted operation, since the machine is down).
    func startRepair(of machine: SimulatedMachine) -> Bool {
        // The MES repairs a broken-down machine with a trainee's operation still on it; only a trainee's open order stands in the way.
        guard !givesWay || engine.state.equipment[machine.spec.id]?.state != .maintenance else { return false }
        guard let events = mes(.scheduleMaintenance(assetId: machine.spec.id, kind: .corrective, description: "breakdown: machine fault alarm"), by: maintenance),
            let order = events.lazy.compactMap({ if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }).first
        else { return false }
        openRepairs[machine.spec.id] = order
        return mes(.startMaintenance(orderId: order), by: maintenance) != nil
    }

    func completeRepair(of machine: SimulatedMachine) -> Bool {
        guard let order = openRepairs.removeValue(forKey: machine.spec.id) else { return false }
        if completedByTrainee(order) { return true }
        return mes(.completeMaintenance(orderId: order, signature: signature(maintenance, .responsibility)), by: maintenance) != nil
    }

    func maintained(_ machine: SimulatedMachine) { clocks[machine.spec.id]?.recompute() }

    /// Whether the machine's maintenance (repairs, preventive maintenance, calibration) is left to trainees.
    func traineesMaintain(_ machine: SimulatedMachine) -> Bool { traineeWork.leavesMaintenance(of: machine.spec.workCenter) }

    func repaired(_ machine: SimulatedMachine) { clocks[machine.spec.id]?.recompute() }

    /// Gauges are swapped for calibrated ones when their calibration falls due.
    func calibrate(tool: String) {
        guard !traineeWork.allMaintenance, let events = mes(.scheduleMaintenance(assetId: tool, kind: .calibration, description: "gauge calibration"), by: maintenance),
            let order = events.lazy.compactMap({ if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }).first
        else { return }
        mes(.startMaintenance(orderId: order), by: maintenance)
        mes(.completeMaintenance(orderId: order, signature: signature(maintenance, .responsibility)), by: maintenance)
    }

    func closeBooks() { for machine in machines { machine.closeBooks() } }
}

/// Jobs waiting in front of a work centre, and the machines blocked because it is full.
final class WorkCenterQueue {
    let id: String
    var jobs: [Job] = []
    /// Sum of its machines' buffer places; unlimited when any machine's is.
    var capacity: Int?
    var blockedMachines: [SimulatedMachine] = []

    init(id: String) { self.id = id }

    var hasRoom: Bool { capacity.map { jobs.count < $0 } ?? true }
}

// MARK: Following a plan

extension ShopFloor {
    /// A serial that leaves the shop (scrapped under an NCR, say) can finish a booking of its
    /// order without an operation completing on it: close those bookings now.
    func closePlannedSteps(of workOrderId: String) {
        guard let plan, let order = planOrderOf[workOrderId] else { return }
        for step in plan.allSteps where step.booking.workOrder == order && step.actualStart != nil && step.actualEnd == nil && stepDone(step) {
            step.actualEnd = now
        }
    }

    /// The planned booking a job's operation belongs to; nil for work the plan did not foresee (rework).
    func plannedStep(of job: Job) -> PlannedStep? {
        guard let plan, job.operation.kind == .routing, let order = planOrderOf[job.workOrderId] else { return nil }
        return plan.step(order: order, operation: job.operation.number)
    }

    /// Whether every serial of the step's order is past its operation (done or scrapped).
    func stepDone(_ step: PlannedStep) -> Bool {
        guard let id = mesOrderOf[step.booking.workOrder], let order = engine.state.workOrders[id], !order.serials.isEmpty else { return false }
        return order.serials.allSatisfy { serial in
            guard let unit = engine.state.serials[serial], unit.status == .inProcess else { return true }
            return unit.operations.first { $0.number == step.booking.operation }.map { $0.status == .completed || $0.status == .scrapped } ?? true
        }
    }

    /// Why a step that should start now has not: looked at the moment it was planned to start.
    func delayCause(of step: PlannedStep) -> String {
        guard let plan else { return "unknown" }
        let machineId = step.booking.machine
        guard let machine = machines.first(where: { $0.spec.id == machineId }) else { return "unknown machine" }
        switch machine.activity {
        case .repair: return "breakdown of \(machineId)"
        case .maintenance: return "maintenance of \(machineId)"
        case .stopped: return "outside the shift calendar"
        default: break
        }
        guard let id = mesOrderOf[step.booking.workOrder], let order = engine.state.workOrders[id], order.status != .created else {
            return "order not released (first article pending or WIP limit)"
        }
        let units = order.serials.compactMap { engine.state.serials[$0] }.filter { $0.status == .inProcess }
        if let held = units.first(where: { $0.isOnHold }) { return "rework after \(held.holds.joined(separator: ", "))" }
        let ready = units.contains { $0.nextOperation?.number == step.booking.operation && !$0.operations.contains { $0.status == .inProgress } }
        if !ready {
            // Its predecessor is late: the delay is the predecessor's.
            let previous = plan.orders.first { $0.id == step.booking.workOrder }?.bookings.last { $0.operation < step.booking.operation }
            if let previous, let earlier = plan.step(order: previous.workOrder, operation: previous.operation) {
                return earlier.cause ?? "late predecessor (operation \(previous.operation) on \(previous.machine))"
            }
            return "serials not ready"
        }
        if let running = machine.job, let other = plannedStep(of: running), other !== step {
            return other.cause ?? "\(machineId) busy with \(other.booking.workOrder)/\(other.booking.operation)"
        }
        if let current = plan.current(on: machineId, isDone: stepDone), current !== step, current.sequence < step.sequence {
            return current.cause ?? "\(machineId) waiting for \(current.booking.workOrder)/\(current.booking.operation), earlier in its plan"
        }
        if machine.activity == .setup || machine.activity == .run { return "\(machineId) busy with unplanned work (rework)" }
        if machine.activity == .blocked { return "\(machineId) blocked by a full buffer" }
        return "waiting for an operator"
    }

    /// Called just after every machine has acted at a planned start: steps due now that did
    /// not start get their cause.
    func probePlannedStarts(at time: Double) {
        guard let plan else { return }
        for step in plan.allSteps where abs(step.start - time) < 1e-9 && step.actualStart == nil && step.cause == nil {
            step.cause = delayCause(of: step)
        }
    }

    /// The plan's outcome: steps as planned and as run, orders with their completion from the MES.
    func scheduleOutcome() -> ScheduleOutcome? {
        guard let planned = model.plan else { return nil }
        let steps = plan?.allSteps ?? []
        let orders = planned.orders.map { order -> ScheduleOutcome.Order in
            let workOrder = mesOrderOf[order.id].flatMap { engine.state.workOrders[$0] }
            let completed = workOrder?.completedAt.map { $0.timeIntervalSince(model.start) / 3_600 }
            let good = workOrder?.serials.filter { engine.state.serials[$0]?.status == .completed }.count ?? 0
            let short = completed != nil && good < order.quantity
            let due = order.due.timeIntervalSince(model.start) / 3_600
            let late = (completed ?? .infinity) > due
            // The cause behind the step that lost most time against the plan.
            let own = steps.filter { $0.booking.workOrder == order.id }
            let worst = own.max { (($0.actualStart ?? model.horizonHours) - $0.start) < (($1.actualStart ?? model.horizonHours) - $1.start) }
            let plannedEnd = order.bookings.map { $0.end.timeIntervalSince(model.start) / 3_600 }.max() ?? 0
            let cause = plannedEnd > due + 1e-9 ? "planned to finish after its due date"
                : plan == nil ? "dispatched by rule" : (worst?.cause ?? "longer processing than planned")
            return ScheduleOutcome.Order(id: order.id, due: due, completed: completed, short: short, cause: late ? cause : nil)
        }
        return ScheduleOutcome(
            steps: steps.map {
                ScheduleOutcome.Step(workOrder: $0.booking.workOrder, operation: $0.booking.operation, machine: $0.booking.machine, plannedStart: $0.start,
                                     plannedEnd: $0.end, actualStart: $0.actualStart, actualEnd: $0.actualEnd, cause: $0.cause)
            }, orders: orders, deviations: plan?.deviations ?? 0)
    }
}
