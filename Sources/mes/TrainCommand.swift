import ArgumentParser
import Foundation
import Logging
import MESServer
import PlantFiles
import Training
import Twin

/// `mes train`: the scenario's twin live, in scaled real time, behind the API of `mes serve`;
/// trainees do the work switched off for the simulated people (operators, quality engineer,
/// maintenance technician) through the API.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Run a scenario's twin live in scaled real time behind the MES API, for operator training.",
        discussion: """
            Serves every route of `mes serve` (same users, login and roles) on a new MES journal that the twin books its work in as \
            it goes, plus the trainer's console for System Administrators and Production Supervisors:
              GET  /api/v1/training          simulated time, speed, paused, drift (simulated seconds behind wall clock × speed)
              POST /api/v1/training/pause    stop the simulated clock; trainees' commands are stamped with the paused time
              POST /api/v1/training/resume
              POST /api/v1/training/step     pause, then move to the next instant something happens and carry out all of it
              POST /api/v1/training/run-to   {"at": 2.5} (hours or ISO time): pause at exactly that time, everything due by then done
              PUT  /api/v1/training/speed    {"speed": 60}
              POST /api/v1/training/events   inject {"breakdown": {"machine": "EDM-2", "repairMinutes": 90}} (also badLot, sensorDrift,
                                             certificationExpires; "at": hours or ISO time, now when absent)
              GET  /api/v1/training/score    the session's score so far (against the simulated operators' reference run)
              POST /api/v1/training/finish   pause and write reports/training/<session>/ (summary.md, score.json, and the KPI report of
                                             the session's MES record in kpis/: index.html, kpis.json, summary.md, CSV); SIGTERM does too
            API commands are stamped with simulated time and come after everything the twin had due by then.
            --trainees-do switches simulated people off, so trainees do that work through the API or the UI:
              operator, operator@WC-…      no simulated operator (anywhere, or at that work centre): operations wait in the queue
              quality                      no simulated quality engineer: NCRs stay open and their parts held until a trainee
                                           reviews, dispositions and closes them
              maintenance, maintenance@WC-…  no simulated maintenance technician (gauge calibration included when plant-wide): a
                                           broken machine stays Aborted until a trainee starts and completes a corrective order;
                                           a machine due for preventive maintenance or calibration takes no new work until a
                                           trainee completes that order
            At a trainee's work centre the twin shows what the gauge reads on an open inspection's part (operators, quality
            inspectors and trainers; the operator terminal shows it beside each measurement), and the score sets the results
            the trainee records against it:
              GET  /api/v1/training/gauge/{inspectionId}
            """)

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Simulated seconds per wall-clock second (1, 10, 60, …).") var speed = 1.0
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "The MES database of the run (SQLite): a new one, or one whose journal is empty (users may exist beside it).")
    var db = "training.sqlite"
    @Option(help: "Override the scenario's seed.") var seed: UInt64?
    @Option(
        name: .customLong("trainees-do"),
        help: "Work no simulated person does, left to trainees: 'operator' or 'operator@<work centre>', 'quality', 'maintenance' or 'maintenance@<work centre>'; repeatable.")
    var traineesDo: [String] = []
    @Flag(help: "Start with the simulated clock paused (the trainer resumes it).") var paused = false
    @Option(help: "Create the first System Administrator with this user name (password from JETMES_ADMIN_PASSWORD), then serve.")
    var bootstrapAdmin: String?
    @Option(help: "The session's name (its report goes to <reports>/<session>/); the scenario's name and the start time when absent.")
    var session: String?
    @Option(help: "Folder of session reports.") var reports = "reports/training"
    @Option(help: "Seconds of wall time between trainer-console lines on standard output (0: none).") var consoleEvery = 10.0

    func validate() throws {
        guard speed.isFinite, speed > 0, speed <= 100_000 else { throw ValidationError("--speed must be above 0 and at most 100000, got \(speed)") }
    }

    func run() async throws {
        let loaded: ScenarioLoader.Loaded
        do { loaded = try ScenarioLoader.load(scenario) } catch { throw ValidationError("\(error)") }
        let work: TraineeWork
        do { work = try TraineeWork(parsing: traineesDo, plant: loaded.plant) } catch { throw ValidationError("\(error)") }
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        let configuration = APIServer.Configuration(databasePath: db, host: host, port: port)
        if let name = bootstrapAdmin { try AdministratorBootstrap.create(name, configuration) }
        do {
            let service = try TrainingServer.service(configuration, model: TwinModel(loaded), seed: seed ?? loaded.scenario.seed, traineeWork: work,
                                                     speed: speed, paused: paused, session: session, reportsDirectory: URL(fileURLWithPath: reports))
            let app = try await TrainingServer.application(configuration, service: service, reportEvery: consoleEvery > 0 ? .seconds(consoleEvery) : nil) {
                print(TrainCommand.consoleLine($0))
            }
            print("training on \(loaded.scenario.name) at \(speed)×\(paused ? " (paused)" : ""): MES API on http://\(host):\(port)/api/v1, trainer console at /api/v1/training (database \(db))")
            try await app.runService()
            // Stopped (SIGTERM, SIGINT): the session ends with its report, unless the trainer finished it already.
            let written: Result<String, TwinError>? = await service.withClock { clock in
                guard let clock = clock as? TrainingClock, clock.session.report == nil else { return nil }
                return Result { try clock.finish().directory.path }.mapError { TwinError("\($0)") }
            }
            switch written {
            case .success(let path): print("session report written to \(path)")
            case .failure(let error): print("could not write the session report: \(error)")
            case nil: break
            }
        } catch let error as APIError {
            throw ValidationError(error.problem.detail)
        } catch let error as TwinError {
            throw ValidationError(error.description)
        }
    }

    static func consoleLine(_ status: TrainingStatus) -> String {
        let time = status.simulatedTime.formatted(.iso8601)
        return "sim \(time) (\(String(format: "%.3f", status.simulatedHours)) h of \(status.horizonHours)) at \(status.speed)×\(status.paused ? " paused" : "")"
            + " drift \(String(format: "%.2f", status.driftSeconds)) s (max \(String(format: "%.2f", status.maxDriftSeconds)) s)"
            + (status.fault.map { " FAULT: \($0)" } ?? "")
    }
}
