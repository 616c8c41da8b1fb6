import Foundation

/// The attribute, view and method services, each returning per-node results: a Bad status on
/// one node is that node's result, not an error for the whole call.
extension OPCUAClient {
    /// Reads attributes; each DataValue carries its own status (BadNodeIdUnknown for a node the
    /// server lacks).
    public func read(_ nodes: [ReadValueId], maxAge: Double = 0) async throws -> [DataValue] {
        let response = try await call(ReadRequest(maxAge: maxAge, timestampsToReturn: .both, nodesToRead: nodes))
        guard response.results.count == nodes.count else {
            throw OPCUAError.protocolViolation("Read of \(nodes.count) nodes returned \(response.results.count) results")
        }
        return response.results
    }

    /// Reads the Value attribute of each node.
    public func readValues(_ nodes: [NodeId]) async throws -> [DataValue] {
        try await read(nodes.map { ReadValueId(nodeId: $0, attributeId: .value) })
    }

    /// Writes values; one status per node.
    public func write(_ values: [WriteValue]) async throws -> [StatusCode] {
        let response = try await call(WriteRequest(nodesToWrite: values))
        guard response.results.count == values.count else {
            throw OPCUAError.protocolViolation("Write of \(values.count) values returned \(response.results.count) results")
        }
        return response.results
    }

    /// Writes one Value attribute and throws when the server refuses it.
    public func writeValue(_ node: NodeId, _ value: Variant) async throws {
        let status = try await write([WriteValue(nodeId: node, value: DataValue(value: value))])[0]
        if status.isBad { throw OPCUAError.status(status, "Write to \(node)") }
    }

    /// Every reference of `node` in `direction`, following continuation points to the end.
    public func browse(
        _ node: NodeId, direction: BrowseDirection = .forward, referenceType: NodeId = .numeric(33), includeSubtypes: Bool = true,
        maxReferencesPerRequest: UInt32 = 1000
    ) async throws -> [ReferenceDescription] {
        let description = BrowseDescription(
            nodeId: node, browseDirection: direction, referenceTypeId: referenceType, includeSubtypes: includeSubtypes,
            nodeClassMask: NodeClassMask(rawValue: 0), resultMask: BrowseResultMask(rawValue: 0x3F))
        let response = try await call(BrowseRequest(requestedMaxReferencesPerNode: maxReferencesPerRequest, nodesToBrowse: [description]))
        guard var result = response.results.first else { throw OPCUAError.protocolViolation("Browse returned no result") }
        if result.statusCode.isBad { throw OPCUAError.status(result.statusCode, "Browse of \(node)") }
        var references = result.references
        var pages = 1
        while let point = result.continuationPoint, !point.isEmpty {
            pages += 1
            guard pages <= 10_000 else { throw OPCUAError.protocolViolation("Browse of \(node) did not end after 10,000 pages") }
            let next = try await call(BrowseNextRequest(releaseContinuationPoints: false, continuationPoints: [point]))
            guard let page = next.results.first else { throw OPCUAError.protocolViolation("BrowseNext returned no result") }
            if page.statusCode.isBad { throw OPCUAError.status(page.statusCode, "BrowseNext of \(node)") }
            references += page.references
            result = page
        }
        return references
    }

    /// The node at `path` (browse names, each `ns:Name` or `Name`) from `start`, following
    /// hierarchical references.
    public func translate(_ path: [QualifiedName], from start: NodeId = .numeric(85)) async throws -> NodeId {
        let elements = path.map {
            RelativePathElement(referenceTypeId: .numeric(33), isInverse: false, includeSubtypes: true, targetName: $0)
        }
        let request = TranslateBrowsePathsToNodeIdsRequest(browsePaths: [BrowsePath(startingNode: start, relativePath: RelativePath(elements: elements))])
        let response = try await call(request)
        let text = path.map(\.description).joined(separator: "/")
        guard let result = response.results.first else { throw OPCUAError.protocolViolation("TranslateBrowsePathsToNodeIds returned no result") }
        if result.statusCode.isBad { throw OPCUAError.status(result.statusCode, "browse path \(text)") }
        // Only a target that resolves the whole path, on this server, is the node asked for.
        guard let target = result.targets.first(where: { $0.remainingPathIndex == UInt32.max && $0.targetId.serverIndex == 0 }) else {
            throw OPCUAError.status(.badNoMatch, "browse path \(text)")
        }
        return try await resolve(target.targetId)
    }

    /// Calls `method` on `object`; throws when the call or an input argument is refused.
    public func callMethod(_ object: NodeId, _ method: NodeId, arguments: [Variant] = []) async throws -> [Variant] {
        let response = try await call(CallRequest(methodsToCall: [CallMethodRequest(objectId: object, methodId: method, inputArguments: arguments)]))
        guard let result = response.results.first else { throw OPCUAError.protocolViolation("Call returned no result") }
        if result.statusCode.isBad {
            let argumentErrors = result.inputArgumentResults.enumerated().filter { $0.element.isBad }.map { "argument \($0.offset + 1): \($0.element)" }
            throw OPCUAError.status(result.statusCode, "Call of \(method) on \(object)" + (argumentErrors.isEmpty ? "" : " (\(argumentErrors.joined(separator: ", ")))"))
        }
        return result.outputArguments
    }
}
