import Foundation
import Testing

@testable import OPCUA

/// The client against a real OPC UA server (Python asyncua on 127.0.0.1).
@Suite(.serialized) struct OPCUAClientTests {
    @Test func readsWritesAndReadsBack() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let load = try await SharedServer.node("Lathe-01.SpindleLoad", client)
        try await client.writeValue(load, .double(73.25))
        let value = try await client.readValues([load])[0]
        #expect(value.status == .good)
        #expect(value.value == .double(73.25))
        #expect(value.serverTimestamp != nil)
        // The namespace index is the server's own (3 here, behind a padding namespace), found by URI.
        #expect(load.namespace == 3)
        await client.disconnect()
    }

    @Test func browsesAndTranslatesBrowsePaths() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let machines = try await SharedServer.node("Machines", client)
        let children = try await client.browse(machines)
        #expect(Set(children.compactMap(\.browseName.name)).isSuperset(of: ["Lathe-01", "Mill-02"]))
        let ns = try await client.namespaceIndex(of: OPCUATestServer.machinesNamespaceURI)
        let state = try await client.translate([QualifiedName(namespace: ns, "Machines"), QualifiedName(namespace: ns, "Lathe-01"), QualifiedName(namespace: ns, "State")])
        #expect(state == NodeId.string("Lathe-01.State", namespace: ns))
        await #expect(throws: OPCUAError.self) { try await client.translate([QualifiedName(namespace: ns, "NoSuchFolder")]) }
        // Asked for pages of 100, asyncua answers all 600 at once (it keeps no continuation
        // points); the client takes either.
        let tags = try await client.browse(try await SharedServer.node("Test.Tags", client), maxReferencesPerRequest: 100)
        #expect(tags.count == 600)
        #expect(Set(tags.compactMap(\.browseName.name)).count == 600)
        await client.disconnect()
    }

    @Test func callsAMethodWithInputAndOutputArguments() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let outputs = try await client.callMethod(
            try await SharedServer.node("Test", client), try await SharedServer.node("Test.Scale", client), arguments: [.doubles([1, 2, 3.5]), .double(2)])
        #expect(outputs.count == 2)
        #expect(outputs[0].doubleValues == [2, 4, 7])
        #expect(outputs[1] == .double(13))
        // A refused call is an error naming the status.
        let error = await #expect(throws: OPCUAError.self) {
            try await client.callMethod(try await SharedServer.node("Test", client), try await SharedServer.node("Test.Scale", client), arguments: [.string("x")])
        }
        #expect(error?.statusCode?.isBad == true)
        await client.disconnect()
    }

    @Test func aValueLargerThanAChunkArrivesWhole() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let big = try await SharedServer.node("Test.BigArray", client)
        let before = try #require(await client.channelStatistics)
        let value = try await client.readValues([big])[0]
        let after = try #require(await client.channelStatistics)
        let doubles = try #require(value.value.doubleValues)
        #expect(doubles.count == 20_000)
        #expect(doubles.enumerated().allSatisfy { $0.element == Double($0.offset) * 0.5 })
        // 160 kB in 64 kB chunks: one response, at least three chunks.
        #expect(after.messagesReceived - before.messagesReceived == 1)
        #expect(after.chunksReceived - before.chunksReceived >= 3)
        // And the other way: a 20,000-element write goes out in several chunks and reads back equal.
        let written = (0..<20_000).map { Double($0) * 0.25 }
        try await client.writeValue(big, .doubles(written))
        let sent = try #require(await client.channelStatistics)
        #expect(sent.chunksSent - after.chunksSent >= 3)
        #expect(try await client.readValues([big])[0].value.doubleValues == written)
        try await client.writeValue(big, .doubles(doubles))
        await client.disconnect()
    }

    @Test func aSubscriptionOf600ItemsDeliversInitialValuesAndChanges() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        var tags: [NodeId] = []
        for index in 0..<600 { tags.append(try await SharedServer.node(String(format: "Test.Tags.Tag%03d", index), client)) }
        let subscription = try await client.subscribe(to: tags, publishingInterval: .milliseconds(100))
        #expect(subscription.refused.isEmpty)
        var latest: [NodeId: Double] = [:]
        var iterator = subscription.values.makeAsyncIterator()
        while latest.count < 600, let value = await iterator.next() { latest[value.nodeId] = value.value.value.doubleValue }
        #expect(latest.count == 600)
        let initial = latest
        _ = try await client.callMethod(try await SharedServer.node("Test", client), try await SharedServer.node("Test.BumpTags", client), arguments: [.double(1)])
        var changed = Set<NodeId>()
        while changed.count < 600, let value = await iterator.next() {
            if let number = value.value.value.doubleValue, let before = initial[value.nodeId], number == before + 1 { changed.insert(value.nodeId) }
        }
        #expect(changed.count == 600)
        await client.disconnect()
    }

    @Test func aBadStatusArrivesAsTheValuesStatus() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let coolant = try await SharedServer.node("Lathe-01.CoolantTemperature", client)
        let value = try await client.readValues([coolant])[0]
        #expect(value.status == .badSensorFailure)
        let subscription = try await client.subscribe(to: [coolant])
        var iterator = subscription.values.makeAsyncIterator()
        let reported = await iterator.next()
        #expect(reported?.value.status == .badSensorFailure)
        await client.disconnect()
    }

    @Test func unknownNodesAndWrongPasswordsAreReportedClearly() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let missing = try await SharedServer.node("No.Such.Node", client)
        let read = try await client.readValues([missing])[0]
        #expect(read.status == .badNodeIdUnknown)
        #expect(read.status.description == "BadNodeIdUnknown")
        // A subscription names the node it cannot monitor, and reports the status as its value.
        let subscription = try await client.subscribe(to: [missing])
        #expect(subscription.refused[missing] == .badNodeIdUnknown)
        var iterator = subscription.values.makeAsyncIterator()
        #expect(await iterator.next()?.value.status == .badNodeIdUnknown)
        // A method on an object the server lacks: the error names the call and the status.
        let error = await #expect(throws: OPCUAError.self) {
            try await client.callMethod(missing, try await SharedServer.node("Test.Scale", client), arguments: [])
        }
        #expect(error?.statusCode?.isBad == true)
        #expect("\(error!)".contains("No.Such.Node"))
        await client.disconnect()

        let intruder = try SharedServer.client(server, identity: .userName("operator", password: "wrong"))
        let refused = await #expect(throws: OPCUAError.self) { try await intruder.connect() }
        #expect(refused?.statusCode == .badUserAccessDenied)
        #expect("\(refused!)".contains("BadUserAccessDenied"))
        #expect("\(refused!)".contains("operator"))
        await intruder.disconnect()
    }

    @Test(arguments: ["Basic256Sha256:SignAndEncrypt", "Basic256Sha256:Sign", "None"])
    func securedSessionsWithAUserName(security: String) async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server, security: security, identity: .userName("operator", password: "secret-1"))
        try await client.connect()
        let outputs = try await client.callMethod(
            try await SharedServer.node("Test", client), try await SharedServer.node("Test.Scale", client), arguments: [.doubles([1]), .double(3)])
        #expect(outputs.last == .double(3))
        let big = try await client.readValues([try await SharedServer.node("Test.BigArray", client)])[0]
        #expect(big.value.doubleValues?.count == 20_000)
        await client.disconnect()
    }

    @Test func anUntrustedServerCertificateIsRefused() async throws {
        let server = try await SharedServer.get()
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-empty-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let client = OPCUAClient(
            configuration: OPCUAClientConfiguration(
                endpointURL: server.endpointURL, securityPolicy: .basic256Sha256, securityMode: .signAndEncrypt,
                certificate: try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:jetmes:test-client", commonName: "JetMES tests"),
                trustList: try TrustList(directory: empty.path)))
        let error = await #expect(throws: OPCUAError.self) { try await client.connect() }
        #expect("\(error!)".lowercased().contains("trust"))
    }

    @Test(arguments: [MessageSecurityMode.none, .sign, .signAndEncrypt])
    func theSecurityTokenIsRenewedBeforeItExpires(mode: MessageSecurityMode) async throws {
        let server = try await SharedServer.get()
        var security = ChannelSecurityContext.none
        if mode != .none {
            // New keys come with the renewed token: messages after it must verify (and decrypt) with them.
            let certificate = try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:jetmes:test-client", commonName: "JetMES tests")
            security = try ChannelSecurityContext.secured(
                policy: .basic256Sha256, mode: mode, certificate: certificate, server: try PeerCertificate(contentsOf: server.serverCertificatePath))
        }
        let channel = try await SecureChannel.open(endpointURL: server.endpointURL, security: security, requestedLifetime: .seconds(2))
        let first = try #require(await channel.token)
        #expect(first.revisedLifetime == 2_000)
        // Renewal is due at 1.5 s; on a loaded machine allow it a while longer.
        let deadline = ContinuousClock.now + .seconds(10)
        while await channel.renewals == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let renewed = try #require(await channel.token)
        #expect(await channel.renewals >= 1)
        #expect(renewed.tokenId != first.tokenId)
        #expect(renewed.channelId == first.channelId)
        // The channel still works on the new token.
        let response = try await channel.send(GetEndpointsRequest(endpointUrl: server.endpointURL))
        #expect(!response.endpoints.isEmpty)
        await channel.close()
    }

    @Test func aLostPublishResponseIsFetchedAgainWithRepublish() async throws {
        let server = try await SharedServer.get()
        let client = try SharedServer.client(server)
        try await client.connect()
        let counter = try await SharedServer.node("Test.Counter", client)
        let subscription = try await client.subscribe(to: [counter], publishingInterval: .milliseconds(50), samplingInterval: .milliseconds(20))
        var seen: [Double] = []
        var iterator = subscription.values.makeAsyncIterator()
        while seen.count < 5, let value = await iterator.next() { seen.append(value.value.value.doubleValue ?? -1) }
        await client.dropPublishResponses(2)
        while seen.count < 20, let value = await iterator.next() { seen.append(value.value.value.doubleValue ?? -1) }
        let statistics = try #require(await client.statistics(of: subscription))
        #expect(statistics.republished >= 2)
        #expect(statistics.lost == 0)
        // Counter rises by one every 200 ms and is sampled faster: every value once, in order.
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $1 == $0 + 1 }, "\(seen)")
        await client.disconnect()
    }
}

/// Kill the server, start it again: the client reconnects and its subscription delivers again.
@Suite struct OPCUAReconnectTests {
    @Test func theClientReconnectsAndItsSubscriptionDeliversAgain() async throws {
        let server = try await OPCUATestServer.start()
        defer { server.stop() }
        let client = try SharedServer.client(server, keepAlive: .seconds(1))
        try await client.connect()
        let counter = try await SharedServer.node("Test.Counter", client)
        let subscription = try await client.subscribe(to: [counter], publishingInterval: .milliseconds(100))
        let collector = Collector(subscription)
        #expect(await collector.wait { !$0.isEmpty })
        server.kill()
        try await server.restart()
        let restarted = ContinuousClock.now
        let before = await collector.count
        // New values from the restarted server within a bounded time.
        let delivered = await collector.wait(upTo: .seconds(15)) { $0.count > before + 2 }
        let took = ContinuousClock.now - restarted
        #expect(delivered, "no values within 15 s of the restart")
        #expect(took < .seconds(15))
        #expect(await client.reconnections == 1)
        let statistics = try #require(await client.statistics(of: subscription))
        #expect(statistics.recreated == 1)
        await collector.stop()
        await client.disconnect()
    }

    /// A server that stops answering without closing the connection (frozen, or a cable pulled
    /// behind a switch): the keep-alive probe finds it dead, and the client comes back when it answers again.
    @Test func aSilentServerIsDetectedByTheKeepAliveAndReconnectedTo() async throws {
        let server = try await OPCUATestServer.start()
        defer { server.stop() }
        let client = try SharedServer.client(server, keepAlive: .seconds(1))
        try await client.connect()
        let counter = try await SharedServer.node("Test.Counter", client)
        let subscription = try await client.subscribe(to: [counter], publishingInterval: .milliseconds(100))
        let collector = Collector(subscription)
        #expect(await collector.wait { !$0.isEmpty })
        let states = await client.stateChanges()
        let pid = try #require(server.processIdentifier)
        kill(pid, SIGSTOP)
        let frozen = ContinuousClock.now
        var detected: Duration? = nil
        for await state in states {
            if case .reconnecting = state {
                detected = ContinuousClock.now - frozen
                break
            }
        }
        kill(pid, SIGCONT)
        let silence = try #require(detected)
        #expect(silence < .seconds(5), "a 1 s keep-alive found the silent server after \(silence)")
        let before = await collector.count
        #expect(await collector.wait(upTo: .seconds(15)) { $0.count > before + 2 }, "values flow again")
        #expect(await client.reconnections == 1)
        // The server kept the session through the silence: reactivated on the new channel, and
        // its subscription lived on (nothing recreated).
        #expect(await client.sessionsReactivated == 1)
        #expect(await client.statistics(of: subscription)?.recreated == 0)
        await collector.stop()
        await client.disconnect()
    }
}
