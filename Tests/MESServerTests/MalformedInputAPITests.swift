import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MESCore
import Testing

@testable import MESServer

/// Bad input of every kind, against every operation of the OpenAPI document that takes a body:
/// truncated JSON, the wrong JSON type, every field of the wrong type, unknown fields, huge and
/// deeply nested bodies, invalid UTF-8, numbers out of range — each a 4xx with problem details,
/// none reaching the MES (the journal does not grow). SQL-ish strings are ordinary text.
@Suite("HTTP API: malformed input")
struct MalformedInputAPITests: APITestCase {
    struct Operation: Sendable {
        let method: HTTPRequest.Method
        let path: String
        /// Every property of the body with a value of another JSON type; nil when it has none.
        let wrongTypes: Data?
        /// A body of the right shape (required properties, types and formats from the schema),
        /// the given extra members added.
        let shapedBody: @Sendable ([String: Any]) -> Data
        let takesQuantity: Bool
    }

    /// The operations with a request body, their path parameters filled in.
    func operationsWithBodies() throws -> [Operation] {
        let document = try #require(try JSONSerialization.jsonObject(with: try APIServer.openAPIDocument()) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        var operations: [Operation] = []
        // Logout reads its body only without a valid token (and with one it would end this test's session).
        for (path, methods) in paths.sorted(by: { $0.key < $1.key }) where path != "/api/v1/auth/logout" {
            for (method, operation) in methods.sorted(by: { $0.key < $1.key }) {
                guard let body = operation["requestBody"] as? [String: Any],
                      let schema = ((body["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any],
                      let reference = schema["$ref"] as? String
                else { continue }
                let name = String(reference.split(separator: "/").last ?? "")
                let properties = schemas[name]?["properties"] as? [String: [String: Any]] ?? [:]
                let filled = path.split(separator: "/").map { $0 == "{opId}" ? "10" : $0 == "{role}" ? "Operator" : $0.hasPrefix("{") ? "X-1" : String($0) }.joined(separator: "/")
                let wrong = properties.isEmpty ? nil : try JSONSerialization.data(withJSONObject: properties.mapValues { wrongValue(for: $0) })
                let shaped = try JSONSerialization.data(withJSONObject: Self.sample(schema, schemas))
                operations.append(Operation(method: HTTPRequest.Method(rawValue: method.uppercased())!, path: "/" + filled, wrongTypes: wrong,
                                            shapedBody: { extra in
                                                var object = (try? JSONSerialization.jsonObject(with: shaped)) as? [String: Any] ?? [:]
                                                for (key, value) in extra { object[key] = value }
                                                return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
                                            },
                                            takesQuantity: properties["quantity"] != nil))
            }
        }
        return operations
    }

    /// A value the schema accepts: required properties only, first enum value, minimal numbers, formatted dates.
    static func sample(_ schema: [String: Any], _ schemas: [String: [String: Any]]) -> Any {
        if let reference = schema["$ref"] as? String, let target = schemas[String(reference.split(separator: "/").last ?? "")] { return sample(target, schemas) }
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        switch schema["type"] as? String {
        case "object":
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            let required = schema["required"] as? [String] ?? []
            return Dictionary(uniqueKeysWithValues: required.compactMap { name in properties[name].map { (name, sample($0, schemas)) } })
        case "array":
            let count = schema["minItems"] as? Int ?? 0
            return (0..<count).map { _ in sample(schema["items"] as? [String: Any] ?? [:], schemas) }
        case "integer": return schema["minimum"] as? Int ?? 1
        case "number": return 1
        case "boolean": return true
        default:
            switch schema["format"] as? String {
            case "date-time": return "2026-01-01T00:00:00Z"
            case "date": return "2026-01-01"
            default: return String(repeating: "x", count: max(1, schema["minLength"] as? Int ?? 1))
            }
        }
    }

    /// A value of a JSON type the property does not have.
    func wrongValue(for property: [String: Any]) -> Any {
        switch property["type"] as? String {
        case "string": 12_345
        case "integer", "number": "not a number"
        case "boolean": "yes"
        case "array": ["not": "an array"]
        default: "not an object"
        }
    }

    func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, _ what: String) throws {
        #expect(response.status == status, "\(what): \(response.status.code) \(String(buffer: response.body).prefix(300))")
        #expect(response.headers[.contentType] == "application/problem+json", "\(what)")
        let problem = try? JSONDecoder().decode(ProblemDetails.self, from: Data(buffer: response.body))
        #expect(problem?.status == Int(status.code) && problem?.detail.isEmpty == false, "\(what)")
    }

    func journalLength(_ client: some TestClientProtocol) async throws -> Int {
        try #require(try object(try await client.execute(uri: "/health/ready", method: .get))["journalEntries"] as? Int)
    }

    @Test("every body-taking operation: truncated, wrong-typed, unknown-field, huge, nested, non-UTF-8 and out-of-range bodies are 4xx problem details")
    func everyOperation() async throws {
        let operations = try operationsWithBodies()
        #expect(operations.count >= 25)
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            var admin = try await login(client, "admin", "correct horse battery")
            admin[.contentType] = "application/json"
            let journal = try await journalLength(client)
            let huge = ByteBuffer(string: "{\"description\": \"" + String(repeating: "x", count: 3 << 20) + "\"}")
            let nested = ByteBuffer(string: String(repeating: "[", count: 100_000))
            var invalidUTF8 = ByteBuffer(string: "{\"partNumber\": \"")
            invalidUTF8.writeBytes([0xff, 0xfe, 0xc3, 0x28])
            invalidUTF8.writeString("\"}")
            for operation in operations {
                let name = "\(operation.method) \(operation.path)"
                func send(_ body: ByteBuffer) async throws -> TestResponse {
                    try await client.execute(uri: operation.path, method: operation.method, headers: admin, body: body)
                }
                try expectProblem(try await send(ByteBuffer(string: "{\"a\": ")), .badRequest, "\(name) truncated")
                try expectProblem(try await send(ByteBuffer(string: "")), .badRequest, "\(name) empty")
                try expectProblem(try await send(ByteBuffer(string: "[1, 2, 3]")), .badRequest, "\(name) array for object")
                try expectProblem(try await send(ByteBuffer(string: "\"text\"")), .badRequest, "\(name) string for object")
                try expectProblem(try await send(try json(["definitelyNotAField": 1])), .badRequest, "\(name) unknown field alone")
                // A body of the right shape with one field too many: refused for that field, before anything is done.
                let extra = try await send(ByteBuffer(bytes: operation.shapedBody(["definitelyNotAField": 1])))
                try expectProblem(extra, .badRequest, "\(name) unknown field")
                #expect((try? object(extra)["pointer"] as? String) == "/definitelyNotAField", "\(name): \(String(buffer: extra.body).prefix(200))")
                let extraNull = try await send(ByteBuffer(bytes: operation.shapedBody(["definitelyNotAField": NSNull()])))
                #expect((try? object(extraNull)["pointer"] as? String) == "/definitelyNotAField", "\(name) unknown field sent as null")
                if let wrong = operation.wrongTypes {
                    let response = try await send(ByteBuffer(bytes: wrong))
                    try expectProblem(response, .badRequest, "\(name) every field of the wrong type")
                    #expect((try? object(response)["pointer"] as? String)?.isEmpty == false, "\(name): the pointer names a field")
                }
                try expectProblem(try await send(huge), .contentTooLarge, "\(name) 3 MiB body")
                try expectProblem(try await send(nested), .badRequest, "\(name) 100,000 nested arrays")
                try expectProblem(try await send(invalidUTF8), .badRequest, "\(name) invalid UTF-8")
                if operation.takesQuantity {
                    let huge = try await send(ByteBuffer(bytes: operation.shapedBody(["quantity": 1])).replacingQuantity(with: "1e400"))
                    try expectProblem(huge, .badRequest, "\(name) number out of range")
                }
            }
            // Nothing reached the MES: not even a refusal was journaled.
            #expect(try await journalLength(client) == journal)
            // The server is whole afterwards.
            #expect(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: admin).status == .ok)
        }
    }

    @Test("an unknown field next to valid ones is refused with its pointer and nothing is created; SQL-ish text is only text")
    func unknownFieldsAndInjection() async throws {
        let app = try await APIServer.application(try setUp())
        try await app.test(.live) { client in
            let admin = try await login(client, "admin", "correct horse battery")
            let colour = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                  body: json(["partNumber": "ENG-BLADE-001", "quantity": 1, "colour": "red"]))
            try expectProblem(colour, .badRequest, "unknown top-level field")
            #expect(try object(colour)["pointer"] as? String == "/colour")
            let colourless = try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                      body: json(["partNumber": "ENG-BLADE-001", "quantity": 1, "colour": NSNull(), "revision": NSNull()]))
            #expect(try colourless.status == .badRequest && (try object(colourless)["pointer"] as? String) == "/colour",
                    "an unknown field sent as null is still unknown; a known optional one as null is absent")
            let nested = try await client.execute(uri: "/api/v1/ncrs", method: .post, headers: admin,
                                                  body: json(["subject": ["kind": "serial", "id": "S-1", "shade": "blue"], "description": "x"]))
            #expect(try object(nested)["pointer"] as? String == "/subject/shade")
            let slash = try await client.execute(uri: "/api/v1/workorders/none", method: .put, headers: admin, body: json(["a/b~c": 1]))
            #expect(try object(slash)["pointer"] as? String == "/a~1b~0c", "RFC 6901 escaping")
            #expect(try array(try await client.execute(uri: "/api/v1/workorders", method: .get, headers: admin)).isEmpty, "nothing was created")

            let injection = "'; DROP TABLE users; --"
            let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                 body: json(["username": "admin' OR '1'='1", "password": injection]))
            try expectProblem(login, .unauthorized, "SQL-ish login")
            try expectProblem(try await client.execute(uri: "/api/v1/workorders", method: .post, headers: admin,
                                                       body: json(["partNumber": injection, "quantity": 1])), .notFound, "SQL-ish part number")
            let user = try await client.execute(uri: "/api/v1/users", method: .post, headers: admin,
                                                body: json(["username": "robert'); DROP TABLE users;--", "name": injection, "roles": ["Operator"],
                                                            "password": "long enough secret"]))
            #expect(user.status == .created)
            let users = try array(try await client.execute(uri: "/api/v1/users", method: .get, headers: admin))
            #expect(users.compactMap { $0["username"] as? String } == ["admin", "robert'); DROP TABLE users;--"])
            #expect(try await client.execute(uri: "/api/v1/workorders?partNumber=%27%20OR%201%3D1--", method: .get, headers: admin).status == .ok)
            _ = try await self.login(client, "admin", "correct horse battery")
        }
    }
}

extension ByteBuffer {
    /// The body with its `"quantity":1` spelled as `text` (JSONSerialization cannot write 1e400).
    func replacingQuantity(with text: String) -> ByteBuffer {
        ByteBuffer(string: String(buffer: self).replacingOccurrences(of: "\"quantity\":1", with: "\"quantity\":\(text)"))
    }
}
