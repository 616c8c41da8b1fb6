import Foundation
import Hummingbird
import Logging
import MESCore
import MESSampleData
import MESServer
import MESStore
import ServiceLifecycle

/// `mes serve`'s application in this process, on a free port of 127.0.0.1, over a fresh SQLite
/// database with the sample shop's master data (plus extra lathes, so operation starts have
/// machines to run on) and a bootstrapped administrator.
public struct InProcessServer: Sendable {
    public let base: String
    public let adminUser = "admin"
    public let adminPassword: String
    public let databasePath: String
    /// The inspection plan defined at the blade's operation 10, and a conforming measurement.
    public let inspection = InspectionSpec(planId: "IP-LT-10", measurements: ["ROOT-W": 10.01])
    let task: Task<Void, any Error>
    let group: ServiceGroup
    let folder: URL

    /// - Parameter extraLathes: lathes added to the TURN work centre beside the sample shop's LATHE-1 and LATHE-2.
    public static func start(extraLathes: Int = 38, logger: Logger? = nil) async throws -> InProcessServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-loadtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try Loopback.freePort()
        let configuration = APIServer.Configuration(databasePath: folder.appendingPathComponent("mes.sqlite").path, host: "127.0.0.1", port: port)
        let password = "loadtest-admin-" + UUID().uuidString.prefix(12)
        try prepareDatabase(at: configuration.databasePath, extraLathes: extraLathes, adminPassword: password)
        var serverLogger = logger ?? Logger(label: "JetMES")
        if logger == nil { serverLogger.logLevel = .warning }
        let application = try await APIServer.application(configuration, logger: serverLogger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: serverLogger))
        let task = Task { try await group.run() }
        try await Loopback.waitUntilListening(port: port)
        return InProcessServer(base: "http://127.0.0.1:\(port)", adminPassword: password, databasePath: configuration.databasePath, task: task, group: group,
                               folder: folder)
    }

    /// The load test's database, for this process or for a `mes serve --db PATH`: the sample shop
    /// with `extraLathes` more lathes, the inspection plan `IP-LT-10` at the blade's operation 10
    /// and its signed first article, and the administrator `admin` with `adminPassword`.
    public static func prepareDatabase(at path: String, extraLathes: Int, adminPassword: String) throws {
        let inspection = InspectionSpec(planId: "IP-LT-10", measurements: ["ROOT-W": 10.01])
        let configuration = APIServer.Configuration(databasePath: path)
        do {
            let engine = try MESEngine(store: SQLiteJournalStore(path: path, durability: .normal))
            let setup = Actor(id: "setup", name: "Set-up", roles: [.systemAdministrator])
            let now = Date()
            var data = SampleShop.masterData(start: now.addingTimeInterval(-86_400))
            data.equipment += (0..<extraLathes).map { Equipment(id: String(format: "LATHE-LT-%02d", $0 + 1), equipmentClass: "lathe", workCenter: "TURN") }
            try engine.execute(.loadMasterData(data), by: setup, at: now.addingTimeInterval(-3_600))
            try engine.execute(.defineInspectionPlan(InspectionPlan(
                id: inspection.planId, partNumber: SampleShop.blade, revision: "A", operationNumber: 10,
                characteristics: [Characteristic(id: "ROOT-W", balloon: 1, description: "Root width", nominal: 10.0, lowerLimit: 9.95, upperLimit: 10.05, unit: "mm",
                                                 method: "CMM")])), by: setup, at: now.addingTimeInterval(-3_000))
            // The plan puts the blade under first-article control: its first run's first article is
            // made and signed here, so that the load's orders can be released.
            let planner = Actor(id: "fai-planner", name: "FAI planner", roles: [.productionPlanner])
            let supervisor = Actor(id: "fai-supervisor", name: "FAI supervisor", roles: [.productionSupervisor])
            let engineer = Actor(id: "fai-quality", name: "FAI quality engineer", roles: [.qualityEngineer])
            func at(_ seconds: Double) -> Date { now.addingTimeInterval(-2_900 + seconds) }
            try engine.execute(.createWorkOrder(CreateWorkOrder(partNumber: SampleShop.blade, quantity: 1, priority: .normal, targetDate: "2027-12-31",
                                                                customerOrder: "CO-FAI")), by: planner, at: at(0))
            guard let order = engine.state.newestWorkOrder else { throw ServerStartFailure(description: "the first-article order was not created") }
            try engine.execute(.releaseWorkOrder(id: order), by: planner, at: at(1))
            guard let serial = engine.state.workOrders[order]?.serials.first else { throw ServerStartFailure(description: "the first-article order has no serial") }
            try engine.execute(.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: 10, equipmentId: "LATHE-1", operatorId: "op-1",
                                                              toolIds: [])), by: supervisor, at: at(2))
            try engine.execute(.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: 10, scrapReason: nil)), by: supervisor, at: at(3))
            try engine.execute(.createInspection(serial: serial, planId: inspection.planId), by: engineer, at: at(4))
            guard let inspectionId = engine.state.inspections.values.first(where: { $0.serial == serial })?.id else {
                throw ServerStartFailure(description: "the first-article inspection was not created")
            }
            try engine.execute(.recordResults(inspectionId: inspectionId, measurements: inspection.measurements.map { MeasuredValue(characteristicId: $0.key, value: $0.value) }),
                               by: engineer, at: at(5))
            try engine.execute(.completeFirstArticle(partNumber: SampleShop.blade, revision: "A", serial: serial,
                                                     signature: ElectronicSignature(signerId: engineer.id, printedName: engineer.name, time: at(6), meaning: .approval)),
                               by: engineer, at: at(6))
        }
        try APIServer.bootstrapAdministrator(configuration, username: "admin", password: adminPassword)
    }

    /// Stops the server and removes its database.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        try? FileManager.default.removeItem(at: folder)
    }
}

struct ServerStartFailure: Error, CustomStringConvertible {
    let description: String
}
