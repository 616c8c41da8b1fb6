import Foundation

/// Subscriptions: created with their monitored items, fed by several outstanding Publish
/// requests, gaps in sequence numbers filled by Republish, and recreated after a reconnection
/// when the server lost the session.
extension OPCUAClient {
    /// Monitors the Value of `nodes`, reported at most every `publishingInterval`.
    public func subscribe(
        to nodes: [NodeId], publishingInterval: Duration = .milliseconds(100), samplingInterval: Duration = .milliseconds(50), queueSize: UInt32 = 10
    ) async throws -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: MonitoredValue.self)
        var items: [UInt32: MonitoredItemSpec] = [:]
        for node in nodes {
            let handle = nextClientHandle
            nextClientHandle &+= 1
            items[handle] = MonitoredItemSpec(clientHandle: handle, nodeId: node, samplingInterval: Double(samplingInterval.milliseconds), queueSize: queueSize)
        }
        let key = nextSubscriptionKey
        nextSubscriptionKey += 1
        let interval = Double(publishingInterval.milliseconds)
        let serverId = try await createServerSubscription(publishingInterval: interval)
        var record = SubscriptionRecord(key: key, serverId: serverId, publishingInterval: interval, items: items, continuation: continuation)
        let refused = try await createItems(Array(items.values), in: serverId)
        for (handle, status) in refused {
            guard let item = record.items[handle] else { continue }
            continuation.yield(MonitoredValue(nodeId: item.nodeId, value: DataValue(status: status)))
        }
        record.statistics.valuesDelivered += refused.count
        subscriptions[key] = record
        startPublishing()
        var refusedNodes: [NodeId: StatusCode] = [:]
        for (handle, status) in refused { if let node = items[handle]?.nodeId { refusedNodes[node] = status } }
        return Subscription(key: key, nodes: nodes, values: stream, refused: refusedNodes)
    }

    /// Deletes the subscription on the server and ends its value stream.
    public func unsubscribe(_ subscription: Subscription) async {
        guard let record = subscriptions.removeValue(forKey: subscription.key) else { return }
        record.continuation.finish()
        do {
            _ = try await call(DeleteSubscriptionsRequest(subscriptionIds: [record.serverId]))
        } catch {
            // The server drops it with the session anyway; say so rather than pass over it.
            logger.notice("subscription \(record.serverId) not deleted on the server: \(error)")
        }
    }

    public func statistics(of subscription: Subscription) -> SubscriptionStatistics? {
        subscriptions[subscription.key]?.statistics
    }

    private func createServerSubscription(publishingInterval: Double) async throws -> UInt32 {
        let response = try await call(
            CreateSubscriptionRequest(
                requestedPublishingInterval: publishingInterval, requestedLifetimeCount: 600, requestedMaxKeepAliveCount: 20,
                maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 0))
        return response.subscriptionId
    }

    /// Creates monitored items in batches; returns the handles the server refused, with why.
    private func createItems(_ items: [MonitoredItemSpec], in subscriptionId: UInt32) async throws -> [UInt32: StatusCode] {
        var refused: [UInt32: StatusCode] = [:]
        let sorted = items.sorted { $0.clientHandle < $1.clientHandle }
        for start in stride(from: 0, to: sorted.count, by: 1000) {
            let batch = Array(sorted[start..<min(sorted.count, start + 1000)])
            let requests = batch.map {
                MonitoredItemCreateRequest(
                    itemToMonitor: ReadValueId(nodeId: $0.nodeId, attributeId: .value), monitoringMode: .reporting,
                    requestedParameters: MonitoringParameters(
                        clientHandle: $0.clientHandle, samplingInterval: $0.samplingInterval, filter: .null, queueSize: $0.queueSize, discardOldest: true))
            }
            let response = try await call(CreateMonitoredItemsRequest(subscriptionId: subscriptionId, timestampsToReturn: .both, itemsToCreate: requests))
            guard response.results.count == batch.count else {
                throw OPCUAError.protocolViolation("CreateMonitoredItems for \(batch.count) items returned \(response.results.count) results")
            }
            for (item, result) in zip(batch, response.results) where result.statusCode.isBad {
                refused[item.clientHandle] = result.statusCode
            }
        }
        return refused
    }

    /// After a reconnection: a reactivated session still has its subscriptions; a new one
    /// gets them created again, with the same client handles.
    func restoreSubscriptions() async throws {
        let records = Array(subscriptions.values)
        guard !records.isEmpty else { return }
        let probe = try await call(SetPublishingModeRequest(publishingEnabled: true, subscriptionIds: records.map(\.serverId)))
        guard probe.results.count == records.count else {
            throw OPCUAError.protocolViolation("SetPublishingMode for \(records.count) subscriptions returned \(probe.results.count) results")
        }
        for (record, status) in zip(records, probe.results) where status.isBad {
            guard subscriptions[record.key] != nil else { continue }  // unsubscribed meanwhile
            let serverId = try await createServerSubscription(publishingInterval: record.publishingInterval)
            _ = try await createItems(Array(record.items.values), in: serverId)
            guard subscriptions[record.key] != nil else {
                _ = try? await call(DeleteSubscriptionsRequest(subscriptionIds: [serverId]))
                continue
            }
            subscriptions[record.key]?.serverId = serverId
            subscriptions[record.key]?.lastSequenceNumber = nil
            // Messages held from the old subscription mean nothing to the new one.
            subscriptions[record.key]?.waiting = [:]
            subscriptions[record.key]?.statistics.recreated += 1
        }
    }

    /// Keeps `outstandingPublishRequests` Publish requests at the server while there are subscriptions.
    func startPublishing() {
        guard !subscriptions.isEmpty, activePublishLoops == 0, state == .connected || state == .disconnected else { return }
        publishLoops = []
        for _ in 0..<max(1, configuration.outstandingPublishRequests) {
            activePublishLoops += 1
            publishLoops.append(Task { await self.publishLoop() })
        }
    }

    /// One of the outstanding Publish requests, renewed as each answer comes. It ends when the
    /// channel is gone (the supervisor starts publishing again after reconnecting) or there
    /// are no subscriptions; a refusal of one request only pauses it.
    private func publishLoop() async {
        defer { activePublishLoops -= 1 }
        while !Task.isCancelled, !subscriptions.isEmpty {
            let acknowledgements = pendingAcknowledgements
            pendingAcknowledgements = []
            let longestKeepAlive = subscriptions.values.map(\.publishingInterval).max() ?? 1000
            let timeout = Duration.milliseconds(Int64(max(30_000, longestKeepAlive * 20 * 3)))
            do {
                let response = try await call(PublishRequest(subscriptionAcknowledgements: acknowledgements), timeout: timeout)
                if droppedPublishResponses > 0 {
                    droppedPublishResponses -= 1
                    continue
                }
                handle(response)
            } catch let error as OPCUAError {
                pendingAcknowledgements += acknowledgements
                switch error {
                case .timeout:
                    continue
                case .connectionClosed:
                    // The channel is gone; the supervisor reconnects and restarts publishing.
                    return
                default:
                    if let channel, await channel.closedReason != nil { return }
                    logger.warning("Publish refused: \(error); trying again")
                    try? await Task.sleep(for: .milliseconds(250))
                }
            } catch {
                if let channel, await channel.closedReason != nil { return }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Delivers notification messages in sequence order. Responses to the several outstanding
    /// Publish requests may be handled out of order, so a message ahead of a gap waits briefly
    /// for the missing one; whatever is still missing then is fetched with Republish.
    private func handle(_ response: PublishResponse) {
        guard var record = subscriptions.values.first(where: { $0.serverId == response.subscriptionId }) else { return }
        let message = response.notificationMessage
        if message.notificationData.isEmpty {
            record.statistics.keepAlives += 1
            subscriptions[record.key] = record
            return
        }
        pendingAcknowledgements.append(SubscriptionAcknowledgement(subscriptionId: record.serverId, sequenceNumber: message.sequenceNumber))
        if let last = record.lastSequenceNumber, message.sequenceNumber <= last { return }
        record.waiting[message.sequenceNumber] = message
        drainInOrder(&record)
        subscriptions[record.key] = record
        if !record.waiting.isEmpty {
            let key = record.key
            Task {
                try? await Task.sleep(for: .milliseconds(250))
                await self.fillGaps(key)
            }
        }
    }

    /// Delivers waiting messages while they follow on from the last one delivered.
    private func drainInOrder(_ record: inout SubscriptionRecord) {
        while let next = record.lastSequenceNumber.map({ $0 &+ 1 }) ?? record.waiting.keys.min(), let message = record.waiting.removeValue(forKey: next) {
            deliver(message, to: &record)
            record.lastSequenceNumber = next
        }
    }

    /// Republishes the messages still missing before the waiting ones, one at a time, reading
    /// the record afresh after each answer (other responses are handled meanwhile).
    private func fillGaps(_ key: Int) async {
        while let record = subscriptions[key], let last = record.lastSequenceNumber, let first = record.waiting.keys.min(), first > last &+ 1 {
            let missing = last &+ 1
            do {
                let republished = try await call(RepublishRequest(subscriptionId: record.serverId, retransmitSequenceNumber: missing))
                guard var current = subscriptions[key] else { return }
                pendingAcknowledgements.append(SubscriptionAcknowledgement(subscriptionId: current.serverId, sequenceNumber: missing))
                if let delivered = current.lastSequenceNumber, missing <= delivered { continue }
                current.waiting[missing] = republished.notificationMessage
                current.statistics.republished += 1
                drainInOrder(&current)
                subscriptions[key] = current
            } catch let error as OPCUAError where error.statusCode == .badMessageNotAvailable {
                guard var current = subscriptions[key] else { return }
                current.statistics.lost += 1
                if current.lastSequenceNumber == last { current.lastSequenceNumber = missing }
                drainInOrder(&current)
                subscriptions[key] = current
            } catch {
                logger.warning("republishing message \(missing) of subscription \(record.serverId) failed: \(error)")
                return
            }
        }
    }

    private func deliver(_ message: NotificationMessage, to record: inout SubscriptionRecord) {
        record.statistics.notificationMessages += 1
        let notifications: [NotificationMessage.Notification]
        do {
            notifications = try message.decodedNotifications()
        } catch {
            logger.error("notification message \(message.sequenceNumber) cannot be decoded: \(error)")
            return
        }
        for notification in notifications {
            switch notification {
            case .dataChange(let change):
                for item in change.monitoredItems {
                    guard let spec = record.items[item.clientHandle] else { continue }
                    record.continuation.yield(MonitoredValue(nodeId: spec.nodeId, value: item.value))
                    record.statistics.valuesDelivered += 1
                }
            case .statusChange(let change):
                logger.warning("subscription \(record.serverId) status changed: \(change.status)")
            case .events, .other:
                break
            }
        }
    }

    /// Test hook: drops the next `count` Publish responses as if lost on the way, so that the
    /// gap in sequence numbers must be filled by Republish.
    public func dropPublishResponses(_ count: Int) {
        droppedPublishResponses += count
    }
}
