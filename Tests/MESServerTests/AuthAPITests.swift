import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import Testing

@testable import MESServer

/// §5.1 over real HTTP: refresh-token rotation and reuse detection, logout, a second factor
/// for a role the administrator marks, and user administration that ends stale sessions.
@Suite("HTTP API: sessions, second factor, user administration")
struct AuthAPITests: APITestCase {
    func tokens(_ response: TestResponse) throws -> (access: HTTPFields, refresh: String) {
        let body = try object(response)
        let access = try #require(body["accessToken"] as? String), refresh = try #require(body["refreshToken"] as? String)
        return ([.authorization: "Bearer \(access)", .contentType: "application/json"], refresh)
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], headers: HTTPFields = [.contentType: "application/json"]) async throws
        -> TestResponse
    {
        try await client.execute(uri: uri, method: .post, headers: headers, body: json(body))
    }

    @Test("refresh rotates; a reused refresh token revokes the session; logout ends access and refresh alike")
    func refreshAndLogout() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let login = try await post(client, "/api/v1/auth/login", ["username": "admin", "password": "correct horse battery"])
            #expect(login.status == .ok)
            let (access, refresh) = try tokens(login)
            let refreshed = try await post(client, "/api/v1/auth/refresh", ["refreshToken": refresh])
            #expect(refreshed.status == .ok)
            let (access2, refresh2) = try tokens(refreshed)
            #expect(refresh2 != refresh)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: access2).status == .ok)
            // The first refresh token again: somebody copied it. The whole session ends.
            let reused = try await post(client, "/api/v1/auth/refresh", ["refreshToken": refresh])
            #expect(reused.status == .unauthorized && reused.headers[.contentType] == "application/problem+json")
            #expect(try await post(client, "/api/v1/auth/refresh", ["refreshToken": refresh2]).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: access).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: access2).status == .unauthorized)
            // A new session; logout ends it, refresh token included.
            let (access3, refresh3) = try tokens(try await post(client, "/api/v1/auth/login", ["username": "admin", "password": "correct horse battery"]))
            #expect(try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: access3).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: access3).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/refresh", ["refreshToken": refresh3]).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/refresh", ["refreshToken": "rt_forged"]).status == .unauthorized)
            // A lapsed (here: forged) bearer does not stand in the way of refreshing or of logging out with the refresh token.
            let (_, refresh4) = try tokens(try await post(client, "/api/v1/auth/login", ["username": "admin", "password": "correct horse battery"]))
            let lapsed: HTTPFields = [.authorization: "Bearer not.a.token", .contentType: "application/json"]
            let refreshed4 = try await post(client, "/api/v1/auth/refresh", ["refreshToken": refresh4], headers: lapsed)
            #expect(refreshed4.status == .ok)
            let (access5, refresh5) = try tokens(refreshed4)
            #expect(try await post(client, "/api/v1/auth/logout", ["refreshToken": refresh5], headers: lapsed).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: access5).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/logout", ["refreshToken": "rt_forged"]).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/refresh", ["token": "x"]).status == .badRequest)
        }
    }

    @Test("a logged-out session stays ended after a restart; users, roles and the signing key persist")
    func revocationSurvivesRestart() async throws {
        let configuration = try setUp()
        let (ended, kept) = try await APIServer.application(configuration).test(.live) { client in
            let ended = try await login(client, "admin", "correct horse battery")
            let kept = try await login(client, "admin", "correct horse battery")
            try await addUser(client, admin: kept, "pat", .productionPlanner)
            #expect(try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: ended).status == .noContent)
            return (ended, kept)
        }
        try await APIServer.application(configuration).test(.live) { client in
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: ended).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: kept).status == .ok)
            _ = try await login(client, "pat", "long enough secret")
        }
    }

    @Test("a role marked for MFA needs the authenticator's code: missing, wrong and replayed codes are 401")
    func secondFactor() async throws {
        let configuration = try setUp()
        let app = try await APIServer.application(configuration)
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            try await addUser(client, admin: admin, "qe", .qualityEngineer)
            try await addUser(client, admin: admin, "op", .operator)
            // Marking the role while a member has no authenticator would lock them out: refused.
            let early = try await client.execute(uri: "/api/v1/roles/Quality%20Engineer", method: .put, headers: admin, body: json(["requiresMFA": true]))
            #expect(try early.status == .conflict && (try object(early)["detail"] as? String ?? "").contains("qe"))
            let before = try await login(client, "qe", "long enough secret")
            let enrolment = try await client.execute(uri: "/api/v1/users/qe/totp", method: .post, headers: admin)
            #expect(enrolment.status == .created)
            let secretText = try #require(try object(enrolment)["secret"] as? String)
            let secret = try #require(Base32.decode(secretText))
            let marked = try await client.execute(uri: "/api/v1/roles/Quality%20Engineer", method: .put, headers: admin, body: json(["requiresMFA": true]))
            #expect(try marked.status == .ok && (try object(marked)["requiresMFA"] as? Bool) == true)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: before).status == .unauthorized,
                    "a session opened with the password alone ends when the role is marked")
            // A member who joins later without an authenticator is told what to do.
            try await addUser(client, admin: admin, "qe2", .qualityEngineer)
            let unenrolled = try await post(client, "/api/v1/auth/login", ["username": "qe2", "password": "long enough secret"])
            #expect(try unenrolled.status == .unauthorized && (try object(unenrolled)["detail"] as? String ?? "").contains("enrol"))
            #expect(try (object(enrolment)["otpauthURI"] as? String ?? "").hasPrefix("otpauth://totp/JetMES:qe?secret="))
            let totp = TOTP(secret: secret)
            let missing = try await post(client, "/api/v1/auth/login", ["username": "qe", "password": "long enough secret"])
            #expect(try missing.status == .unauthorized && (try object(missing)["pointer"] as? String) == "/totp")
            let code = totp.code(at: Date())
            let wrong = String(code.reversed()) == code ? "000000" : String(code.reversed())
            #expect(try await post(client, "/api/v1/auth/login", ["username": "qe", "password": "long enough secret", "totp": wrong]).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login", ["username": "qe", "password": "long enough secret", "totp": code]).status == .ok)
            // The same code twice: spent.
            #expect(try await post(client, "/api/v1/auth/login", ["username": "qe", "password": "long enough secret", "totp": code]).status == .unauthorized)
            // A role not marked logs in with the password alone.
            #expect(try await post(client, "/api/v1/auth/login", ["username": "op", "password": "long enough secret"]).status == .ok)
            let roles = try array(try await client.execute(uri: "/api/v1/roles", method: .get, headers: admin))
            #expect(roles.count == 8 && roles.contains { $0["role"] as? String == "Quality Engineer" && $0["requiresMFA"] as? Bool == true })
            #expect(roles.contains { $0["role"] as? String == "Operator" && ($0["permissions"] as? [String: String])?["Quality Data"] == "CRU" })
            #expect(try await client.execute(uri: "/api/v1/roles/Wizard", method: .put, headers: admin, body: json(["requiresMFA": true])).status == .notFound)
        }
    }

    @Test("role change and disabling end the user's sessions; the last administrator stays")
    func administration() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            try await addUser(client, admin: admin, "pat", .productionPlanner)
            let pat = try await login(client, "pat", "long enough secret")
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: pat,
                                             body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])).status == .created)
            // Pat becomes an Operator: the old token (saying Planner) stops working at once.
            let changed = try await client.execute(uri: "/api/v1/users/pat", method: .put, headers: admin, body: json(["roles": ["Operator"]]))
            #expect(try changed.status == .ok && (try object(changed)["roles"] as? [String]) == ["Operator"])
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: pat).status == .unauthorized)
            let patAgain = try await login(client, "pat", "long enough secret")
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: patAgain,
                                             body: json(["partNumber": "ENG-BLADE-001", "quantity": 1])).status == .forbidden)
            // A user sees their own account, not others'.
            #expect(try await client.execute(uri: "/api/v1/users/pat", method: .get, headers: patAgain).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/users/admin", method: .get, headers: patAgain).status == .forbidden)
            // Disabled: sessions end and login is refused.
            #expect(try await client.execute(uri: "/api/v1/users/pat", method: .put, headers: admin, body: json(["disabled": true])).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: patAgain).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login", ["username": "pat", "password": "long enough secret"]).status == .unauthorized)
            // The last administrator can neither be demoted, disabled nor deleted.
            #expect(try await client.execute(uri: "/api/v1/users/admin", method: .put, headers: admin, body: json(["roles": ["Operator"]])).status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/users/admin", method: .delete, headers: admin).status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/users/pat", method: .delete, headers: admin).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/users/pat", method: .get, headers: admin).status == .notFound)
            let list = try array(try await client.execute(uri: "/api/v1/users", method: .get, headers: admin))
            #expect(list.map { $0["username"] as? String } == ["admin"] && list.allSatisfy { $0["passwordHash"] == nil && $0["password_hash"] == nil })
            // Weak or unknown input: 422 with a pointer.
            let weak = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                                body: json(["username": "x", "name": "x", "roles": ["Operator"], "password": "short"]))
            #expect(try weak.status == .unprocessableContent && (try object(weak)["pointer"] as? String) == "/password")
            let unknownRole = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                                       body: json(["username": "x", "name": "x", "roles": ["Operator", "Wizard"], "password": "long enough secret"]))
            #expect(try unknownRole.status == .unprocessableContent && (try object(unknownRole)["pointer"] as? String) == "/roles/1")
        }
    }
}
