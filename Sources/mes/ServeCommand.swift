import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MESCore
import MESServer
import MESStore
import OPCUAEquipment
import PlantFiles

/// `mes serve`: the MES core over HTTP on an SQLite journal (see `Sources/MESServer`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the MES API (/api/v1) on an SQLite journal: JWT login, every §4 route, live events, webhooks, health and metrics.")

    @Option(help: "The MES database (SQLite); created when missing.") var db = "jetmes.sqlite"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "A plant file whose master data is loaded into an empty MES; its machines with an opcua driver are connected and recorded.")
    var plant: String?
    @Option(help: "Create the first System Administrator with this user name (password from JETMES_ADMIN_PASSWORD), then serve.")
    var bootstrapAdmin: String?
    @Option(help: "Log lines as json (one object per line) or text.") var logFormat: LogFormat = .json
    @Flag(help: "Allow webhook receivers on loopback, private and link-local addresses (refused by default).")
    var webhooksToPrivateAddresses = false

    enum LogFormat: String, ExpressibleByArgument { case json, text }

    func run() async throws {
        let format = logFormat
        LoggingSystem.bootstrap { label -> any LogHandler in format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label) }
        var configuration = APIServer.Configuration(databasePath: db, host: host, port: port)
        configuration.webhooksToPrivateAddresses = webhooksToPrivateAddresses
        if let plant {
            let description = try loadPlant(plant)
            let machines = OPCUAEquipmentSource(plant: description, plantDirectory: URL(fileURLWithPath: plant).deletingLastPathComponent().path,
                                                logger: Logger(label: "JetMES.opcua"))
            if !machines.isEmpty {
                configuration.equipmentSources = [machines]
                print("connecting \(machines.equipmentIds.count) OPC UA machine(s): \(machines.equipmentIds.joined(separator: ", "))")
            }
        }
        if let name = bootstrapAdmin { try AdministratorBootstrap.create(name, configuration) }
        do {
            let app = try await APIServer.application(configuration)
            print("serving the MES API on http://\(host):\(port)/api/v1 (database \(db)); SIGTERM or Ctrl-C stops it gracefully")
            try await app.runService()
            JSONLogHandler.flush()
        } catch let error as APIError {
            throw ValidationError(error.problem.detail)
        }
    }

    /// Loads the plant's master data into a database that has none yet; a database that has
    /// master data keeps it (a plant file is how a site starts, not how it changes).
    @discardableResult
    func loadPlant(_ path: String) throws -> PlantDescription {
        let description: PlantDescription
        do { description = try PlantLoader.load(path) } catch { throw ValidationError("\(error)") }
        let engine = try MESEngine(store: SQLiteJournalStore(path: db))
        guard engine.state.parts.isEmpty && engine.state.equipment.isEmpty else {
            print("\(db) has master data already; \(path) is not loaded again")
            return description
        }
        let setup = Actor(id: "plant-setup", name: "Plant set-up from \(URL(fileURLWithPath: path).lastPathComponent)", roles: [.systemAdministrator])
        let now = Date()
        try engine.execute(.loadMasterData(PlantLoader.masterData(of: description, start: now)), by: setup, at: now)
        for plan in PlantLoader.inspectionPlans(of: description) { try engine.execute(.defineInspectionPlan(plan), by: setup, at: now) }
        print("loaded \(description.name): \(engine.state.parts.count) parts, \(engine.state.equipment.count) machines, \(engine.state.operators.count) operators")
        return description
    }
}
