import Foundation
import MESCore
import MESServer
import Stochastics
import Testing
import Training
import Twin

/// Trainees act on work the simulated people own: they start the operation a simulated
/// operator was about to start, take a running machine's neighbour into maintenance, hold
/// orders, quarantine the lot the floor draws from. The MES then refuses what the simulated
/// person meant to do; the floor must give way and re-plan around it, never stop.
@Suite struct FloorGivesWayTests {
    /// A trainee who may do anything (System Administrator): the worst case for the floor.
    static let meddler = Actor(id: "trainee-meddler", name: "Meddling trainee", roles: [.systemAdministrator])

    static func service(_ work: [String] = [], training: String = "") throws -> (MESService, APIServer.Configuration, TwinModel) {
        let model = training.isEmpty ? try bladeCell().model : try bladeCell(training: training)
        let (service, configuration) = try pausedTraining(model, traineeWork: try TraineeWork(parsing: work, plant: model.plant))
        return (service, configuration, model)
    }

    static func signature(_ meaning: ElectronicSignature.Meaning, _ time: Date) -> ElectronicSignature {
        ElectronicSignature(signerId: meddler.id, printedName: meddler.name, time: time, meaning: meaning)
    }

    /// Operations started on `machine` after `time`, by whom.
    static func starts(on machine: String, after time: Date, in record: [JournalEntry]) -> [String] {
        record.filter { $0.time > time }.flatMap { entry in
            entry.events.compactMap { event -> String? in
                if case .operationStarted(_, _, machine, let person, _, _) = event { person } else { nil }
            }
        }
    }

    /// A corrective order a trainee starts on a healthy idle machine the floor maintains takes it
    /// out of the floor's hands: nothing starts on it until the order completes, then work does.
    @Test func aTraineesMaintenanceOrderOnAnIdleMachineIsWaitedFor() async throws {
        let (service, configuration, _) = try Self.service()
        // Step to an instant where a grinder stands idle with nothing on it.
        let found = await onClock(service) { clock -> (String, Double)? in
            clock.pause(atHours: 6)
            while clock.twin.hours < 60 && clock.step() {
                let state = clock.twin.mesState
                if let idle = ["GRIND-1", "GRIND-2"].first(where: { state.equipment[$0]?.state == .idle && state.equipmentInUse[$0] == nil }) {
                    return (idle, clock.twin.hours)
                }
            }
            return nil
        }
        let (machine, at) = try #require(found)
        let scheduled = try await service.execute(.scheduleMaintenance(assetId: machine, kind: .corrective, description: "trainee suspects a spindle noise"), by: Self.meddler)
        let order = try #require(scheduled.lazy.compactMap { if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }.first)
        try await service.execute(.startMaintenance(orderId: order), by: Self.meddler)
        let during = await onClock(service) { clock -> (String?, EquipmentState?) in
            clock.pause(atHours: at + 8)
            return (clock.twin.fault, clock.twin.mesState.equipment[machine]?.state)
        }
        #expect(during.0 == nil, "\(during.0 ?? "")")
        #expect(during.1 == .maintenance)
        let startedDuring = Self.starts(on: machine, after: await onClock(service) { $0.twin.date(hours: at) }, in: try journal(configuration))
        #expect(startedDuring.isEmpty, "nothing starts on \(machine) while the trainee's order is open: \(startedDuring)")
        let completedAt = try await service.execute(by: Self.meddler) { .completeMaintenance(orderId: order, signature: Self.signature(.responsibility, $0)) }
        _ = completedAt
        let after = await onClock(service) { clock -> (String?, Date) in
            let then = clock.twin.now
            clock.pause(atHours: at + 30)
            return (clock.twin.fault, then)
        }
        #expect(after.0 == nil, "\(after.0 ?? "")")
        #expect(!Self.starts(on: machine, after: after.1, in: try journal(configuration)).isEmpty, "the floor uses \(machine) again once the order completed")
    }

    /// A trainee quarantines the lot the floor draws castings from: the floor draws from the
    /// other lot; with both quarantined it starts no new blade of that material; released, it goes on.
    @Test func aQuarantinedLotIsNotDrawnFromAndTheFloorWaitsWhenNoneIsLeft() async throws {
        let (service, _, _) = try Self.service()
        /// Steps until a casting of CAST-HPT1 is drawn; returns its lot.
        func nextDraw(before limit: Double) async -> String? {
            await onClock(service) { clock -> String? in
                let drawn = { clock.twin.mesState.serials.values.reduce(0) { $0 + $1.consumptions.filter { $0.lotCode.hasPrefix("CB1") }.count } }
                let before = drawn()
                let known = Set(clock.twin.mesState.serials.values.flatMap { unit in unit.consumptions.filter { $0.lotCode.hasPrefix("CB1") }.map { "\(unit.serial)/\($0.lotCode)" } })
                while clock.twin.hours < limit && clock.step() {
                    guard drawn() > before else { continue }
                    return clock.twin.mesState.serials.values.flatMap { unit in unit.consumptions.filter { $0.lotCode.hasPrefix("CB1") }.map { ("\(unit.serial)/\($0.lotCode)", $0.lotCode) } }
                        .first { !known.contains($0.0) }?.1
                }
                return nil
            }
        }
        let first = try #require(await nextDraw(before: 300))
        try await service.execute(.quarantineLot(lotCode: first, reason: "trainee: certificate query"), by: Self.meddler)
        let other = try #require(await nextDraw(before: 400))
        #expect(other != first, "with \(first) quarantined the floor draws from the other lot")
        try await service.execute(.quarantineLot(lotCode: other, reason: "trainee: both heats suspect"), by: Self.meddler)
        let at = await onClock(service) { $0.twin.hours }
        #expect(await nextDraw(before: at + 48) == nil, "no casting of a quarantined lot is drawn")
        #expect(await onClock(service) { $0.twin.fault } == nil)
        try await service.execute(.releaseLot(lotCode: first), by: Self.meddler)
        #expect(await nextDraw(before: at + 300) == first, "released, the lot is drawn from again")
        #expect(await onClock(service) { $0.twin.fault } == nil)
    }

    /// With quality left to trainees the first article waits for their signature: orders of the
    /// part stay unreleased, and go out as soon as the trainee signs it.
    @Test func theFirstArticleWaitsForTheTraineeQualityEngineer() async throws {
        let (service, _, _) = try Self.service(["quality"])
        // Run until a serial has completed while its part's first article is still pending.
        let found = await onClock(service) { clock -> (part: String, revision: String, serial: String)? in
            while clock.twin.hours < 400 && clock.step() {
                let state = clock.twin.mesState
                for (key, status) in state.firstArticles.sorted(by: { $0.key < $1.key }) where status.pending != nil {
                    guard let part = state.parts[key] else { continue }
                    let serial = state.serials.values.filter { unit in
                        unit.status == .completed && state.workOrders[unit.workOrderId].map { $0.partNumber == part.partNumber && $0.revision == part.revision } == true
                    }.map(\.serial).sorted().first
                    if let serial { return (part.partNumber, part.revision, serial) }
                }
            }
            return nil
        }
        let (part, revision, serial) = try #require(found)
        // A day on, still pending and orders waiting for it: the floor signed nothing.
        let waiting = await onClock(service) { clock -> (Bool, Int, String?) in
            clock.pause(atHours: clock.twin.hours + 24)
            let state = clock.twin.mesState
            let created = state.workOrders.values.filter { $0.partNumber == part && $0.revision == revision && $0.status == .created }.count
            return (state.firstArticles[Part.key(part, revision)]?.pending != nil, created, clock.twin.fault)
        }
        #expect(waiting.0 && waiting.1 > 0 && waiting.2 == nil, "pending \(waiting.0), orders waiting \(waiting.1), fault \(waiting.2 ?? "none")")
        let engineer = Actor(id: "trainee-qe", name: "Trainee QE", roles: [.qualityEngineer])
        try await service.execute(by: engineer) {
            .completeFirstArticle(partNumber: part, revision: revision, serial: serial,
                                  signature: ElectronicSignature(signerId: engineer.id, printedName: engineer.name, time: $0, meaning: .approval))
        }
        let released = await onClock(service) { clock -> Int in
            clock.twin.mesState.workOrders.values.filter { $0.partNumber == part && $0.revision == revision && $0.status == .created }.count
        }
        #expect(released < waiting.1, "signed, the waiting orders go out at once (\(waiting.1) → \(released) unreleased)")
    }

    /// A trainee who may do anything meddles at random for four simulated days: starts work
    /// anywhere (the very serials the floor was about to start, on its idle machines), completes
    /// the floor's running operations, takes machines into maintenance, sets them Held, holds
    /// orders, quarantines lots, raises NCRs on waiting parts. The floor never stops, gives way
    /// where it must, and once the trainee has tidied up it produces as the plain run does.
    @Test(arguments: [20_261_130, 7, 4_242] as [UInt64])
    func aMeddlingTraineeNeverStopsTheFloor(dice: UInt64) async throws {
        let (service, configuration, model) = try Self.service()
        let random = Meddling(RandomStreams(seed: dice, replication: 0).stream(named: "meddling"))
        var mine: [(order: String, serial: String, operation: Int)] = []
        var orders: [String] = []
        var held: [String] = []
        var quarantined: [String] = []
        var heldMachines: [String] = []
        var accepted: [String: Int] = [:]
        await onClock(service) { $0.pause(atHours: 4) }
        while await onClock(service, { $0.twin.hours }) < 100 {
            let step = 0.05 + random.stream.uniform() * 1.5
            await onClock(service) { $0.pause(atHours: $0.twin.hours + step) }
            let state = try await service.read { $0.state }
            let choice = random.below(9)
            var command: Command?
            var floorsOperation = false
            switch choice {
            case 0, 1:
                // Start a ready operation (often one the floor has queued) on an idle machine of its work centre.
                let free = Set(state.equipment.values.filter { state.equipmentInUse[$0.id] == nil && ($0.state == .idle || $0.state == .stopped) }.map(\.workCenter))
                let ready = state.serials.values.sorted { $0.serial < $1.serial }.filter { unit in
                    guard unit.status == .inProcess, !unit.isOnHold, let next = unit.nextOperation, next.status == .pending, free.contains(next.workCenter) else { return false }
                    return state.workOrders[unit.workOrderId].map { $0.status == .released || $0.status == .inProgress } == true
                }
                guard !ready.isEmpty else { break }
                let unit = ready[random.below(ready.count)]
                let operation = unit.nextOperation!
                let machine = state.equipment.values.sorted { $0.id < $1.id }.first {
                    $0.workCenter == operation.workCenter && state.equipmentInUse[$0.id] == nil && ($0.state == .idle || $0.state == .stopped)
                }
                let person = state.operators.values.sorted { $0.id < $1.id }.first { operation.requiredCertification.map($0.certifications.map(\.skill).contains) ?? true }
                guard let machine, let person else { break }
                command = .startOperation(StartOperation(workOrderId: unit.workOrderId, serial: unit.serial, operationNumber: operation.number,
                                                         equipmentId: machine.id, operatorId: person.id))
                mine.append((unit.workOrderId, unit.serial, operation.number))
            case 2, 8:
                // Complete one of the trainee's own, or one the floor runs.
                let running = state.serials.values.sorted { $0.serial < $1.serial }.compactMap { unit in
                    unit.operations.first { $0.status == .inProgress }.map { (unit.workOrderId, unit.serial, $0.number) }
                }.filter { floor in !mine.contains { $0.serial == floor.1 } }
                guard let pick = (mine.isEmpty || random.below(3) != 0 ? running : mine).pick(random) else { break }
                command = .completeOperation(CompleteOperation(workOrderId: pick.0, serial: pick.1, operationNumber: pick.2, scrapReason: nil))
                floorsOperation = !mine.contains { $0.serial == pick.1 }
                mine.removeAll { $0.serial == pick.1 }
            case 3:
                // A corrective order on any machine, or complete one of the trainee's.
                if let order = orders.first, random.below(2) == 0 {
                    orders.removeFirst()
                    command = .completeMaintenance(orderId: order, signature: Self.signature(.responsibility, state.maintenanceOrders[order]?.createdAt ?? model.start))
                } else if let machine = state.equipment.values.filter({ state.equipmentInUse[$0.id] == nil && $0.state != .maintenance }).map(\.id).sorted().pick(random),
                    let events = try? await service.execute(.scheduleMaintenance(assetId: machine, kind: .corrective, description: "trainee check"), by: Self.meddler),
                    let order = events.lazy.compactMap({ if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }).first {
                    orders.append(order)
                    command = .startMaintenance(orderId: order)
                }
            case 4:
                // Hold an order in progress, or resume one.
                if let order = held.first, random.below(2) == 0 {
                    held.removeFirst()
                    command = .resumeWorkOrder(id: order)
                } else if let order = state.workOrders.values.filter({ $0.status == .inProgress }).map(\.id).sorted().pick(random) {
                    held.append(order)
                    command = .holdWorkOrder(id: order, reason: "trainee: drawing query")
                }
            case 5:
                if let lot = quarantined.first, random.below(2) == 0 {
                    quarantined.removeFirst()
                    command = .releaseLot(lotCode: lot)
                } else if let lot = ["CB1-24117", "CB1-24152", "CB2-24090"].pick(random) {
                    quarantined.append(lot)
                    command = .quarantineLot(lotCode: lot, reason: "trainee: certificate query")
                }
            case 6:
                // An NCR on a part waiting for its next step.
                let waiting = state.serials.values.filter { $0.status == .inProcess && !$0.isOnHold && !$0.operations.contains { $0.status == .inProgress } }
                    .map(\.serial).sorted()
                if let serial = waiting.pick(random) {
                    command = .openNonConformance(subject: EntityReference(.serial, serial), description: "trainee: nick on the platform")
                }
            case 7:
                // Set an idle machine Held, or back to Idle.
                if let machine = heldMachines.first, random.below(2) == 0 {
                    heldMachines.removeFirst()
                    command = .setEquipmentState(equipmentId: machine, state: .idle)
                } else if let machine = state.equipment.values.filter({ $0.state == .idle && state.equipmentInUse[$0.id] == nil }).map(\.id).sorted()
                    .pick(random) {
                    heldMachines.append(machine)
                    command = .setEquipmentState(equipmentId: machine, state: .held)
                }
            default:
                fatalError("choices are 0..<9")
            }
            guard let command else { continue }
            // Trainees get things wrong (refused commands are fine); what matters is that the floor never stops.
            if (try? await service.execute(by: Self.meddler) { time in Self.retimed(command, at: time) }) != nil {
                accepted[floorsOperation ? "complete the floor's operation" : command.name, default: 0] += 1
            }
            let fault = await onClock(service) { $0.twin.fault }
            #expect(fault == nil, "after '\(command.name)': \(fault ?? "")")
            if fault != nil { return }
        }
        // The trainee tidies up: completes their own work and orders, releases what they held.
        for (order, serial, operation) in mine {
            _ = try? await service.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: operation, scrapReason: nil)), by: Self.meddler)
        }
        for order in orders { _ = try? await service.execute(by: Self.meddler) { .completeMaintenance(orderId: order, signature: Self.signature(.responsibility, $0)) } }
        for order in held { _ = try? await service.execute(.resumeWorkOrder(id: order), by: Self.meddler) }
        for lot in quarantined { _ = try? await service.execute(.releaseLot(lotCode: lot), by: Self.meddler) }
        for machine in heldMachines { _ = try? await service.execute(.setEquipmentState(equipmentId: machine, state: .idle), by: Self.meddler) }
        let (fault, gaveWay, tidied) = await onClock(service) { clock -> (String?, Int, Date) in
            let then = clock.twin.now
            clock.pause(atHours: 200)
            return (clock.twin.fault, clock.twin.gaveWay.count, then)
        }
        #expect(fault == nil, "\(fault ?? "")")
        // The meddling really reached the floor's work: each kind of interference was accepted by the MES several times.
        for kind in ["start operation", "complete the floor's operation", "start maintenance", "hold work order", "quarantine lot", "open NCR", "set equipment state"] {
            #expect(accepted[kind, default: 0] >= 2, "\(kind): \(accepted)")
        }
        print("meddling accepted: \(accepted.sorted { $0.key < $1.key }); the floor gave way \(gaveWay) times")
        // The score keeps the floor's refusals apart: listed as where it gave way, none counted as the trainee's violation.
        let score = try await service.withClock { clock in Result { try (clock as! TrainingClock).score() }.mapError { TwinError("\($0)") } }.get()
        #expect(score.floorGaveWay.count == gaveWay)
        #expect(score.violations.allSatisfy { $0.actor == Self.meddler.id }, "\(Set(score.violations.map(\.actor)))")
        #expect(!score.violations.isEmpty, "the meddler's own refused commands are violations")
        #expect(TrainingReport.summary(score).contains("\(gaveWay) times a simulated person's command was refused"))
        // After the tidy-up the floor produces: the simulated operators complete serials on every work centre.
        let record = try journal(configuration)
        let completedAfter = record.filter { $0.time > tidied && $0.actor.id.hasPrefix("OP-") }.flatMap(\.events).compactMap { event -> Int? in
            if case .operationCompleted(_, let number, nil, _) = event { number } else { nil }
        }
        for operation in [10, 20, 30, 40, 50, 60] {
            #expect(completedAfter.contains(operation), "operation \(operation) is done by the floor after the tidy-up")
        }
    }

    /// The trainee's command with its signature (if any) stamped at the command's simulated time.
    static func retimed(_ command: Command, at time: Date) -> Command {
        switch command {
        case .completeMaintenance(let order, _): .completeMaintenance(orderId: order, signature: signature(.responsibility, time))
        default: command
        }
    }
}

/// The meddling trainee's dice: a named stream of the twin's own generator, so every run meddles alike.
struct Meddling {
    let stream: RandomStream
    init(_ stream: RandomStream) { self.stream = stream }
    func below(_ count: Int) -> Int { min(count - 1, Int(stream.uniform() * Double(count))) }
}

extension Array {
    func pick(_ dice: Meddling) -> Element? { isEmpty ? nil : self[dice.below(count)] }
}
