import ArgumentParser
import Foundation
import Hummingbird
import MESServer

/// `mes serve`: the MES core over HTTP on an SQLite journal (see `Sources/MESServer`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the MES API (/api/v1) on an SQLite journal: JWT login, work orders, health.")

    @Option(help: "The MES database (SQLite); created when missing.") var db = "jetmes.sqlite"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Create the first System Administrator with this user name (password from JETMES_ADMIN_PASSWORD), then serve.")
    var bootstrapAdmin: String?

    func run() async throws {
        let configuration = APIServer.Configuration(databasePath: db, host: host, port: port)
        if let name = bootstrapAdmin {
            guard let password = ProcessInfo.processInfo.environment["JETMES_ADMIN_PASSWORD"], !password.isEmpty else {
                throw ValidationError("--bootstrap-admin needs the password in JETMES_ADMIN_PASSWORD (no default password exists)")
            }
            do { try APIServer.bootstrapAdministrator(configuration, username: name, password: password) } catch let error as APIError {
                throw ValidationError(error.problem.detail)
            }
            print("administrator '\(name)' created")
        }
        do {
            let app = try await APIServer.application(configuration)
            print("serving the MES API on http://\(host):\(port)/api/v1 (database \(db))")
            try await app.runService()
        } catch let error as APIError {
            throw ValidationError(error.problem.detail)
        }
    }
}
