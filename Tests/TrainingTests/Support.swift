import Foundation
import MESCore
import MESServer
import MESStore
import PlantFiles
import Synchronization
import Training
import Twin

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The HPT blade cell scenario, with EDM work left to trainees.
func bladeCell() throws -> (model: TwinModel, seed: UInt64, work: TraineeWork) { try loadedBladeCell.get() }

/// Loaded once for all tests: parsing and checking the scenario in a debug build is CPU every
/// test would otherwise spend in parallel, starving the wall-clock pacing test of its threads.
private let loadedBladeCell = Result { () throws -> (model: TwinModel, seed: UInt64, work: TraineeWork) in
    let loaded: ScenarioLoader.Loaded
    do { loaded = try ScenarioLoader.load(repositoryRoot.appendingPathComponent("Scenarios/hpt-blade-cell.yaml").path) } catch { throw TwinError("\(error)") }
    return (TwinModel(loaded), loaded.scenario.seed, try TraineeWork(parsing: ["operator@WC-EDM"], plant: loaded.plant))
}

/// A paused training service on `model` (the blade cell with EDM left to trainees unless said
/// otherwise), its database in a fresh folder with the trainer's account bootstrapped.
func pausedTraining(_ model: TwinModel? = nil, traineeWork: TraineeWork? = nil) throws -> (service: MESService, configuration: APIServer.Configuration) {
    let (bladeModel, seed, edm) = try bladeCell()
    let configuration = try temporaryDatabase()
    try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
    let service = try TrainingServer.service(configuration, model: model ?? bladeModel, seed: seed, traineeWork: traineeWork ?? edm, speed: 60, paused: true)
    return (service, configuration)
}

/// A fresh folder for one test's databases.
func temporaryDatabase() throws -> APIServer.Configuration {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-train-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return APIServer.Configuration(databasePath: folder.appendingPathComponent("mes.sqlite").path, port: 0)
}

/// A wall clock the test moves by hand, so pacing is exact and no test depends on timing.
final class ManualWall: Sendable {
    private let seconds = Mutex(0.0)
    func advance(_ delta: Double) { seconds.withLock { $0 += delta } }
    var read: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }
}

/// Runs `body` on the service's training clock.
@discardableResult
func onClock<T: Sendable>(_ service: MESService, _ body: @escaping @Sendable (TrainingClock) -> T) async -> T {
    await service.withClock { body($0 as! TrainingClock) }
}

/// A trainee books work as one of the plant's operators (the MES lets operators start work only as themselves).
let trainee = Actor(id: "OP-E-ED1", name: "C. Lindqvist (trainee)", roles: [.operator])

/// The first serial (by id) waiting for its EDM operation, not started.
func waitingAtEDM(_ state: MESState) -> (workOrder: String, serial: String, operation: Int)? {
    state.serials.values.sorted { $0.serial < $1.serial }.lazy.compactMap { unit -> (String, String, Int)? in
        guard unit.status == .inProcess, !unit.isOnHold, let next = unit.nextOperation, next.workCenter == "WC-EDM", next.status == .pending else { return nil }
        return (unit.workOrderId, unit.serial, next.number)
    }.first
}

/// The MES record of a run, read back from its database.
func journal(_ configuration: APIServer.Configuration) throws -> [JournalEntry] {
    try SQLiteJournalStore(path: configuration.databasePath).entries()
}
