import Foundation
import Logging
import NIOCore
import NIOPosix

/// One UA Secure Conversation channel over one TCP connection (OPC 10000-6 §6.7, §7.1):
/// Hello/Acknowledge, OpenSecureChannel, requests matched to responses by request id,
/// chunking both ways within the negotiated limits, sequence numbers checked, the security
/// token renewed at 75 % of its lifetime, and every failure delivered to whoever waits.
public actor SecureChannel {
    public let endpoint: EndpointURL
    public let security: ChannelSecurityContext
    public private(set) var limits: NegotiatedLimits
    public private(set) var channelId: UInt32 = 0
    public private(set) var token: ChannelSecurityToken?
    /// Set when the channel ended; every later request fails with it.
    public private(set) var closedReason: OPCUAError?

    private let channel: any Channel
    private let logger: Logger
    private let requestedLifetime: UInt32
    private var assembler: MessageAssembler
    private var nextSequenceNumber: UInt32 = 1
    private var lastReceivedSequenceNumber: UInt32?
    private var nextRequestId: UInt32 = 1
    private var pending: [UInt32: Pending] = [:]
    private var acknowledgeWaiter: CheckedContinuation<UATCPAcknowledge, any Error>?
    private var sending: any ChunkSecurity
    /// Receiving protections by token id: the previous token stays valid until the server
    /// has switched to the renewed one.
    private var receiving: [UInt32: any ChunkSecurity] = [:]
    /// Token ids in the order they were issued (ids need not increase).
    private var tokenOrder: [UInt32] = []
    private var renewal: Task<Void, Never>?
    private var closeWaiters: [CheckedContinuation<OPCUAError, Never>] = []
    public private(set) var renewals = 0
    public private(set) var statistics = ChannelStatistics()

    /// Traffic on the channel, to show chunking at work.
    public struct ChannelStatistics: Sendable, Equatable {
        public var chunksSent = 0
        public var messagesSent = 0
        public var chunksReceived = 0
        public var messagesReceived = 0
    }

    private struct Pending {
        let continuation: CheckedContinuation<(NodeId, [UInt8]), any Error>
        let what: String
        let timeout: Task<Void, Never>?
    }

    /// Connects, says Hello and opens the channel; throws with the server's reason when any
    /// step is refused.
    public static func open(
        endpointURL: String, security: ChannelSecurityContext = .none, limits: TransportLimits = TransportLimits(),
        requestedLifetime: Duration = .seconds(3600), connectTimeout: Duration = .seconds(10), logger: Logger = Logger(label: "opcua")
    ) async throws -> SecureChannel {
        let endpoint = try EndpointURL(endpointURL)
        let (events, continuation) = AsyncStream.makeStream(of: ConnectionEvent.self)
        let maximumFrame = Int(limits.receiveBufferSize)
        let nioChannel: any Channel
        do {
            nioChannel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(connectTimeout.milliseconds))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(UATCPFrameDecoder(maximumFrameSize: maximumFrame)))
                        try channel.pipeline.syncOperations.addHandler(FrameForwarder(events: continuation))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            throw OPCUAError.connectionClosed("cannot connect to \(endpoint): \(error)")
        }
        let lifetime = UInt32(clamping: requestedLifetime.milliseconds)
        let secureChannel = SecureChannel(endpoint: endpoint, security: security, limits: limits, lifetime: lifetime, channel: nioChannel, logger: logger)
        await secureChannel.startReading(events)
        do {
            try await secureChannel.handshake(endpointURL: endpointURL, limits: limits, timeout: connectTimeout)
            try await secureChannel.openSecureChannel(.issue, timeout: connectTimeout)
        } catch {
            await secureChannel.abort(error as? OPCUAError ?? .connectionClosed("\(error)"))
            throw error
        }
        return secureChannel
    }

    private init(endpoint: EndpointURL, security: ChannelSecurityContext, limits: TransportLimits, lifetime: UInt32, channel: any Channel, logger: Logger) {
        self.endpoint = endpoint
        self.security = security
        self.requestedLifetime = lifetime
        self.channel = channel
        self.logger = logger
        self.sending = security.asymmetric
        self.limits = NegotiatedLimits(
            sendChunkSize: Int(TransportLimits.minimumBufferSize), receiveChunkSize: Int(limits.receiveBufferSize), sendMaxMessageSize: 0,
            sendMaxChunkCount: 0, receiveMaxMessageSize: Int(limits.maxMessageSize), receiveMaxChunkCount: Int(limits.maxChunkCount))
        self.assembler = MessageAssembler(maxMessageSize: Int(limits.maxMessageSize), maxChunkCount: Int(limits.maxChunkCount))
    }

    private func startReading(_ events: AsyncStream<ConnectionEvent>) {
        Task { [weak self] in
            for await event in events {
                guard let self else { return }
                await self.handle(event)
            }
            await self?.abort(.connectionClosed("the server closed the connection"))
        }
    }

    // MARK: Requests

    /// Sends `request` and waits for its response; a ServiceFault or a Bad service result is
    /// thrown as `.status` naming the service.
    public func send<Request: UARequest>(_ request: Request, timeout: Duration = .seconds(10)) async throws -> Request.Response {
        var request = request
        request.requestHeader.timestamp = Date()
        request.requestHeader.timeoutHint = UInt32(clamping: timeout.milliseconds)
        let (typeId, body) = try await exchange(request, type: .message, timeout: timeout)
        return try Self.decodeResponse(Request.Response.self, typeId: typeId, body: body, service: "\(Request.self)")
    }

    static func decodeResponse<Response: UAResponse>(_: Response.Type, typeId: NodeId, body: [UInt8], service: String) throws(OPCUAError) -> Response {
        let name = service.hasSuffix("Request") ? String(service.dropLast("Request".count)) : service
        if typeId == ServiceFault.binaryEncodingId {
            let fault: ServiceFault
            do { fault = try ServiceFault.decode(body) } catch { throw .decoding(error, context: "the ServiceFault answering \(name)") }
            throw .status(fault.responseHeader.serviceResult, name)
        }
        guard typeId == Response.binaryEncodingId else {
            throw .protocolViolation("\(name) was answered with a message of type \(typeId), expected \(Response.binaryEncodingId)")
        }
        let response: Response
        do { response = try Response.decode(body) } catch { throw .decoding(error, context: "the \(name) response") }
        if response.responseHeader.serviceResult.isBad { throw .status(response.responseHeader.serviceResult, name) }
        return response
    }

    private func exchange<Request: UARequest>(_ request: Request, type: UATCPMessageType, timeout: Duration?) async throws -> (NodeId, [UInt8]) {
        if let closedReason { throw closedReason }
        let requestId = nextRequestId
        nextRequestId = nextRequestId == UInt32.max ? 1 : nextRequestId + 1
        var request = request
        request.requestHeader.requestHandle = requestId
        var writer = UABinaryWriter()
        writer.write(Request.binaryEncodingId)
        request.encode(to: &writer)
        let body = writer.bytes
        let header: SecurityHeader =
            type == .openSecureChannel
            ? .asymmetric(policyURI: security.policyURI, senderCertificate: security.senderCertificate, receiverThumbprint: security.receiverThumbprint)
            : .symmetric(tokenId: token?.tokenId ?? 0)
        let protection: any ChunkSecurity = type == .openSecureChannel ? security.asymmetric : sending
        let chunks = try ChunkCodec.encode(
            type, channelId: channelId, securityHeader: header, requestId: requestId, body: body, security: protection, limits: limits,
            nextSequenceNumber: &nextSequenceNumber)
        return try await withCheckedThrowingContinuation { continuation in
            let timer: Task<Void, Never>? = timeout.map { timeout in
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { await self?.expire(requestId) }
                }
            }
            pending[requestId] = Pending(continuation: continuation, what: "\(Request.self)", timeout: timer)
            statistics.messagesSent += 1
            statistics.chunksSent += chunks.count
            for chunk in chunks { channel.write(chunk, promise: nil) }
            channel.flush()
        }
    }

    private func expire(_ requestId: UInt32) {
        guard let request = pending.removeValue(forKey: requestId) else { return }
        request.continuation.resume(throwing: OPCUAError.timeout("no response to \(request.what) from \(endpoint)"))
    }

    // MARK: Handshake and token

    private func handshake(endpointURL: String, limits ours: TransportLimits, timeout: Duration) async throws {
        let hello = UATCPHello(limits: ours, endpointURL: endpointURL)
        let acknowledge = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<UATCPAcknowledge, any Error>) in
            acknowledgeWaiter = continuation
            channel.writeAndFlush(hello.frame(), promise: nil)
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.failHandshake(.timeout("no Acknowledge from \(self?.endpoint.description ?? "") after Hello"))
            }
        }
        limits = try ours.negotiated(with: acknowledge)
        assembler = MessageAssembler(maxMessageSize: limits.receiveMaxMessageSize, maxChunkCount: limits.receiveMaxChunkCount)
    }

    private func failHandshake(_ error: OPCUAError) {
        acknowledgeWaiter?.resume(throwing: error)
        acknowledgeWaiter = nil
    }

    /// Issues or renews the security token; on renewal the new token protects what is sent
    /// from the response on, and the old one stays valid for what is received.
    private func openSecureChannel(_ type: SecurityTokenRequestType, timeout: Duration) async throws {
        let clientNonce = security.makeNonce()
        let request = OpenSecureChannelRequest(
            requestType: type, securityMode: security.mode, clientNonce: clientNonce ?? [], requestedLifetime: requestedLifetime)
        let (typeId, body) = try await exchange(request, type: .openSecureChannel, timeout: timeout)
        if let closedReason { throw closedReason }
        let response = try Self.decodeResponse(OpenSecureChannelResponse.self, typeId: typeId, body: body, service: "OpenSecureChannel")
        if type == .renew && response.securityToken.channelId != channelId {
            throw OPCUAError.status(.badSecureChannelIdInvalid, "the renewed token is for channel \(response.securityToken.channelId), not \(channelId)")
        }
        let serverNonce = response.serverNonce ?? []
        if security.serverNonceLength > 0 && serverNonce.count != security.serverNonceLength {
            throw OPCUAError.security("server nonce of \(serverNonce.count) bytes, the policy needs \(security.serverNonceLength) (BadNonceInvalid)")
        }
        let protection = try security.makeSymmetric(clientNonce ?? [], serverNonce)
        if type == .issue { channelId = response.securityToken.channelId }
        token = response.securityToken
        sending = protection
        receiving[response.securityToken.tokenId] = protection
        tokenOrder.removeAll { $0 == response.securityToken.tokenId }
        tokenOrder.append(response.securityToken.tokenId)
        // The previous token stays valid for what the server sent before it switched; older ones go.
        while tokenOrder.count > 2 { receiving[tokenOrder.removeFirst()] = nil }
        if type == .renew { renewals += 1 }
        scheduleRenewal(after: response.securityToken.revisedLifetime)
    }

    private func scheduleRenewal(after lifetimeMilliseconds: UInt32) {
        renewal?.cancel()
        // A server revising the lifetime to 0 must not make the client renew in a tight loop.
        let delay = Duration.milliseconds(max(1_000, Int64(Double(lifetimeMilliseconds) * 0.75)))
        renewal = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled, let self else { return }
            do {
                try await self.openSecureChannel(.renew, timeout: .seconds(10))
            } catch {
                await self.abort(.connectionClosed("renewing the security token failed: \(error)"))
            }
        }
    }

    // MARK: Receiving

    private func handle(_ event: ConnectionEvent) {
        switch event {
        case .frame(let frame):
            do {
                try receive(frame)
            } catch {
                abort(error)
                channel.close(promise: nil)
            }
        case .failed(let error):
            abort(error as? OPCUAError ?? .connectionClosed("\(error)"))
        case .closed:
            abort(.connectionClosed("the server closed the connection"))
        }
    }

    private func receive(_ frame: UATCPFrame) throws(OPCUAError) {
        switch frame.messageType {
        case .acknowledge:
            var reader = UABinaryReader(buffer: frame.bytes)
            do {
                _ = try reader.readBytes(UATCPFrame.headerSize)
                let acknowledge = try UATCPAcknowledge(body: &reader)
                guard let waiter = acknowledgeWaiter else { throw OPCUAError.protocolViolation("an Acknowledge nobody asked for") }
                acknowledgeWaiter = nil
                waiter.resume(returning: acknowledge)
            } catch let error as UADecodingError {
                throw .decoding(error, context: "the Acknowledge")
            } catch {
                throw error as? OPCUAError ?? .protocolViolation("\(error)")
            }
        case .error:
            var reader = UABinaryReader(buffer: frame.bytes)
            let message: UATCPErrorMessage
            do {
                _ = try reader.readBytes(UATCPFrame.headerSize)
                message = try UATCPErrorMessage(body: &reader)
            } catch {
                throw .decoding(error, context: "an ERR message")
            }
            let error = OPCUAError.status(message.status, "the server ended the connection" + (message.reason.map { " (\($0))" } ?? ""))
            failHandshake(error)
            throw error
        case .openSecureChannel, .message, .closeSecureChannel:
            let protection: any ChunkSecurity
            if frame.messageType == .openSecureChannel {
                protection = security.asymmetric
            } else {
                let (_, header, _) = try ChunkCodec.readHeaders(frame)
                guard case .symmetric(let tokenId) = header, let known = receiving[tokenId] else {
                    throw .status(.badSecureChannelTokenUnknown, "a message came with a security token the channel does not know")
                }
                protection = known
            }
            let chunk = try ChunkCodec.decode(frame, security: protection)
            if channelId != 0 && chunk.channelId != channelId {
                throw .status(.badSecureChannelIdInvalid, "a chunk for channel \(chunk.channelId) arrived on channel \(channelId)")
            }
            try checkSequence(chunk.sequenceNumber)
            statistics.chunksReceived += 1
            switch try assembler.add(chunk) {
            case .incomplete: break
            case .aborted(let requestId, let status, let reason):
                if let request = pending.removeValue(forKey: requestId) {
                    request.timeout?.cancel()
                    request.continuation.resume(throwing: OPCUAError.status(status, "the server aborted the response to \(request.what)" + (reason.map { ": \($0)" } ?? "")))
                }
            case .complete(let requestId, _, let body):
                statistics.messagesReceived += 1
                try deliver(requestId: requestId, body: body)
            }
        case .hello, .reverseHello:
            throw .protocolViolation("the server sent a \(frame.messageType.rawValue) message")
        }
    }

    /// Sequence numbers rise by one per chunk, wrapping only near UInt32.max (OPC 10000-6 §6.7.2.4).
    private func checkSequence(_ number: UInt32) throws(OPCUAError) {
        defer { lastReceivedSequenceNumber = number }
        guard let last = lastReceivedSequenceNumber else { return }
        if last <= UInt32.max - 1024 && number == last + 1 { return }
        if last >= UInt32.max - 1024 && number < 1024 { return }
        throw .status(.badSequenceNumberInvalid, "chunk sequence number \(number) follows \(last)")
    }

    private func deliver(requestId: UInt32, body: [UInt8]) throws(OPCUAError) {
        guard let request = pending.removeValue(forKey: requestId) else {
            logger.debug("response to request \(requestId), which timed out or was never sent")
            return
        }
        request.timeout?.cancel()
        var reader = UABinaryReader(bytes: body)
        do {
            let typeId = try reader.read(NodeId.self)
            request.continuation.resume(returning: (typeId, Array(body[reader.offset...])))
        } catch {
            request.continuation.resume(throwing: OPCUAError.decoding(error, context: "the type of the response to \(request.what)"))
        }
    }

    // MARK: Closing

    /// Sends CloseSecureChannel and closes the connection.
    public func close() async {
        guard closedReason == nil else { return }
        var writer = UABinaryWriter()
        writer.write(CloseSecureChannelRequest.binaryEncodingId)
        CloseSecureChannelRequest().encode(to: &writer)
        if let chunks = try? ChunkCodec.encode(
            .closeSecureChannel, channelId: channelId, securityHeader: .symmetric(tokenId: token?.tokenId ?? 0), requestId: nextRequestId,
            body: writer.bytes, security: sending, limits: limits, nextSequenceNumber: &nextSequenceNumber)
        {
            for chunk in chunks { channel.write(chunk, promise: nil) }
            channel.flush()
        }
        abort(.connectionClosed("closed by the client"))
        try? await channel.close()
    }

    /// Ends the channel: every waiting request fails with `reason`.
    func abort(_ reason: OPCUAError) {
        guard closedReason == nil else { return }
        closedReason = reason
        renewal?.cancel()
        failHandshake(reason)
        let waiting = pending
        pending = [:]
        for request in waiting.values {
            request.timeout?.cancel()
            request.continuation.resume(throwing: reason)
        }
        for waiter in closeWaiters { waiter.resume(returning: reason) }
        closeWaiters = []
        channel.close(promise: nil)
    }

    private func abort(_ error: any Error) {
        abort(error as? OPCUAError ?? .connectionClosed("\(error)"))
    }

    /// Returns when the channel has ended, with the reason.
    public func waitUntilClosed() async -> OPCUAError {
        if let closedReason { return closedReason }
        return await withCheckedContinuation { closeWaiters.append($0) }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
