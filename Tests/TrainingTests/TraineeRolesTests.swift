import Foundation
import MESCore
import MESServer
import MESStore
import PlantFiles
import Testing
import Training
import Twin

/// `--trainees-do quality` and `--trainees-do maintenance`: the simulated quality engineer and
/// maintenance technician leave their work to trainees, and the twin follows what the trainees
/// record in the MES.
@Suite struct TraineeRolesTests {
    let plant: PlantDescription

    init() throws {
        do { plant = try ScenarioLoader.load(repositoryRoot.appendingPathComponent("Scenarios/hpt-blade-cell.yaml").path).plant } catch { throw TwinError("\(error)") }
    }

    @Test func rolesAreParsedAndUnknownOnesRefused() throws {
        let work = try TraineeWork(parsing: ["quality", "maintenance@WC-GRIND", "operator@WC-EDM"], plant: plant)
        #expect(work.quality && !work.allMaintenance && work.maintenanceWorkCenters == ["WC-GRIND"] && work.workCenters == ["WC-EDM"] && !work.allOperations)
        #expect(work.entries == ["operator@WC-EDM", "quality", "maintenance@WC-GRIND"])
        #expect(try TraineeWork(parsing: ["maintenance"], plant: plant).allMaintenance)
        #expect(try TraineeWork(parsing: [], plant: plant).isEmpty)
        for (entry, message) in [("planner", "unknown role 'planner'"), ("quality@WC-EDM", "plant-wide"),
                                 ("maintenance@WC-NOPE", "no work centre 'WC-NOPE'"), ("Operator", "unknown role 'Operator'")] {
            #expect { _ = try TraineeWork(parsing: [entry], plant: plant) } throws: { "\($0)".contains(message) }
        }
    }

    /// Quality left to trainees: an NCR stays open, its part held, until the trainee reviews and
    /// dispositions it through the API; the part then goes on along its route, and the trainee closes it.
    @Test func anNCRWaitsForTheTraineeQualityEngineer() async throws {
        let model = try bladeCell(training: """

            training:
              events:
                - badLot: {lot: CB1-24152, at: 1}
            """)
        let configuration = try temporaryDatabase()
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: try TraineeWork(parsing: ["quality"], plant: model.plant),
                                                 speed: 60, paused: true)
        // Step to the first NCR holding a serial that has operations left.
        let found = await onClock(service) { clock -> (ncr: String, serial: String, hours: Double)? in
            while clock.twin.hours < 100 && clock.step() {
                let state = clock.twin.mesState
                for report in state.nonConformances.values.sorted(by: { $0.id < $1.id }) where report.status == .open && report.subject.kind == .serial {
                    if let unit = state.serials[report.subject.id], unit.status == .inProcess, unit.isOnHold, unit.nextOperation != nil {
                        return (report.id, unit.serial, clock.twin.hours)
                    }
                }
            }
            return nil
        }
        let (ncr, serial, openedAt) = try #require(found)
        // A day later nobody has touched it: still open, the part still held where it was.
        let (later, completedBefore) = await onClock(service) { clock -> (NonConformance.Status?, Int) in
            let before = clock.twin.mesState.serials[serial]?.operations.filter { $0.status == .completed }.count ?? 0
            clock.pause(atHours: openedAt + 24)
            return (clock.twin.mesState.nonConformances[ncr]?.status, before)
        }
        #expect(later == .open)
        let held = await onClock(service) { $0.twin.mesState.serials[serial] }
        #expect(held?.isOnHold == true && held?.operations.filter { $0.status == .completed }.count == completedBefore)
        #expect(await onClock(service) { $0.twin.fault } == nil)

        let engineer = Actor(id: "trainee-qe", name: "Trainee QE", roles: [.qualityEngineer])
        func signature(_ meaning: ElectronicSignature.Meaning, _ time: Date) -> ElectronicSignature {
            ElectronicSignature(signerId: engineer.id, printedName: engineer.name, time: time, meaning: meaning)
        }
        try await service.execute(by: engineer) { .reviewNonConformance(id: ncr, signature: signature(.review, $0)) }
        try await service.execute(by: engineer) { .dispositionNonConformance(id: ncr, disposition: .useAsIs, signature: signature(.approval, $0)) }
        try await service.execute(by: engineer) { .closeNonConformance(id: ncr, signature: signature(.approval, $0)) }
        // Released, the part moves on: its next operation is done within the next day.
        let after = await onClock(service) { clock -> (MESState, String?) in
            clock.pause(atHours: openedAt + 48)
            return (clock.twin.mesState, clock.twin.fault)
        }
        #expect(after.1 == nil, "\(after.1 ?? "")")
        #expect(after.0.nonConformances[ncr]?.status == .closed)
        let unit = try #require(after.0.serials[serial])
        #expect(unit.operations.filter { $0.status == .completed }.count > completedBefore, "\(serial) went on after the disposition")
        // The simulated quality engineer reviewed, dispositioned and closed nothing.
        let record = try journal(configuration)
        let simulated = record.filter { $0.actor.id == "quality-engineer" }.map(\.command.name)
        #expect(!simulated.contains { ["review NCR", "disposition NCR", "close NCR"].contains($0) }, "\(Set(simulated))")
    }

    /// A trainee's operation runs the machine's process like the floor's: a sensor drift on the
    /// trainee's grinder spoils the trainee's parts, found out of limit at the floor's CMM.
    @Test func aDriftingSensorSpoilsTheTraineesPartsToo() async throws {
        let model = try bladeCell(training: """

            training:
              events:
                - sensorDrift: {machine: GRIND-1, tag: spindle-power, at: 1, perCycle: 5}
            """)
        let configuration = try temporaryDatabase()
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed,
                                                 traineeWork: try TraineeWork(parsing: ["operator@WC-GRIND"], plant: model.plant), speed: 60, paused: true)
        let grinder = Actor(id: "OP-E-GR1", name: "A. Novak (trainee)", roles: [.operator])
        var ground: [String] = []
        await onClock(service) { $0.pause(atHours: 1.5) }
        for _ in 0..<8 {
            let (order, serial, number) = try #require(await Self.nextHPT1Blade(on: service, before: 100) { $0.nextOperation?.status == .pending })
            try await Self.grind(order, serial, number, by: grinder, on: service, taking: 0.25)
            ground.append(serial)
        }
        let (state, fault) = await onClock(service) { clock -> (MESState, String?) in
            clock.pause(atHours: 120)
            return (clock.twin.mesState, clock.twin.fault)
        }
        #expect(fault == nil, "\(fault ?? "")")
        let breached = state.inspections.values.filter { inspection in
            ground.contains(inspection.serial) && inspection.results.contains { $0.characteristicId == "root-form" && !$0.conforms }
        }.map(\.serial)
        #expect(!breached.isEmpty, "a part the trainee ground on the drifting GRIND-1 fails root form at the CMM (\(ground))")
    }

    /// A trainee who draws the castings for the parts they start draws from a bad lot too: the
    /// parts made from it fail the floor's CMM like the floor's own parts from that lot.
    @Test func aTraineeDrawingFromABadLotMakesBadParts() async throws {
        let model = try bladeCell(training: """

            training:
              events:
                - badLot: {lot: CB1-24152, at: 1}
            """)
        let (service, _) = try pausedTraining(model, traineeWork: try TraineeWork(parsing: ["operator@WC-GRIND"], plant: model.plant))
        let grinder = Actor(id: "OP-E-GR1", name: "A. Novak (trainee)", roles: [.operator])
        var made: [String] = []
        await onClock(service) { $0.pause(atHours: 1.5) }
        for _ in 0..<4 {
            let (order, serial, number) = try #require(await Self.nextHPT1Blade(on: service, before: 200) { $0.nextOperation?.number == 10 && $0.consumptions.isEmpty })
            try await service.execute(.consumeMaterial(lotCode: "CB1-24152", serial: serial, quantity: 1, operationNumber: number), by: grinder)
            try await Self.grind(order, serial, number, by: grinder, on: service, taking: 0)
            made.append(serial)
        }
        let (state, fault) = await onClock(service) { clock -> (MESState, String?) in
            clock.pause(atHours: 200)
            return (clock.twin.mesState, clock.twin.fault)
        }
        #expect(fault == nil, "\(fault ?? "")")
        let inspected = state.inspections.values.filter { made.contains($0.serial) && !$0.results.isEmpty }
        #expect(!inspected.isEmpty, "the floor's CMM measured parts the trainee made (\(made))")
        // Each part's first measurement fails (a rework may pass its re-inspection later).
        for serial in Set(inspected.map(\.serial)) {
            let first = inspected.filter { $0.serial == serial }.min { $0.createdAt < $1.createdAt }
            #expect(first?.results.contains { !$0.conforms } == true, "\(serial), made from the bad lot, fails its first inspection at the CMM")
        }
    }

    /// Steps the floor until an HPT1 blade (the one whose root form the grinders' spindle power
    /// influences) waits, not on hold, for grinding and meets `also`; its order, serial and operation.
    static func nextHPT1Blade(on service: MESService, before hours: Double, also: @escaping @Sendable (SerialUnit) -> Bool) async
        -> (String, String, Int)? {
        await onClock(service) { clock -> (String, String, Int)? in
            while clock.twin.hours < hours {
                let unit = clock.twin.mesState.serials.values.sorted { $0.serial < $1.serial }.first {
                    $0.status == .inProcess && !$0.isOnHold && $0.partNumber == "HPT1-BLADE" && $0.nextOperation?.workCenter == "WC-GRIND" && also($0)
                }
                if let unit, let next = unit.nextOperation { return (unit.workOrderId, unit.serial, next.number) }
                guard clock.step() else { return nil }
            }
            return nil
        }
    }

    /// The trainee grinds the serial on GRIND-1: starts, lets `hours` of simulated time pass, completes.
    static func grind(_ order: String, _ serial: String, _ number: Int, by grinder: Actor, on service: MESService, taking hours: Double) async throws {
        try await service.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: number, equipmentId: "GRIND-1",
                                                                 operatorId: grinder.id)), by: grinder)
        if hours > 0 { await onClock(service) { $0.pause(atHours: $0.twin.hours + hours) } }
        try await service.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: number, scrapReason: nil)), by: grinder)
    }

    /// Maintenance left to trainees: a scripted breakdown leaves the machine Aborted until the
    /// trainee starts and completes a corrective order; the machine then runs again, and the
    /// alarm's response time runs from the breakdown to the trainee's first maintenance action.
    @Test func aBrokenMachineWaitsForTheTraineeTechnician() async throws {
        let model = try bladeCell(training: """

            training:
              events:
                - breakdown: {machine: GRIND-1, at: 8, repairMinutes: 90}
            """)
        let (service, configuration) = try pausedTraining(model, traineeWork: try TraineeWork(parsing: ["maintenance@WC-GRIND"], plant: model.plant))
        // Three hours after the breakdown, twice its repair time: still down, no order booked for it.
        let down = await onClock(service) { clock -> (EquipmentState?, Int, String?) in
            clock.pause(atHours: 11)
            let state = clock.twin.mesState
            return (state.equipment["GRIND-1"]?.state, state.maintenanceOrders.values.filter { $0.asset.id == "GRIND-1" }.count, clock.twin.fault)
        }
        #expect(down.0 == .aborted && down.1 == 0 && down.2 == nil, "\(down)")

        let technician = Actor(id: "trainee-m", name: "Trainee technician", roles: [.maintenanceTechnician])
        let scheduled = try await service.execute(.scheduleMaintenance(assetId: "GRIND-1", kind: .corrective, description: "spindle fault"), by: technician)
        let order = try #require(scheduled.lazy.compactMap { if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }.first)
        try await service.execute(.startMaintenance(orderId: order), by: technician)
        // Started is not repaired: the machine stays down until the order completes.
        let during = await onClock(service) { clock -> Bool in
            clock.pause(atHours: 12)
            return clock.twin.journalStates("GRIND-1", after: clock.twin.date(hours: 11)).contains(.execute)
        }
        #expect(!during)
        try await service.execute(by: technician) {
            .completeMaintenance(orderId: order, signature: ElectronicSignature(signerId: technician.id, printedName: technician.name, time: $0, meaning: .responsibility))
        }
        let after = await onClock(service) { clock -> ([EquipmentState], String?) in
            clock.pause(atHours: 16)
            return (clock.twin.journalStates("GRIND-1", after: clock.twin.date(hours: 12)), clock.twin.fault)
        }
        #expect(after.1 == nil, "\(after.1 ?? "")")
        #expect(after.0.contains(.execute), "GRIND-1 runs again after the trainee's repair: \(after.0)")
        let record = try journal(configuration)
        #expect(!record.contains { $0.actor.id == "maintenance" && $0.events.contains { event in
            if case .maintenanceScheduled(let order) = event { order.asset.id == "GRIND-1" } else { false }
        } }, "the simulated technician booked no maintenance on GRIND-1")

        let score = try await service.withClock { clock in Result { try (clock as! TrainingClock).score() }.mapError { TwinError("\($0)") } }.get()
        let alarm = try #require(score.alarms.first { $0.kind == "machineDown" && $0.subject == "GRIND-1" && $0.time == model.start.addingTimeInterval(8 * 3_600) })
        #expect(alarm.response == "schedule maintenance" && alarm.respondedBy == "trainee-m", "\(alarm)")
        #expect(alarm.responseMinutes.map { abs($0 - 180) < 1e-6 } == true, "\(alarm)")
        #expect(score.traineesDo == ["maintenance@WC-GRIND"] && score.traineeWorkCenters.isEmpty)
    }

    /// Maintenance left to trainees: a machine due for preventive maintenance starts no new work
    /// (and the MES refuses nothing of the twin's) until the trainee completes a preventive order; then it works again.
    @Test func aMachineDueForPreventiveMaintenanceWaitsForTheTrainee() async throws {
        // GRIND-1 due for preventive maintenance after 55 h, in the middle of a run of grinding work
        // (the plant's 168 h would make a long test).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var plantText = try String(contentsOf: repositoryRoot.appendingPathComponent("Plants/hpt-blade-cell.yaml"), encoding: .utf8)
        let first = try #require(plantText.range(of: "preventiveMaintenance: {intervalHours: 168,"))
        plantText.replaceSubrange(first, with: "preventiveMaintenance: {intervalHours: 55,")
        try plantText.write(to: folder.appendingPathComponent("plant.yaml"), atomically: true, encoding: .utf8)
        let scenarioText = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/hpt-blade-cell.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "plant: ../Plants/hpt-blade-cell.yaml", with: "plant: plant.yaml")
        try scenarioText.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let model: TwinModel
        do { model = TwinModel(try ScenarioLoader.load(folder.appendingPathComponent("scenario.yaml").path)) } catch { throw TwinError("\(error)") }
        #expect(model.plant.machines.first { $0.id == "GRIND-1" }?.preventiveMaintenance?.intervalHours == 55)
        let (service, configuration) = try pausedTraining(model, traineeWork: try TraineeWork(parsing: ["maintenance@WC-GRIND"], plant: model.plant))
        let due = model.start.addingTimeInterval(55 * 3_600)
        func starts(_ journal: [JournalEntry], after time: Date) -> [Date] {
            journal.filter { $0.time > time }.flatMap(\.events).compactMap { event in
                if case .operationStarted(_, _, "GRIND-1", _, _, let at) = event { at } else { nil }
            }
        }
        let (fault, waiting) = await onClock(service) { clock -> (String?, Int) in
            clock.pause(atHours: 56)
            let waiting = clock.twin.mesState.serials.values.filter { unit in
                unit.status == .inProcess && !unit.isOnHold && unit.nextOperation.map { $0.workCenter == "WC-GRIND" && $0.status == .pending } == true
            }.count
            return (clock.twin.fault, waiting)
        }
        #expect(fault == nil, "\(fault ?? "")")
        #expect(waiting > 0, "grinding work waits while GRIND-1 is due")
        #expect(starts(try journal(configuration), after: due).isEmpty, "GRIND-1 started no work past its PM date")
        #expect(!starts(try journal(configuration), after: due.addingTimeInterval(-3_600)).isEmpty, "GRIND-1 worked the hour before")

        let technician = Actor(id: "trainee-m", name: "Trainee technician", roles: [.maintenanceTechnician])
        let scheduled = try await service.execute(.scheduleMaintenance(assetId: "GRIND-1", kind: .preventive, description: "weekly PM"), by: technician)
        let order = try #require(scheduled.lazy.compactMap { if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }.first)
        try await service.execute(.startMaintenance(orderId: order), by: technician)
        await onClock(service) { $0.pause(atHours: 56.25) }
        try await service.execute(by: technician) {
            .completeMaintenance(orderId: order, signature: ElectronicSignature(signerId: technician.id, printedName: technician.name, time: $0, meaning: .responsibility))
        }
        let after = await onClock(service) { clock -> String? in
            clock.pause(atHours: 62)
            return clock.twin.fault
        }
        #expect(after == nil, "\(after ?? "")")
        #expect(!starts(try journal(configuration), after: model.start.addingTimeInterval(56.25 * 3_600)).isEmpty, "GRIND-1 works again after the trainee's PM")
    }

    /// A trainee's corrective order started on a machine that stands idle takes it out of service
    /// until the order completes: the twin starts nothing on it meanwhile (which the MES would refuse).
    @Test func aCorrectiveOrderOnAnIdleMachineTakesItOutOfService() async throws {
        let (model, _, _) = try bladeCell()
        let (service, _) = try pausedTraining(model, traineeWork: try TraineeWork(parsing: ["maintenance@WC-GRIND"], plant: model.plant))
        // At 11 h GRIND-1 stands idle (from 10.5 h to a changeover at 11.8 h, with this seed), grinding work following.
        let idle = await onClock(service) { clock -> Bool in
            clock.pause(atHours: 11)
            return clock.twin.mesState.equipment["GRIND-1"]?.state == .idle && clock.twin.mesState.equipmentInUse["GRIND-1"] == nil
        }
        #expect(idle)
        let technician = Actor(id: "trainee-m", name: "Trainee technician", roles: [.maintenanceTechnician])
        let scheduled = try await service.execute(.scheduleMaintenance(assetId: "GRIND-1", kind: .corrective, description: "coolant leak"), by: technician)
        let order = try #require(scheduled.lazy.compactMap { if case .maintenanceScheduled(let order) = $0 { order.id } else { nil } }.first)
        try await service.execute(.startMaintenance(orderId: order), by: technician)
        let during = await onClock(service) { clock -> (String?, [EquipmentState]) in
            clock.pause(atHours: 14)
            return (clock.twin.fault, clock.twin.journalStates("GRIND-1", after: clock.twin.date(hours: 11)))
        }
        #expect(during.0 == nil, "\(during.0 ?? "")")
        #expect(!during.1.contains(.execute), "\(during.1)")
        try await service.execute(by: technician) {
            .completeMaintenance(orderId: order, signature: ElectronicSignature(signerId: technician.id, printedName: technician.name, time: $0, meaning: .responsibility))
        }
        let after = await onClock(service) { clock -> (String?, [EquipmentState]) in
            clock.pause(atHours: 16)
            return (clock.twin.fault, clock.twin.journalStates("GRIND-1", after: clock.twin.date(hours: 14)))
        }
        #expect(after.0 == nil, "\(after.0 ?? "")")
        #expect(after.1.contains(.execute), "GRIND-1 works again: \(after.1)")
    }
}

extension LiveTwin {
    /// The states the MES recorded for `machine` after `time`, in order.
    func journalStates(_ machine: String, after time: Date) -> [EquipmentState] {
        ((try? journal()) ?? []).filter { $0.time > time }.flatMap(\.events).compactMap { event in
            if case .equipmentStateChanged(machine, let state, _) = event { state } else { nil }
        }
    }
}
