import Foundation
import MESCore
import MESServer
import MESStore
import PlantFiles
import Testing
import Training
import Twin

/// The blade-cell scenario with a `training:` section, loaded through the scenario loader from a temporary folder.
func bladeCell(training section: String) throws -> TwinModel {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-scenario-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Plants/hpt-blade-cell.yaml"), to: folder.appendingPathComponent("plant.yaml"))
    var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/hpt-blade-cell.yaml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "plant: ../Plants/hpt-blade-cell.yaml", with: "plant: plant.yaml") + section
    let path = folder.appendingPathComponent("scenario.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    do { return TwinModel(try ScenarioLoader.load(path)) } catch { throw TwinError("\(error)") }
}

/// A live twin on an in-memory MES, every operation done by the simulated operators, run to `hours`.
func simulatedOnly(_ model: TwinModel, seed: UInt64, through hours: Double) throws -> (twin: LiveTwin, journal: [JournalEntry]) {
    let twin = try LiveTwin(model, seed: seed, engine: try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly))
    twin.run(through: hours)
    #expect(twin.fault == nil, "\(twin.fault ?? "")")
    return (twin, try twin.journal())
}

let seed: UInt64 = 7311

@Suite struct ScriptedTrainingEventsTests {
    /// A scripted breakdown (at an ISO time) takes the machine to Aborted at exactly that simulated time.
    @Test func aBreakdownAbortsTheMachineAtItsTime() throws {
        let model = try bladeCell(training: """

            training:
              events:
                - breakdown: {machine: GRIND-1, at: "2026-01-05T08:00:00Z", repairMinutes: 90}
            """)
        let (twin, journal) = try simulatedOnly(model, seed: seed, through: 12)
        let at = model.start.addingTimeInterval(8 * 3_600)
        let aborted = journal.flatMap(\.events).compactMap { event -> Date? in
            if case .equipmentStateChanged("GRIND-1", .aborted, let time) = event { time } else { nil }
        }
        #expect(aborted.contains(at), "GRIND-1 aborted at \(aborted)")
        #expect(twin.trainingEvents.map(\.hours) == [8])
        // Repaired after the 90 minutes: the corrective order completes then.
        let repaired = journal.filter { entry in entry.events.contains { if case .maintenanceCompleted(_, let asset, _, _, _) = $0 { asset.id == "GRIND-1" } else { false } } }
        #expect(repaired.contains { abs($0.time.timeIntervalSince(at) - 90 * 60) < 1e-3 }, "repairs at \(repaired.map(\.time))")
    }

    /// A bad lot: the stores issue it from its time on, and every inspected part made from it gets an NCR.
    @Test func aBadLotYieldsNCRsOnTheSerialsThatConsumedIt() throws {
        let model = try bladeCell(training: """

            training:
              events:
                - badLot: {lot: CB1-24152, at: 1}
            """)
        let (twin, journal) = try simulatedOnly(model, seed: seed, through: 60)
        let state = twin.mesState
        let fromLot = state.serials.values.filter { $0.consumptions.contains { $0.lotCode == "CB1-24152" } }
        #expect(!fromLot.isEmpty, "parts were made from the bad lot")
        let ncrSerials = Set(state.nonConformances.values.map(\.subject.id))
        let inspected = Set(journal.flatMap(\.events).compactMap { event -> String? in
            if case .resultsRecorded(let id, _, _) = event { state.inspections[id]?.serial } else { nil }
        })
        let inspectedFromLot = fromLot.filter { inspected.contains($0.serial) }
        #expect(!inspectedFromLot.isEmpty, "parts from the bad lot reached inspection")
        for unit in inspectedFromLot { #expect(ncrSerials.contains(unit.serial), "\(unit.serial) from the bad lot has an NCR") }
        // Without the event the same run draws the other lot and opens no NCR against CB1-24152 parts.
        let (plain, _) = try simulatedOnly(try bladeCell(training: ""), seed: seed, through: 60)
        #expect(!plain.mesState.serials.values.contains { $0.consumptions.contains { $0.lotCode == "CB1-24152" } })
    }

    /// A sensor drift moves the characteristic it influences beyond its limit: a failing measurement.
    @Test func aSensorDriftBreachesTheLimit() throws {
        let section = """

            training:
              events:
                - sensorDrift: {machine: GRIND-1, tag: spindle-power, at: 1, perCycle: 5}
            """
        let (twin, journal) = try simulatedOnly(try bladeCell(training: section), seed: seed, through: 60)
        let state = twin.mesState
        func breaches(_ journal: [JournalEntry], _ state: MESState) -> [String] {
            journal.flatMap(\.events).compactMap { event -> String? in
                guard case .resultsRecorded(let id, let results, _) = event, let serial = state.inspections[id]?.serial,
                    state.serials[serial]?.operations.contains(where: { $0.equipmentId == "GRIND-1" }) == true,
                    results.contains(where: { $0.characteristicId == "root-form" && abs($0.value) > 0.02 && !$0.conforms })
                else { return nil }
                return serial
            }
        }
        #expect(!breaches(journal, state).isEmpty, "a root-form measurement beyond ±0.02 mm on a part ground on GRIND-1")
        let (plain, plainJournal) = try simulatedOnly(try bladeCell(training: ""), seed: seed, through: 60)
        #expect(breaches(plainJournal, plain.mesState).isEmpty, "no breach without the drift")
    }

    /// An expiring certification: after its time the MES refuses the operator's start (audited,
    /// counted as one violation), while an operator still certified may start the same operation.
    @Test func anExpiredCertificationRefusesTheStart() async throws {
        let (_, _, work) = try bladeCell()
        let model = try bladeCell(training: """

            training:
              events:
                - certificationExpires: {operator: OP-E-ED1, certification: EDM, at: 0.5}
            """)
        let (service, _) = try pausedTraining(model, traineeWork: work)
        let waiting = await onClock(service) { clock -> (workOrder: String, serial: String, operation: Int)? in
            while clock.step() { if let found = waitingAtEDM(clock.twin.mesState) { return found } }
            return nil
        }
        let (order, serial, number) = try #require(waiting)
        #expect(await onClock(service) { $0.twin.hours } > 0.5)
        let request = StartOperation(workOrderId: order, serial: serial, operationNumber: number, equipmentId: "EDM-1", operatorId: "OP-E-ED1")
        await #expect(throws: APIError.self) { try await service.execute(.startOperation(request), by: trainee) }
        let other = Actor(id: "OP-E-ED2", name: "D. Moreau (trainee)", roles: [.operator])
        try await service.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: number, equipmentId: "EDM-1", operatorId: "OP-E-ED2")), by: other)
        let score = try await service.withClock { clock in Result { try (clock as! TrainingClock).score() }.mapError { TwinError("\($0)") } }.get()
        #expect(score.violations.count == 1)
        #expect(score.violations.first?.actor == "OP-E-ED1" && score.violations.first?.command == "start operation" && score.violations.first?.audited == true, "\(score.violations)")
        let expiry = try #require(score.alarms.first { $0.kind == "certificationExpires" })
        #expect(expiry.subject == "OP-E-ED1/EDM" && expiry.response == nil)
    }
}

@Suite struct TrainingScoreTests {
    /// A trainee who does nothing: no operation at the trainees' work centre while the reference
    /// run does them, and no alarm answered (a scripted EDM-1 breakdown among them).
    @Test func aTraineeWhoDoesNothing() async throws {
        let (_, _, work) = try bladeCell()
        let model = try bladeCell(training: """

            training:
              events:
                - breakdown: {machine: EDM-1, at: 9, repairMinutes: 120}
            """)
        let (service, _) = try pausedTraining(model, traineeWork: work)
        let score = try await service.withClock { clock in
            let clock = clock as! TrainingClock
            clock.pause(atHours: 30)
            return Result { try clock.score() }.mapError { TwinError("\($0)") }
        }.get()
        #expect(score.traineeWorkCenters == ["WC-EDM"])
        #expect(score.trainee.operationsAtTraineeWorkCenters == 0)
        let reference = try #require(score.reference)
        #expect(reference.operationsAtTraineeWorkCenters > 0, "the simulated operators did EDM work in the reference run")
        #expect(reference.serialsCompleted >= score.trainee.serialsCompleted)
        #expect(score.alarms.contains { $0.kind == "machineDown" && $0.subject == "EDM-1" && $0.time == model.start.addingTimeInterval(9 * 3_600) })
        #expect(!score.alarms.isEmpty && score.alarms.allSatisfy { $0.response == nil && $0.responseMinutes == nil })
        #expect(score.violations.isEmpty && score.dispositions.isEmpty)
    }

    /// A trainee quality engineer dispositions two NCRs on bad-lot parts: Scrap is right, UseAsIs
    /// wrong; the responses are timed from the NCRs' opening; the report files carry the figures.
    @Test func dispositionsAreJudgedAndTheReportIsWritten() async throws {
        let model = try bladeCell(training: """

            training:
              events:
                - badLot: {lot: CB1-24152, at: 1}
            """)
        let configuration = try temporaryDatabase()
        let reports = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().appendingPathComponent("reports")
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: TraineeWork(), speed: 60, paused: true,
                                                 session: "judged", reportsDirectory: reports)
        let engineer = Actor(id: "trainee-qe", name: "Trainee QE", roles: [.qualityEngineer])
        func signature(_ meaning: ElectronicSignature.Meaning, _ time: Date) -> ElectronicSignature {
            ElectronicSignature(signerId: engineer.id, printedName: engineer.name, time: time, meaning: meaning)
        }
        var judged: [(String, NonConformance.Disposition)] = []
        for disposition in [NonConformance.Disposition.scrap, .useAsIs] {
            // The paused floor stepped to the next open NCR the simulated engineer has not reviewed yet.
            let open = await onClock(service) { clock -> String? in
                while clock.twin.hours < 100 && clock.step() {
                    if let report = clock.twin.mesState.nonConformances.values.sorted(by: { $0.id < $1.id }).first(where: { $0.status == .open }) { return report.id }
                }
                return nil
            }
            let id = try #require(open)
            try await service.execute(by: engineer) { .reviewNonConformance(id: id, signature: signature(.review, $0)) }
            try await service.execute(by: engineer) { .dispositionNonConformance(id: id, disposition: disposition, signature: signature(.approval, $0)) }
            judged.append((id, disposition))
        }
        let (directory, score) = try await service.withClock { clock in
            Result { try (clock as! TrainingClock).finish() }.mapError { TwinError("\($0)") }
        }.get()
        #expect(score.dispositions.map(\.nonConformance) == judged.map(\.0))
        #expect(score.dispositions.map(\.correct) == [true, false])
        #expect(score.dispositions.allSatisfy { $0.cause == "bad lot CB1-24152" && $0.by == "trainee-qe" })
        for (id, _) in judged {
            let alarm = try #require(score.alarms.first { $0.kind == "ncrOpened" && $0.subject == id })
            #expect(alarm.response == "review NCR" && alarm.respondedBy == "trainee-qe" && alarm.responseMinutes == 0, "\(alarm)")
        }
        #expect(directory.lastPathComponent == "judged")
        let written = try JSONDecoder.iso8601.decode(TrainingScore.self, from: Data(contentsOf: directory.appendingPathComponent("score.json")))
        #expect(written.trainee == score.trainee && written.reference == score.reference)
        #expect(written.dispositions.map(\.correct) == [true, false] && written.session == "judged")
        let summary = try String(contentsOf: directory.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("1 of 2 correct"))
        #expect(summary.contains("| serials completed | \(score.trainee.serialsCompleted) | \(score.reference?.serialsCompleted ?? -1) |"))
        #expect(summary.contains("0 refused commands"))
        // The KPI report of the session's MES record, as `mes report` draws it, in kpis/.
        let kpis = directory.appendingPathComponent("kpis")
        for file in ["index.html", "kpis.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: kpis.appendingPathComponent(file).path), "kpis/\(file)")
        }
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: kpis.appendingPathComponent("kpis.json"))) as? [String: Any]
        #expect(document?["scenario"] as? String == model.scenario.name, "\(document?.keys.sorted() ?? [])")
        #expect(document?["plant"] is [String: Any])
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

@Suite struct TrainingSectionTests {
    /// The `training:` section is strict: a misspelt key, an unknown machine, two kinds in one
    /// event and a time past the horizon are refused with the line they are on.
    @Test func badTrainingSectionsAreRefusedWithTheirLine() throws {
        let lines = (try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/hpt-blade-cell.yaml"), encoding: .utf8)).split(separator: "\n", omittingEmptySubsequences: false).count
        for (event, message) in [
            ("- breakdown: {machine: GRIND-1, at: 8, repairMinute: 90}", "repairMinute"),
            ("- breakdown: {machine: NOPE, at: 8, repairMinutes: 90}", "no machine 'NOPE'"),
            ("- {badLot: {lot: CB1-24152, at: 1}, breakdown: {machine: GRIND-1, at: 8, repairMinutes: 90}}", "one kind"),
            ("- certificationExpires: {operator: OP-E-ED1, certification: EDM, at: 5000}", "horizonHours"),
            ("- sensorDrift: {machine: COAT-1, tag: x, at: 1, perCycle: 1}", "no sensor 'x'"),
        ] {
            #expect {
                _ = try bladeCell(training: "\ntraining:\n  events:\n    \(event)\n")
            } throws: { error in
                let text = "\(error)"
                return text.contains(message) && text.contains(":\(lines + 3):")
            }
        }
    }
}
