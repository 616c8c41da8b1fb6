import Foundation
import Hummingbird
import HummingbirdTesting
import MESCore
import MESServer
import Testing
import Training
import Twin

/// A serial waiting for its CMM operation (50, inspected by the part's plan), not started.
struct WaitingForCMM: Sendable {
    let workOrder: String
    let serial: String
    let operation: Int
    let planId: String
}

/// The blade cell with CMM work (the inspecting work centre) left to trainees, paused, stepped
/// until `count` serials wait at WC-CMM; returns the service and those serials.
func cmmTraineeSession(_ configuration: APIServer.Configuration, count: Int, reports: URL? = nil) async throws -> (MESService, [WaitingForCMM]) {
    let (model, seed, _) = try bladeCell()
    let work = try TraineeWork(parsing: ["operator@WC-CMM"], plant: model.plant)
    let service = try TrainingServer.service(configuration, model: model, seed: seed, traineeWork: work, speed: 60, paused: true, session: "gauge",
                                             reportsDirectory: reports ?? URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent())
    let plans = model.plant.inspectionPlans
    let found = await onClock(service) { clock -> [WaitingForCMM] in
        func waiting() -> [WaitingForCMM] {
            let state = clock.twin.mesState
            return state.serials.values.sorted { $0.serial < $1.serial }.compactMap { unit in
                guard unit.status == .inProcess, !unit.isOnHold, let next = unit.nextOperation, next.workCenter == "WC-CMM", next.status == .pending,
                    let plan = plans.first(where: { $0.partNumber == unit.partNumber && $0.revision == unit.revision && $0.operation == next.number })
                else { return nil }
                return WaitingForCMM(workOrder: unit.workOrderId, serial: unit.serial, operation: next.number, planId: plan.id)
            }
        }
        while waiting().count < count && clock.step() {}
        return Array(waiting().prefix(count))
    }
    #expect(found.count == count, "\(count) serials wait for the trainees' CMM work")
    return (service, found)
}

/// The trainee at the CMM (an operator certified for it, booking as themselves).
let cmmTrainee = Actor(id: "OP-E-CM1", name: "H. Kowalski (trainee)", roles: [.operator])

@Suite struct GaugeReadingTests {
    let http = TrainingAPITests()

    /// The trainee starts the CMM operation, opens the inspection, reads the gauge (twice: the
    /// same values) and records what it reads; a second part is recorded with one value off
    /// the reading (beyond the limit), a third without reading the gauge at all. The score
    /// counts the first part's and the second's other results as recorded as read, lists the
    /// transcription error with both values, counts the third's as recorded without a reading,
    /// and notes that the MES failed the second part the gauge passed; the report says so too.
    /// A closed inspection's gauge is a 409, an unknown one a 404; an operator and a quality
    /// inspector may read the gauge, a maintenance technician and a planner may not.
    @Test func theTraineeRecordsWhatTheGaugeReadsAndTheScoreJudgesIt() async throws {
        let configuration = try temporaryDatabase()
        let reports = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().appendingPathComponent("reports")
        try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
        let (service, parts) = try await cmmTraineeSession(configuration, count: 3, reports: reports)
        try #require(parts.count == 3)
        let plan = try #require(try bladeCell().model.plant.inspectionPlans.first { $0.id == parts[1].planId })
        let app = try await TrainingServer.application(configuration, service: service)
        try await app.test(.live) { client in
            let admin = try await http.login(client, "trainer", "correct horse battery")
            let trainee = try await http.addUser(client, admin: admin, cmmTrainee.id, .operator)
            let inspector = try await http.addUser(client, admin: admin, "trainee-qi", .qualityInspector)
            let technician = try await http.addUser(client, admin: admin, "trainee-m", .maintenanceTechnician)
            let planner = try await http.addUser(client, admin: admin, "trainee-pp", .productionPlanner)

            func start(_ part: WaitingForCMM) async throws -> String {
                let started = try await client.execute(uri: "/api/v1/workorders/\(part.workOrder)/operations/\(part.operation)/start", method: .post, headers: trainee,
                                                       body: http.json(["serial": part.serial, "equipmentId": "CMM-1", "operatorId": cmmTrainee.id]))
                #expect(started.status == .ok, "start \(part.serial): \(String(buffer: started.body))")
                let opened = try await client.execute(uri: "/api/v1/inspections", method: .post, headers: trainee,
                                                      body: http.json(["serial": part.serial, "planId": part.planId]))
                #expect(opened.status == .created, "open inspection on \(part.serial): \(String(buffer: opened.body))")
                return try #require(try http.object(opened)["id"] as? String)
            }
            func gauge(_ inspection: String, as headers: HTTPFields) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/training/gauge/\(inspection)", method: .get, headers: headers)
            }
            func readings(_ response: TestResponse) throws -> [String: Double] {
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let items = try #require(try http.object(response)["characteristics"] as? [[String: Any]])
                return Dictionary(uniqueKeysWithValues: try items.map { (try #require($0["characteristicId"] as? String), try #require($0["value"] as? Double)) })
            }
            func record(_ inspection: String, _ values: [String: Double]) async throws -> [String: Any] {
                let measurements = values.sorted { $0.key < $1.key }.map { ["characteristicId": $0.key, "value": $0.value] as [String: Any] }
                let recorded = try await client.execute(uri: "/api/v1/inspections/\(inspection)/results", method: .post, headers: trainee,
                                                        body: http.json(["measurements": measurements]))
                #expect(recorded.status == .ok, "\(String(buffer: recorded.body))")
                return try http.object(recorded)
            }
            func complete(_ part: WaitingForCMM) async throws {
                let completed = try await client.execute(uri: "/api/v1/workorders/\(part.workOrder)/operations/\(part.operation)/complete", method: .post,
                                                         headers: trainee, body: http.json(["serial": part.serial]))
                #expect(completed.status == .ok, "complete \(part.serial): \(String(buffer: completed.body))")
            }

            // Part 1: read twice, the same both times; recorded as read.
            let first = try await start(parts[0])
            let read = try readings(try await gauge(first, as: trainee))
            #expect(try readings(try await gauge(first, as: trainee)) == read)
            #expect(Set(read.keys) == Set(try bladeCell().model.plant.inspectionPlans.first { $0.id == parts[0].planId }?.characteristics.map(\.id) ?? []))
            let firstStatus = try await record(first, read)["status"] as? String
            try await complete(parts[0])

            // Part 2: the quality inspector sees the same reading as the operator; one value recorded past its upper limit.
            let second = try await start(parts[1])
            let secondRead = try readings(try await gauge(second, as: trainee))
            #expect(try readings(try await gauge(second, as: inspector)) == secondRead)
            let wrong = try #require(plan.characteristics.first)
            let typed = try #require(wrong.upperLimit) + 0.005
            var secondValues = secondRead
            secondValues[wrong.id] = typed
            #expect(try await record(second, secondValues)["status"] as? String == "Failed")
            try await complete(parts[1])

            // Part 3: recorded without looking at the gauge.
            let third = try await start(parts[2])
            let nominal = try #require(try bladeCell().model.plant.inspectionPlans.first { $0.id == parts[2].planId }).characteristics
            _ = try await record(third, Dictionary(uniqueKeysWithValues: nominal.map { ($0.id, $0.nominal) }))
            try await complete(parts[2])

            // Closed: 409, naming why. Unknown: 404.
            let closed = try await gauge(first, as: trainee)
            #expect(closed.status == .conflict)
            #expect(closed.headers[.contentType] == "application/problem+json")
            #expect((try http.object(closed)["detail"] as? String)?.contains("inspection \(first) is \(firstStatus ?? "?")") == true, "\(String(buffer: closed.body))")
            #expect(try await gauge("INS-NOPE", as: trainee).status == .notFound)
            // An inspection open on a part the simulated operators now have (part 1 went on to final inspection): 409.
            let reopened = try await client.execute(uri: "/api/v1/inspections", method: .post, headers: trainee,
                                                    body: http.json(["serial": parts[0].serial, "planId": parts[0].planId]))
            let late = try #require(try http.object(reopened)["id"] as? String)
            let elsewhere = try await gauge(late, as: trainee)
            #expect(elsewhere.status == .conflict)
            #expect((try http.object(elsewhere)["detail"] as? String)?.contains("simulated operators") == true, "\(String(buffer: elsewhere.body))")
            // Roles without the right to record inspection results.
            #expect(try await gauge(second, as: technician).status == .forbidden)
            #expect(try await gauge(second, as: planner).status == .forbidden)

            let score = try http.object(try await client.execute(uri: "/api/v1/training/score", method: .get, headers: admin))
            let measurements = try #require(score["measurements"] as? [String: Any])
            #expect(measurements["recordedAsRead"] as? Int == read.count + secondRead.count - 1, "\(measurements)")
            let errors = try #require(measurements["transcriptionErrors"] as? [[String: Any]])
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?["inspection"] as? String == second && errors.first?["characteristic"] as? String == wrong.id)
            #expect(errors.first?["read"] as? Double == secondRead[wrong.id] && errors.first?["recorded"] as? Double == typed)
            #expect(errors.first?["by"] as? String == cmmTrainee.id)
            let unread = try #require(measurements["recordedWithoutReading"] as? [[String: Any]])
            #expect(unread.count == nominal.count && unread.allSatisfy { $0["inspection"] as? String == third }, "\(unread)")
            let verdicts = try #require(measurements["verdicts"] as? [[String: Any]])
            #expect(verdicts.map { $0["inspection"] as? String } == [first, second], "\(verdicts)")
            #expect(verdicts.first?["matches"] as? Bool == true && verdicts.first?["mes"] as? String == firstStatus)
            // The gauge read the second part within its limits (this seed); the MES failed it on the mistyped value.
            let secondConforms = plan.characteristics.allSatisfy { secondRead[$0.id].map($0.conforms) ?? false }
            #expect(secondConforms)
            #expect(verdicts.last?["mes"] as? String == "Failed" && verdicts.last?["reading"] as? String == "Passed" && verdicts.last?["matches"] as? Bool == false)

            let finished = try await client.execute(uri: "/api/v1/training/finish", method: .post, headers: admin)
            #expect(finished.status == .ok)
            let summary = try String(contentsOf: reports.appendingPathComponent("gauge/summary.md"), encoding: .utf8)
            #expect(summary.contains("\(read.count + secondRead.count - 1) results recorded as read, 1 transcription errors, \(nominal.count) recorded without reading"))
            #expect(summary.contains("| \(second) | \(parts[1].serial) | \(wrong.id) | \(secondRead[wrong.id] ?? .nan) | \(typed) | \(cmmTrainee.id) |"), "\(summary)")
            #expect(summary.contains("matches the gauge's on 1 of 2 closed inspections"))
        }
    }

    /// Two sessions with the same seed and the same trainee actions show the same readings; the
    /// readings carry part-to-part variation (not the nominal values), on the gauge's resolution.
    @Test func readingsAreReproducibleBySeed() async throws {
        var sessions: [[String: Double]] = []
        for _ in 0..<2 {
            let configuration = try temporaryDatabase()
            try APIServer.bootstrapAdministrator(configuration, username: "trainer", password: "correct horse battery")
            let (service, parts) = try await cmmTraineeSession(configuration, count: 1)
            let part = try #require(parts.first)
            try await service.execute(.startOperation(StartOperation(workOrderId: part.workOrder, serial: part.serial, operationNumber: part.operation,
                                                                     equipmentId: "CMM-1", operatorId: cmmTrainee.id)), by: cmmTrainee)
            let events = try await service.execute(.createInspection(serial: part.serial, planId: part.planId), by: cmmTrainee)
            let inspection = try #require(events.lazy.compactMap { if case .inspectionCreated(let i) = $0 { i.id } else { nil } }.first)
            let reading = try await onClock(service) { clock in Result { try clock.twin.gaugeReadings(inspectionId: inspection) }.mapError { TwinError("\($0)") } }.get()
            sessions.append(try #require(reading))
            #expect(await onClock(service) { (try? $0.twin.gaugeReadings(inspectionId: "INS-NOPE")) ?? nil } == nil)
        }
        #expect(sessions[0] == sessions[1])
        let plan = try #require(try bladeCell().model.plant.inspectionPlans.first { Set($0.characteristics.map(\.id)) == Set(sessions[0].keys) })
        for characteristic in plan.characteristics {
            let value = try #require(sessions[0][characteristic.id])
            #expect(value != characteristic.nominal, "\(characteristic.id) reads \(value): the part's own variation")
            let steps = value / GaugeReading.resolution(of: characteristic)
            #expect(abs(steps - steps.rounded()) < 1e-6, "\(characteristic.id) reads \(value), on the gauge's resolution")
        }
    }

    /// The gauge's display: a hundredth of the tolerance band, rounded down to a power of ten.
    @Test func theGaugeResolutionFollowsTheToleranceBand() {
        func characteristic(_ nominal: Double, _ lower: Double?, _ upper: Double?) -> Characteristic {
            Characteristic(id: "c", balloon: 1, description: "c", nominal: nominal, lowerLimit: lower, upperLimit: upper, unit: "mm", method: "gauge")
        }
        #expect(GaugeReading.resolution(of: characteristic(0, -0.02, 0.02)) == 0.0001)
        #expect(GaugeReading.resolution(of: characteristic(12.5, 12.45, 12.55)) == 0.001)
        #expect(GaugeReading.resolution(of: characteristic(0, nil, 12)) == 0.1)
        #expect(GaugeReading.resolution(of: characteristic(180, 179.985, 180.015)) == 0.0001)
        #expect(GaugeReading.displayed(12.49873, resolution: 0.001) == 12.499)
        #expect(GaugeReading.displayed(-0.00001, resolution: 0.0001).sign == .plus)
        #expect(GaugeReading.displayed(1234.5, resolution: 10) == 1230)
    }
}

/// `mes serve` runs no training: the gauge is not there (404), which is how the operator
/// terminal knows to show no reading.
@Suite struct GaugeWithoutTrainingTests {
    @Test func theGaugeIsNotFoundWithoutTraining() async throws {
        let configuration = try temporaryDatabase()
        try APIServer.bootstrapAdministrator(configuration, username: "admin", password: "correct horse battery")
        let app = try await APIServer.application(configuration)
        let http = TrainingAPITests()
        try await app.test(.router) { client in
            let admin = try await http.login(client, "admin", "correct horse battery")
            #expect(try await client.execute(uri: "/api/v1/training/gauge/INS-2026-000001", method: .get, headers: admin).status == .notFound)
        }
    }
}
