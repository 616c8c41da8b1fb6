import Foundation
import NIOConcurrencyHelpers

/// The shop-floor transactions of the MES mix.
public enum MESTransaction: String, CaseIterable, Codable, Sendable {
    /// A shop-floor dashboard polling the released orders (Production Supervisor).
    case listWorkOrders = "dashboard: list work orders"
    /// An operator or supervisor opening one work order.
    case getWorkOrder = "get work order"
    /// A quality engineer's genealogy lookup of a serial.
    case genealogy = "genealogy of a serial"
    /// An operator booking material from the heat lot into a serial.
    case consume = "consume material"
    /// An operator starting operation 10 of a serial on an idle lathe and, after the cycle think
    /// time, completing it (the same operator, the same serial and machine).
    case operationCycle = "start + complete operation"
    /// A planner creating a work order and releasing it.
    case createRelease = "create + release work order"
    /// A quality engineer inspecting a serial whose cycled operation is complete: the inspection,
    /// then its results (within the limits). Only with an inspection plan at that operation.
    case inspection = "inspect a serial"
}

/// The inspection plan at the cycled operation and the values the inspections record.
public struct InspectionSpec: Sendable, Codable {
    public var planId: String
    public var measurements: [String: Double]

    public init(planId: String, measurements: [String: Double]) {
        self.planId = planId
        self.measurements = measurements
    }
}

/// Relative weights of the transactions, and how they were found.
public struct MESMix: Sendable, Codable {
    public var weights: [MESTransaction: Double]
    /// Transactions per second the plant itself generates (from a scenario), if known.
    public var plantRate: Double?
    /// How the weights were derived, for the report.
    public var derivation: [String]

    public var total: Double { weights.values.reduce(0, +) }

    /// The documented default: mostly reads, as an MES's traffic is — dashboards polling (38 %),
    /// work-order lookups (24 %), genealogy (7 %) — and the writes of production: operations
    /// started and completed (15 % of transactions, two requests each), consumption (7 %),
    /// inspections with their results (5 %, two requests each; without an inspection plan their
    /// share goes unsent and is counted), new released orders (4 %, two requests each).
    public static let standard = MESMix(
        weights: [.listWorkOrders: 38, .getWorkOrder: 24, .genealogy: 7, .consume: 7, .operationCycle: 15, .inspection: 5, .createRelease: 4], plantRate: nil,
        derivation: ["default mix (no scenario): list 38, get 24, genealogy 7, consume 7, operation cycle 15, inspection 5, create+release 4 (relative weights)"])

    /// Picks a transaction by weight.
    func pick(_ generator: inout SeededGenerator) -> MESTransaction {
        var draw = generator.unitInterval() * total
        for kind in MESTransaction.allCases {
            let weight = weights[kind] ?? 0
            if draw <= weight, weight > 0 { return kind }
            draw -= weight
        }
        return MESTransaction.allCases.last { (weights[$0] ?? 0) > 0 } ?? .listWorkOrders
    }
}

/// The MES mix against the real routes, with correlated ids: an operator completes the
/// operation they started; machines run one operation at a time, so the generator keeps the
/// idle lathes and the serials whose operation 10 is still pending, and a cycle only starts
/// when it has one of each (otherwise it is counted as not sent, never sent to be refused).
public final class MESWorkload: Workload {
    /// The access tokens of the four load-test users. Access tokens live 15 minutes; after 10 the
    /// next transaction starts a renewal through each user's refresh token, so runs may last hours.
    public final class Tokens: Sendable {
        struct Held {
            var access: [String: String]
            var refresh: [String: String]
            var renewAfter: Date
            var renewing = false
        }

        let roles: (planner: String, operatorId: String, supervisor: String, quality: String)
        let held: NIOLockedValueBox<Held>
        let transport: (any LoadTransport)?

        init(access: [String: String], refresh: [String: String], roles: (planner: String, operatorId: String, supervisor: String, quality: String),
             transport: (any LoadTransport)?, now: Date = Date()) {
            self.roles = roles
            self.transport = transport
            held = NIOLockedValueBox(Held(access: access, refresh: refresh, renewAfter: now.addingTimeInterval(600)))
        }

        public var planner: String { token(roles.planner) }
        public var operatorToken: String { token(roles.operatorId) }
        public var supervisor: String { token(roles.supervisor) }
        public var quality: String { token(roles.quality) }

        private func token(_ user: String) -> String {
            let (token, renew) = held.withLockedValue { held -> (String, Bool) in
                let due = !held.renewing && Date() >= held.renewAfter && transport != nil
                if due { held.renewing = true }
                return (held.access[user] ?? "", due)
            }
            if renew { Task { await self.renew() } }
            return token
        }

        /// Exchanges every refresh token for a new pair; a user whose exchange fails keeps its token until it lapses.
        func renew() async {
            guard let transport else { return }
            let refresh = held.withLockedValue { $0.refresh }
            for (user, token) in refresh {
                let answer = await transport.send(LoadRequest(.POST, "/api/v1/auth/refresh", json: ["refreshToken": token]))
                guard answer.status == 200, let body = answer.json as? [String: Any], let access = body["accessToken"] as? String,
                      let next = body["refreshToken"] as? String
                else { continue }
                held.withLockedValue {
                    $0.access[user] = access
                    $0.refresh[user] = next
                }
            }
            held.withLockedValue {
                $0.renewing = false
                $0.renewAfter = Date().addingTimeInterval(600)
            }
        }
    }

    struct Pools {
        var pending: [(order: String, serial: String)] = []
        var pendingHead = 0
        var idleMachines: [String] = []
        var orders: [String] = []
        var serials: [String] = []
        /// Serials whose cycled operation is complete, not yet inspected.
        var inspectable: [String] = []
        var sequence = 0
    }

    public let mix: MESMix
    public let tokens: Tokens
    public let operatorId: String
    public let lotCode: String
    public let partNumber: String
    /// The routing operation the cycles start and complete (the first, which needs no earlier one).
    public let operationNumber: Int
    /// Quantity booked per consumption (in the lot's unit).
    public let consumeQuantity: Double
    /// Time between an operation's start and its completion.
    public let cycleThink: Duration
    public let inspection: InspectionSpec?
    let pools: NIOLockedValueBox<Pools>

    init(mix: MESMix, tokens: Tokens, operatorId: String, lotCode: String, partNumber: String, operationNumber: Int, consumeQuantity: Double,
         cycleThink: Duration, inspection: InspectionSpec?, machines: [String], orders: [(id: String, serials: [String])]) {
        self.inspection = inspection
        self.operationNumber = operationNumber
        self.consumeQuantity = consumeQuantity
        self.mix = mix
        self.tokens = tokens
        self.operatorId = operatorId
        self.lotCode = lotCode
        self.partNumber = partNumber
        self.cycleThink = cycleThink
        var pools = Pools()
        pools.idleMachines = machines
        for order in orders { Self.add(order, to: &pools) }
        self.pools = NIOLockedValueBox(pools)
    }

    static func add(_ order: (id: String, serials: [String]), to pools: inout Pools) {
        pools.orders.append(order.id)
        pools.serials += order.serials
        pools.pending += order.serials.map { (order.id, $0) }
    }

    public var machineCount: Int { pools.withLockedValue { $0.idleMachines.count } }

    public func next(_ generator: inout SeededGenerator) -> Transaction {
        let kind = mix.pick(&generator)
        let draw = generator.next()
        switch kind {
        case .listWorkOrders:
            let token = tokens.supervisor
            return Transaction(kind.rawValue) { session in
                await session.send("GET /workorders?status=Released&limit=20", LoadRequest(.GET, "/api/v1/workorders?status=Released&limit=20", token: token))
            }
        case .getWorkOrder:
            let id = pools.withLockedValue { $0.orders.isEmpty ? nil : $0.orders[Int(draw % UInt64($0.orders.count))] }
            let token = tokens.operatorToken
            return Transaction(kind.rawValue) { session in
                guard let id else { return session.notSent("GET /workorders/{id}", reason: "no work order yet") }
                await session.send("GET /workorders/{id}", LoadRequest(.GET, "/api/v1/workorders/\(id)", token: token))
            }
        case .genealogy:
            let serial = pools.withLockedValue { $0.serials.isEmpty ? nil : $0.serials[Int(draw % UInt64($0.serials.count))] }
            let token = tokens.quality
            return Transaction(kind.rawValue) { session in
                guard let serial else { return session.notSent("GET /genealogy/{serial}", reason: "no serial yet") }
                await session.send("GET /genealogy/{serial}", LoadRequest(.GET, "/api/v1/genealogy/\(serial)", token: token))
            }
        case .consume:
            let serial = pools.withLockedValue { $0.serials.isEmpty ? nil : $0.serials[Int(draw % UInt64($0.serials.count))] }
            let (token, lot, quantity, op) = (tokens.operatorToken, lotCode, consumeQuantity, operationNumber)
            return Transaction(kind.rawValue) { session in
                guard let serial else { return session.notSent("POST /consumption", reason: "no serial yet") }
                await session.send("POST /consumption", LoadRequest(.POST, "/api/v1/consumption", token: token,
                                                                   json: ["lotCode": lot, "serial": serial, "quantity": quantity, "operationNumber": op]))
            }
        case .operationCycle:
            let claim: (machine: String, order: String, serial: String)?? = pools.withLockedValue { pools in
                guard pools.pendingHead < pools.pending.count else { return .some(nil) }
                guard let machine = pools.idleMachines.popLast() else { return nil }
                let job = pools.pending[pools.pendingHead]
                pools.pendingHead += 1
                if pools.pendingHead > 4096 { pools.pending.removeFirst(pools.pendingHead); pools.pendingHead = 0 }
                return (machine, job.order, job.serial)
            }
            // The operator's time between start and complete varies as people's do: exponential with the set mean.
            let mean = Double(cycleThink.components.seconds) + Double(cycleThink.components.attoseconds) / 1e18
            let think = Duration.nanoseconds(Int64(generator.exponential(mean: mean) * 1e9))
            let (token, operatorId, op, inspects) = (tokens.operatorToken, operatorId, operationNumber, inspection != nil)
            return Transaction(kind.rawValue) { [pools] session in
                guard let claimed = claim else { return session.notSent("POST …/operations/\(op)/start", reason: "no idle machine") }
                guard let job = claimed else { return session.notSent("POST …/operations/\(op)/start", reason: "no serial with operation \(op) pending") }
                let started = await session.send("POST …/operations/\(op)/start", LoadRequest(.POST, "/api/v1/workorders/\(job.order)/operations/\(op)/start", token: token,
                                                                                        json: ["serial": job.serial, "equipmentId": job.machine, "operatorId": operatorId]))
                guard started.status == 200 else {
                    // Not started: the machine is still idle; the serial is not used again.
                    pools.withLockedValue { $0.idleMachines.append(job.machine) }
                    return
                }
                try? await Task.sleep(for: think)
                let completed = await session.send("POST …/operations/\(op)/complete", LoadRequest(.POST, "/api/v1/workorders/\(job.order)/operations/\(op)/complete",
                                                                                              token: token, json: ["serial": job.serial]))
                // A machine whose operation did not complete stays busy: it is not offered again.
                if completed.status == 200 {
                    pools.withLockedValue { pools in
                        pools.idleMachines.append(job.machine)
                        if inspects { pools.inspectable.append(job.serial) }
                    }
                }
            }
        case .inspection:
            let serial = pools.withLockedValue { $0.inspectable.popLast() }
            let (token, spec) = (tokens.quality, inspection)
            return Transaction(kind.rawValue) { session in
                guard let spec else { return session.notSent("POST /inspections", reason: "no inspection plan given") }
                guard let serial else { return session.notSent("POST /inspections", reason: "no serial with its operation complete") }
                let created = await session.send("POST /inspections", LoadRequest(.POST, "/api/v1/inspections", token: token, json: ["serial": serial, "planId": spec.planId]))
                guard created.status == 201, let id = (created.json as? [String: Any])?["id"] as? String else { return }
                let measurements: [[String: any Sendable]] = spec.measurements.sorted { $0.key < $1.key }.map { ["characteristicId": $0.key, "value": $0.value] }
                await session.send("POST /inspections/{id}/results", LoadRequest(.POST, "/api/v1/inspections/\(id)/results", token: token,
                                                                                  json: ["measurements": measurements]))
            }
        case .createRelease:
            let (token, part) = (tokens.planner, partNumber)
            let customer = pools.withLockedValue { pools in pools.sequence += 1; return "CO-LT-\(pools.sequence)" }
            return Transaction(kind.rawValue) { [pools] session in
                let created = await session.send("POST /workorders", LoadRequest(.POST, "/api/v1/workorders", token: token, json: [
                    "partNumber": part, "quantity": 10, "priority": "Normal", "targetDate": "2027-12-31", "customerOrder": customer,
                ]))
                guard created.status == 201, let body = created.json as? [String: Any], let id = body["id"] as? String else { return }
                // The serials exist from the release on: the release's answer lists them.
                let released = await session.send("POST /workorders/{id}/release", LoadRequest(.POST, "/api/v1/workorders/\(id)/release", token: token))
                guard released.status == 200, let serials = (released.json as? [String: Any])?["serials"] as? [String] else { return }
                pools.withLockedValue { Self.add((id, serials), to: &$0) }
            }
        }
    }
}

/// Setting up the MES workload through the API itself: the users for each role, the idle
/// lathes, and released work orders to work on.
public struct MESSetup: Sendable {
    public var adminUser: String
    public var adminPassword: String
    /// The operator the shop's master data certifies for operation 10 (the sample shop's `op-1`).
    public var operatorId = "op-1"
    public var lotCode = "L-IN718-001"
    public var partNumber = "ENG-BLADE-001"
    /// The work centres the operation may run in (the sample shop's blade, operation 10: TURN and its alternate TURN-2).
    public var workCenters: Set<String> = ["TURN", "TURN-2"]
    /// The part's first routing operation.
    public var operationNumber = 10
    /// Quantity booked per consumption, in the lot's unit.
    public var consumeQuantity = 0.001
    /// The inspection plan at that operation, if inspections are part of the mix.
    public var inspection: InspectionSpec?
    /// Released orders of 10 serials made before the load starts.
    public var orders = 60
    public var cycleThink: Duration = .milliseconds(200)
    /// Passwords of the users the load test makes (12 characters or more, as the API requires).
    public var userPassword = "jetmes-loadtest-user"

    public init(adminUser: String, adminPassword: String) {
        self.adminUser = adminUser
        self.adminPassword = adminPassword
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    func expect(_ response: LoadResponse, _ statuses: Set<Int>, _ what: String) throws -> Any? {
        guard let status = response.status, statuses.contains(status) else {
            throw Failure("\(what): \(response.status.map { "HTTP \($0)" } ?? "no answer") \(response.error ?? String(decoding: response.body.prefix(400), as: UTF8.self))")
        }
        return response.json
    }

    func login(_ transport: any LoadTransport, _ user: String, _ password: String) async throws -> String {
        try await session(transport, user, password).access
    }

    /// Access and refresh token of a new session.
    func session(_ transport: any LoadTransport, _ user: String, _ password: String) async throws -> (access: String, refresh: String) {
        let answer = await transport.send(LoadRequest(.POST, "/api/v1/auth/login", json: ["username": user, "password": password]))
        let body = try expect(answer, [200], "login as \(user)") as? [String: Any]
        guard let token = body?["accessToken"] as? String, let refresh = body?["refreshToken"] as? String else {
            throw Failure("login as \(user): no accessToken or refreshToken in the answer")
        }
        return (token, refresh)
    }

    /// Makes (or reuses) the users, finds the idle machines, creates and releases `orders` orders.
    public func prepare(_ transport: any LoadTransport, mix: MESMix) async throws -> MESWorkload {
        let admin = try await login(transport, adminUser, adminPassword)
        var tokens: [String: String] = [:], refreshTokens: [String: String] = [:]
        for (user, role) in [("lt-planner", "Production Planner"), (operatorId, "Operator"), ("lt-supervisor", "Production Supervisor"),
                             ("lt-quality", "Quality Engineer")] {
            let created = await transport.send(LoadRequest(.POST, "/api/v1/users", token: admin, json: [
                "username": user, "name": "Load test \(role)", "roles": [role], "password": userPassword,
            ]))
            _ = try expect(created, [201, 409], "create user \(user)")
            (tokens[user], refreshTokens[user]) = try await session(transport, user, userPassword)
        }
        let equipment = try expect(await transport.send(LoadRequest(.GET, "/api/v1/equipment?limit=1000", token: tokens["lt-supervisor"])), [200], "list equipment")
        let machines = ((equipment as? [[String: Any]]) ?? []).filter {
            workCenters.contains($0["workCenter"] as? String ?? "") && ($0["state"] as? String) == "Idle"
        }.compactMap { $0["id"] as? String }.sorted()
        guard !machines.isEmpty else { throw Failure("no idle machine in work centres \(workCenters.sorted().joined(separator: ", ")) for operation \(operationNumber)") }
        var orders: [(id: String, serials: [String])] = []
        for index in 0..<self.orders {
            let body = try expect(await transport.send(LoadRequest(.POST, "/api/v1/workorders", token: tokens["lt-planner"], json: [
                "partNumber": partNumber, "quantity": 10, "priority": "Normal", "targetDate": "2027-12-31", "customerOrder": "CO-LT-SETUP-\(index)",
            ])), [201], "create work order") as? [String: Any]
            guard let id = body?["id"] as? String else { throw Failure("create work order: no id") }
            let released = try expect(await transport.send(LoadRequest(.POST, "/api/v1/workorders/\(id)/release", token: tokens["lt-planner"])), [200],
                                      "release \(id)") as? [String: Any]
            guard let serials = released?["serials"] as? [String], !serials.isEmpty else { throw Failure("release \(id): no serials in the answer") }
            orders.append((id, serials))
        }
        return MESWorkload(mix: mix, tokens: MESWorkload.Tokens(access: tokens, refresh: refreshTokens,
                                                    roles: ("lt-planner", operatorId, "lt-supervisor", "lt-quality"), transport: transport),
                           operatorId: operatorId, lotCode: lotCode, partNumber: partNumber, operationNumber: operationNumber, consumeQuantity: consumeQuantity,
                           cycleThink: cycleThink, inspection: inspection, machines: machines, orders: orders)
    }
}
