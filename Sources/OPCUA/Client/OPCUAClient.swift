import Foundation
import Logging

/// An OPC UA client session that stays up: it finds the endpoint, opens a secure channel,
/// creates and activates a session, and when the connection dies it reconnects with backoff,
/// reactivates the session or creates a new one, and recreates its subscriptions.
public actor OPCUAClient {
    public nonisolated let configuration: OPCUAClientConfiguration
    let logger: Logger
    var channel: SecureChannel?
    var session: SessionContext?
    public private(set) var state: ConnectionState = .disconnected
    /// How many times the connection was re-established after a drop.
    public private(set) var reconnections = 0
    /// How many of those kept the server's session (reactivated rather than created anew).
    public private(set) var sessionsReactivated = 0
    var subscriptions: [Int: SubscriptionRecord] = [:]
    var nextSubscriptionKey = 1
    var nextClientHandle: UInt32 = 1
    var publishLoops: [Task<Void, Never>] = []
    var pendingAcknowledgements: [SubscriptionAcknowledgement] = []
    var droppedPublishResponses = 0
    var activePublishLoops = 0
    private var supervisor: Task<Void, Never>?
    private var keepAlive: Task<Void, Never>?
    private var stateObservers: [UUID: AsyncStream<ConnectionState>.Continuation] = [:]
    /// Set while `connect()` runs, and from `disconnect()` on: a reconnection that finishes
    /// after it closes what it opened instead of installing it.
    private var connecting = false
    private var closing = false
    private var namespaceCache: [String]?

    /// What the client knows of its session on the server.
    struct SessionContext: Sendable {
        var sessionId: NodeId
        var authenticationToken: NodeId
        var serverNonce: [UInt8]
        var endpoint: EndpointDescription
        var serverCertificate: PeerCertificate?
    }

    public init(configuration: OPCUAClientConfiguration, logger: Logger = Logger(label: "opcua.client")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects and activates the session. Errors here are the configuration's (unknown
    /// endpoint, refused identity, untrusted certificate) and are thrown, not retried; once
    /// connected, drops are recovered by themselves.
    public func connect() async throws {
        guard state == .disconnected || state == .closed, !connecting else { return }
        connecting = true
        closing = false
        defer { connecting = false }
        try await establish(reusingSession: false)
        if closing {
            await tearDown()
            throw OPCUAError.connectionClosed("disconnected while connecting")
        }
        setState(.connected)
        supervisor = Task { [weak self] in await self?.supervise() }
    }

    /// Closes the session and the channel; subscriptions end.
    /// The client cannot be used afterwards (a new `connect()` starts afresh); until it is
    /// called the client's tasks keep it alive, so call it when done.
    public func disconnect() async {
        closing = true
        let running = supervisor
        supervisor = nil
        running?.cancel()
        keepAlive?.cancel()
        for loop in publishLoops { loop.cancel() }
        publishLoops = []
        // Close the session while the channel stands; then wait for the supervisor, and close
        // whatever a reconnection in progress opened before it saw `closing`.
        await tearDown()
        await running?.value
        await tearDown()
        for record in subscriptions.values { record.continuation.finish() }
        subscriptions = [:]
        setState(.closed)
        for observer in stateObservers.values { observer.finish() }
        stateObservers = [:]
    }

    /// Closes the session (when the channel still stands) and the channel.
    private func tearDown() async {
        if let channel, session != nil, await channel.closedReason == nil {
            _ = try? await channel.send(CloseSessionRequest(requestHeader: header(), deleteSubscriptions: true), timeout: .seconds(2))
        }
        await channel?.close()
        channel = nil
        session = nil
    }

    /// Every change of the connection state from now on.
    public func stateChanges() -> AsyncStream<ConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(of: ConnectionState.self)
        let key = UUID()
        stateObservers[key] = continuation
        continuation.yield(state)
        continuation.onTermination = { [weak self] _ in Task { await self?.removeObserver(key) } }
        return stream
    }

    private func removeObserver(_ key: UUID) { stateObservers[key] = nil }

    func setState(_ new: ConnectionState) {
        guard new != state else { return }
        state = new
        for observer in stateObservers.values { observer.yield(new) }
    }

    // MARK: Establishing

    /// Finds the endpoint, opens the channel and activates a session — the old one when
    /// `reusingSession` and the server still has it, else a new one.
    private func establish(reusingSession: Bool) async throws {
        let (endpoint, discoveryChannel) = try await discoverEndpoint()
        let newChannel: SecureChannel
        var serverCertificate: PeerCertificate? = nil
        if configuration.securityPolicy == .none {
            newChannel = discoveryChannel
        } else {
            await discoveryChannel.close()
            guard let certificate = configuration.certificate else {
                throw OPCUAError.invalidArgument("security policy \(configuration.securityPolicy) needs a client certificate")
            }
            guard let der = endpoint.serverCertificate, !der.isEmpty else {
                throw OPCUAError.security("the server's endpoint offers no certificate")
            }
            let peer: PeerCertificate
            do {
                peer = try PeerCertificate(der: der)
                try configuration.trustList.check(peer, now: Date())
            } catch {
                throw OPCUAError.security("server certificate: \(error)")
            }
            serverCertificate = peer
            let context = try ChannelSecurityContext.secured(
                policy: configuration.securityPolicy, mode: configuration.securityMode, certificate: certificate, server: peer)
            newChannel = try await SecureChannel.open(
                endpointURL: configuration.endpointURL, security: context, limits: configuration.transportLimits, logger: logger)
        }
        if closing || Task.isCancelled {
            await newChannel.close()
            throw CancellationError()
        }
        channel = newChannel
        if reusingSession, var existing = session {
            do {
                existing.serverNonce = try await activate(existing, on: newChannel)
                session = existing
                sessionsReactivated += 1
                return
            } catch {
                logger.info("session could not be reactivated (\(error)); creating a new one")
            }
        }
        session = nil
        var created = try await createSession(on: newChannel, endpoint: endpoint, serverCertificate: serverCertificate)
        created.serverNonce = try await activate(created, on: newChannel)
        session = created
        namespaceCache = nil
    }

    /// GetEndpoints over an unsecured channel, and the endpoint matching our policy and mode.
    private func discoverEndpoint() async throws -> (EndpointDescription, SecureChannel) {
        let discovery = try await SecureChannel.open(endpointURL: configuration.endpointURL, limits: configuration.transportLimits, logger: logger)
        do {
            let response = try await discovery.send(GetEndpointsRequest(endpointUrl: configuration.endpointURL), timeout: configuration.requestTimeout)
            let candidates = response.endpoints.filter {
                $0.securityPolicyUri == configuration.securityPolicy.uri && $0.securityMode == configuration.securityMode
                    && ($0.transportProfileUri ?? "").hasSuffix("uatcp-uasc-uabinary")
            }
            guard let endpoint = candidates.first else {
                let offered = response.endpoints.map { "\(SecurityPolicy(uri: $0.securityPolicyUri ?? "")?.description ?? $0.securityPolicyUri ?? "?"):\($0.securityMode)" }
                throw OPCUAError.status(
                    .badSecurityPolicyRejected,
                    "the server offers no endpoint with \(configuration.securityPolicy):\(configuration.securityMode) (offered: \(offered.joined(separator: ", ")))")
            }
            return (endpoint, discovery)
        } catch {
            await discovery.close()
            throw error
        }
    }

    private func createSession(on channel: SecureChannel, endpoint: EndpointDescription, serverCertificate: PeerCertificate?) async throws -> SessionContext {
        let secured = configuration.securityPolicy != .none
        let clientNonce = Nonce.random(count: 32)
        let request = CreateSessionRequest(
            clientDescription: ApplicationDescription(
                applicationUri: configuration.applicationURI, productUri: "urn:jetmes", applicationName: LocalizedText(configuration.applicationName),
                applicationType: .client),
            endpointUrl: configuration.endpointURL, sessionName: configuration.sessionName, clientNonce: clientNonce,
            clientCertificate: secured ? configuration.certificate?.der : nil,
            requestedSessionTimeout: Double(configuration.sessionTimeout.milliseconds), maxResponseMessageSize: 0)
        let response = try await channel.send(request, timeout: configuration.requestTimeout)
        if secured, let serverCertificate, let certificate = configuration.certificate {
            // The server proves it holds its key by signing our certificate and nonce.
            guard let sent = response.serverCertificate, (try? PeerCertificate(der: sent))?.der == serverCertificate.der else {
                throw OPCUAError.security("CreateSession answered with another certificate than the endpoint's")
            }
            guard
                SessionSignature.verify(
                    algorithm: response.serverSignature.algorithm, signature: response.serverSignature.signature ?? [], clientCertificate: certificate,
                    clientNonce: clientNonce, serverCertificate: serverCertificate, policy: configuration.securityPolicy)
            else {
                throw OPCUAError.status(.badApplicationSignatureInvalid, "the server's CreateSession signature does not verify")
            }
        }
        // The endpoints came over an unsecured channel: the session's own list (signed for a
        // secured one) must hold the one chosen, unchanged, or someone rewrote the first answer.
        if !response.serverEndpoints.isEmpty {
            let unchanged = response.serverEndpoints.contains {
                $0.securityPolicyUri == endpoint.securityPolicyUri && $0.securityMode == endpoint.securityMode
                    && $0.userIdentityTokens == endpoint.userIdentityTokens && ($0.serverCertificate ?? []) == (endpoint.serverCertificate ?? [])
            }
            guard unchanged else {
                throw OPCUAError.security("the server's endpoints in CreateSession differ from those GetEndpoints returned (tampered discovery?)")
            }
        }
        return SessionContext(
            sessionId: response.sessionId, authenticationToken: response.authenticationToken, serverNonce: response.serverNonce ?? [],
            endpoint: endpoint, serverCertificate: serverCertificate)
    }

    /// ActivateSession with our signature and identity token; returns the next server nonce.
    private func activate(_ session: SessionContext, on channel: SecureChannel) async throws -> [UInt8] {
        var clientSignature = SignatureData()
        if configuration.securityPolicy != .none, let certificate = configuration.certificate, let server = session.serverCertificate {
            do {
                if let (algorithm, signature) = try SessionSignature.make(
                    serverCertificate: server, serverNonce: session.serverNonce, clientCertificate: certificate, policy: configuration.securityPolicy)
                {
                    clientSignature = SignatureData(algorithm: algorithm, signature: signature)
                }
            } catch {
                throw OPCUAError.security("signing ActivateSession: \(error)")
            }
        }
        let token = try identityToken(for: session)
        var request = ActivateSessionRequest(clientSignature: clientSignature, userIdentityToken: token)
        request.requestHeader.authenticationToken = session.authenticationToken
        do {
            let response = try await channel.send(request, timeout: configuration.requestTimeout)
            return response.serverNonce ?? []
        } catch let error as OPCUAError {
            if let status = error.statusCode { throw OPCUAError.status(status, "ActivateSession as \(configuration.identity)") }
            throw error
        }
    }

    private func identityToken(for session: SessionContext) throws -> ExtensionObject {
        let policies = session.endpoint.userIdentityTokens
        switch configuration.identity {
        case .anonymous:
            guard let policy = policies.first(where: { $0.tokenType == .anonymous }) else {
                throw OPCUAError.status(.badIdentityTokenRejected, "the endpoint does not accept anonymous users")
            }
            return ExtensionObject(AnonymousIdentityToken(policyId: policy.policyId))
        case .userName(let name, let password):
            guard let policy = policies.first(where: { $0.tokenType == .userName }) else {
                throw OPCUAError.status(.badIdentityTokenRejected, "the endpoint does not accept user names")
            }
            // An empty token policy URI means "the channel's policy" (OPC 10000-4 §7.41).
            let policyURI = (policy.securityPolicyUri ?? "").isEmpty ? configuration.securityPolicy.uri : policy.securityPolicyUri!
            guard let tokenPolicy = SecurityPolicy(uri: policyURI) else {
                throw OPCUAError.security("the user token policy \(policyURI) is not supported")
            }
            if tokenPolicy == .none {
                guard configuration.securityMode == .signAndEncrypt || configuration.allowsUnencryptedPassword else {
                    throw OPCUAError.security(
                        "the endpoint would take the password for \(name) in clear text over a channel that is not encrypted; use SignAndEncrypt")
                }
                return ExtensionObject(UserNameIdentityToken(policyId: policy.policyId, userName: name, password: Array(password.utf8)))
            }
            // Encrypted for the server's certificate, which must be one we trust even when the
            // channel itself is unsecured (else whoever answered discovery reads the password).
            let serverCertificate: PeerCertificate
            do {
                if let checked = session.serverCertificate {
                    serverCertificate = checked
                } else {
                    serverCertificate = try PeerCertificate(der: session.endpoint.serverCertificate ?? [])
                    try configuration.trustList.check(serverCertificate, now: Date())
                }
            } catch {
                throw OPCUAError.security("cannot encrypt the password for the server's certificate: \(error)")
            }
            do {
                let (secret, algorithm) = try UserPassword.encrypt(
                    password: password, serverNonce: session.serverNonce, serverCertificate: serverCertificate, policy: tokenPolicy)
                return ExtensionObject(UserNameIdentityToken(policyId: policy.policyId, userName: name, password: secret, encryptionAlgorithm: algorithm))
            } catch {
                throw OPCUAError.security("encrypting the password: \(error)")
            }
        }
    }

    // MARK: Staying connected

    /// Watches the channel; when it ends, reconnects with backoff and restores subscriptions.
    private func supervise() async {
        startKeepAlive()
        startPublishing()
        while !Task.isCancelled {
            guard let channel else { return }
            let reason = await channel.waitUntilClosed()
            if Task.isCancelled { return }
            logger.warning("connection to \(configuration.endpointURL) lost: \(reason)")
            keepAlive?.cancel()
            for loop in publishLoops { loop.cancel() }
            publishLoops = []
            pendingAcknowledgements = []
            var attempt = 0
            var delay = configuration.reconnectDelay
            while !Task.isCancelled {
                attempt += 1
                setState(.reconnecting(attempt: attempt, reason: "\(reason)"))
                do {
                    try await establish(reusingSession: true)
                    try await restoreSubscriptions()
                    if closing || Task.isCancelled { return }
                    reconnections += 1
                    setState(.connected)
                    logger.info("reconnected to \(configuration.endpointURL) after \(attempt) attempt(s)")
                    break
                } catch {
                    if closing || Task.isCancelled { return }
                    logger.debug("reconnect attempt \(attempt) failed: \(error)")
                    await self.channel?.close()
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, configuration.maximumReconnectDelay)
                }
            }
            startKeepAlive()
            startPublishing()
        }
    }

    /// Reads the server's state every keep-alive interval; no answer in time ends the channel,
    /// which the supervisor sees and recovers from.
    private func startKeepAlive() {
        keepAlive?.cancel()
        let interval = configuration.keepAliveInterval
        keepAlive = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let self else { return }
                await self.probe(timeout: interval)
            }
        }
    }

    private func probe(timeout: Duration) async {
        guard let channel, let session else { return }
        var request = ReadRequest(nodesToRead: [ReadValueId(nodeId: .numeric(2259), attributeId: .value)])
        request.requestHeader.authenticationToken = session.authenticationToken
        do {
            _ = try await channel.send(request, timeout: timeout)
        } catch {
            await channel.abort(.timeout("keep-alive read got no answer: \(error)"))
        }
    }

    // MARK: Requests

    func header() -> RequestHeader {
        RequestHeader(authenticationToken: session?.authenticationToken ?? .null)
    }

    /// Sends a request on the current session; while reconnecting, it fails as the dead
    /// channel does (the reconnection itself uses the new channel as soon as it is open).
    func call<Request: UARequest>(_ request: Request, timeout: Duration? = nil) async throws -> Request.Response {
        guard let channel, let session, state != .closed else {
            throw OPCUAError.connectionClosed("not connected to \(configuration.endpointURL) (\(state))")
        }
        var request = request
        request.requestHeader.authenticationToken = session.authenticationToken
        return try await channel.send(request, timeout: timeout ?? configuration.requestTimeout)
    }

    /// The SHA-1 thumbprint (hex) of the server certificate of the current session's endpoint.
    public var serverCertificateThumbprint: String? {
        guard let der = session?.endpoint.serverCertificate, !der.isEmpty else { return nil }
        return (session?.serverCertificate ?? (try? PeerCertificate(der: der)))?.thumbprintHex
    }

    /// Traffic on the current secure channel.
    public var channelStatistics: SecureChannel.ChannelStatistics? {
        get async { await channel?.statistics }
    }

    /// The server's namespace table (i=2255), cached per session.
    public func namespaces() async throws -> [String] {
        if let namespaceCache { return namespaceCache }
        let value = try await read([ReadValueId(nodeId: .numeric(2255), attributeId: .value)])[0]
        guard case .array(.string, let elements, _) = value.value else {
            throw OPCUAError.protocolViolation("the server's NamespaceArray is not an array of strings: \(value)")
        }
        let table = elements.map { if case .string(let text) = $0 { text ?? "" } else { "" } }
        namespaceCache = table
        return table
    }

    /// The index of namespace `uri` on this server; never hard-code it, servers number them as they please.
    public func namespaceIndex(of uri: String) async throws -> UInt16 {
        let table = try await namespaces()
        guard let index = table.firstIndex(of: uri) else {
            throw OPCUAError.status(.badNotFound, "namespace '\(uri)' is not on the server (it has \(table.joined(separator: ", ")))")
        }
        return UInt16(index)
    }

    /// Resolves an ExpandedNodeId that names its namespace by URI to a NodeId of this server.
    public func resolve(_ node: ExpandedNodeId) async throws -> NodeId {
        guard let uri = node.namespaceURI else { return node.nodeId }
        var resolved = node.nodeId
        resolved.namespace = try await namespaceIndex(of: uri)
        return resolved
    }
}
