import ArgumentParser
import Foundation
import MESServer

/// `--bootstrap-admin NAME`, shared by `mes serve` and `mes train`: the first System
/// Administrator, with the password from JETMES_ADMIN_PASSWORD (no default password exists).
enum AdministratorBootstrap {
    static func create(_ name: String, _ configuration: APIServer.Configuration) throws {
        guard let password = ProcessInfo.processInfo.environment["JETMES_ADMIN_PASSWORD"], !password.isEmpty else {
            throw ValidationError("--bootstrap-admin needs the password in JETMES_ADMIN_PASSWORD (no default password exists)")
        }
        do { try APIServer.bootstrapAdministrator(configuration, username: name, password: password) } catch let error as APIError {
            throw ValidationError(error.problem.detail)
        }
        print("administrator '\(name)' created")
    }
}
