import Foundation
import Hummingbird
import MESCore

/// User and role administration, for System Administrators: accounts, their roles, the roles
/// that need a second factor, authenticator enrolment. A change to what a user may do ends
/// their sessions, so no token keeps roles the user no longer has.
struct UserAdministrationRoutes {
    let users: UserDirectory
    let tokens: TokenService

    struct NewUser: Codable {
        let username: String
        let name: String
        let roles: [String]
        let password: String
    }

    struct UserChange: Codable {
        let name: String?
        let roles: [String]?
        let password: String?
        let disabled: Bool?
    }

    struct Enrolment: Codable, ResponseEncodable {
        /// Base32, for typing into an authenticator; shown once.
        let secret: String
        let otpauthURI: String
        let digits: Int
        let period: Int
        let algorithm: String
    }

    struct RoleView: Codable, ResponseEncodable {
        let role: String
        let requiresMFA: Bool
        /// The §5.2 matrix row: resource → letters of C, R, U, D allowed.
        let permissions: [String: String]
    }

    struct RolePolicy: Codable {
        let requiresMFA: Bool
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("users") { _, context -> [UserDirectory.User] in
            try context.requireAdministrator("administers users and roles")
            return try users.users()
        }
        api.post("users") { request, context -> EditedResponse<UserDirectory.User> in
            try context.requireAdministrator("administers users and roles")
            let body = try await decode(NewUser.self, request, context)
            try await users.add(username: body.username, name: body.name, roles: try roles(body.roles), password: body.password)
            return EditedResponse(status: .created, headers: [.location: "/api/v1/users/\(body.username)"], response: try users.user(body.username))
        }
        api.get("users/:username") { _, context -> UserDirectory.User in
            let actor = try context.requireActor()
            let username = try context.parameters.require("username")
            guard actor.id == username || actor.roles.contains(.systemAdministrator) else {
                throw APIError(.forbidden, "only a System Administrator sees other users' accounts")
            }
            return try users.user(username)
        }
        api.put("users/:username") { request, context -> UserDirectory.User in
            try context.requireAdministrator("administers users and roles")
            let username = try context.parameters.require("username")
            let body = try await decode(UserChange.self, request, context)
            try await users.update(username, name: body.name, roles: try body.roles.map(roles), password: body.password, disabled: body.disabled)
            if body.roles != nil || body.password != nil || body.disabled == true { await tokens.revoke(sessions: try users.revokeSessions(of: username)) }
            return try users.user(username)
        }
        api.delete("users/:username") { _, context -> Response in
            try context.requireAdministrator("administers users and roles")
            let username = try context.parameters.require("username")
            try users.remove(username)
            await tokens.revoke(sessions: try users.revokeSessions(of: username))
            return Response(status: .noContent)
        }
        api.post("users/:username/totp") { _, context -> EditedResponse<Enrolment> in
            try context.requireAdministrator("administers users and roles")
            let username = try context.parameters.require("username")
            let totp = try users.enrolTOTP(username)
            return EditedResponse(status: .created, response: Enrolment(
                secret: Base32.encode(totp.secret), otpauthURI: totp.provisioningURI(account: username, issuer: "JetMES"), digits: totp.digits,
                period: Int(totp.period), algorithm: totp.algorithm.rawValue))
        }
        api.delete("users/:username/totp") { _, context -> Response in
            try context.requireAdministrator("administers users and roles")
            try users.removeTOTP(try context.parameters.require("username"))
            return Response(status: .noContent)
        }
        api.get("roles") { _, context -> [RoleView] in
            _ = try context.requireActor()
            let marked = try users.rolesRequiringMFA()
            return Role.allCases.map { view($0, marked) }
        }
        api.put("roles/:role") { request, context -> RoleView in
            try context.requireAdministrator("administers users and roles")
            let role = try self.role(try context.parameters.require("role"))
            let body = try await decode(RolePolicy.self, request, context)
            if body.requiresMFA {
                // Nobody may be locked out by the change: every member needs an authenticator first.
                let members = try users.members(of: role)
                let missing = members.filter { !$0.enrolled }.map(\.username)
                guard missing.isEmpty else {
                    throw APIError(.conflict, "enrol an authenticator for \(missing.joined(separator: ", ")) first (POST /api/v1/users/{username}/totp): "
                                   + "they could not log in once \(role.rawValue) needs a second factor")
                }
                try users.setRole(role, requiresMFA: true)
                // Sessions opened with the password alone end, so the second factor applies at once.
                for member in members { await tokens.revoke(sessions: try users.revokeSessions(of: member.username)) }
            } else {
                try users.setRole(role, requiresMFA: false)
            }
            return view(role, try users.rolesRequiringMFA())
        }
    }

    private func view(_ role: Role, _ marked: Set<Role>) -> RoleView {
        RoleView(role: role.rawValue, requiresMFA: marked.contains(role), permissions: Dictionary(uniqueKeysWithValues: ProtectedResource.allCases.map { resource in
            (resource.rawValue, AccessAction.allCases.filter { PermissionMatrix.allows(role, $0, on: resource) }.map(\.rawValue).joined())
        }))
    }

    private func roles(_ names: [String]) throws -> Set<Role> {
        try Set(names.enumerated().map { index, name in
            guard let role = Role(rawValue: name) else {
                throw APIError(.unprocessableContent, "unknown role '\(name)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))", pointer: "/roles/\(index)")
            }
            return role
        })
    }

    /// A role in a path: its name ("Quality Engineer", percent-encoded or not) or its identifier ("qualityEngineer").
    private func role(_ text: String) throws -> Role {
        let name = text.removingPercentEncoding ?? text
        if let role = Role(rawValue: name) ?? Role.allCases.first(where: { "\($0)" == name }) { return role }
        throw APIError(.notFound, "no role '\(name)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
    }
}

extension UserDirectory.User: ResponseEncodable {}
