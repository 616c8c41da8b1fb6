// View service set (OPC 10000-4 §5.8): Browse, BrowseNext, TranslateBrowsePathsToNodeIds.
import Foundation

/// Which references to follow (OPC 10000-4 §7.5).
public enum BrowseDirection: UInt32, UAEnumeration, CaseIterable {
    case forward = 0, inverse = 1, both = 2, invalid = 3
    public static let typeName = "BrowseDirection"
}

/// The class of a node; the values are single bits so a mask can select several (OPC 10000-3 §8.29).
public enum NodeClass: UInt32, UAEnumeration, CaseIterable {
    case unspecified = 0, object = 1, variable = 2, method = 4, objectType = 8, variableType = 16, referenceType = 32, dataType = 64, view = 128
    public static let typeName = "NodeClass"
}

/// The view to browse; the null view id means the whole address space (OPC 10000-4 §7.45).
public struct ViewDescription: UABinaryCodable, Sendable, Hashable {
    public var viewId: NodeId
    public var timestamp: Date
    public var viewVersion: UInt32

    public init(viewId: NodeId = .null, timestamp: Date = .uaMinimum, viewVersion: UInt32 = 0) {
        self.viewId = viewId
        self.timestamp = timestamp
        self.viewVersion = viewVersion
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(viewId)
        writer.write(timestamp)
        writer.write(viewVersion)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        viewId = try reader.read()
        timestamp = try reader.read()
        viewVersion = try reader.read()
    }
}

/// One node to browse and which of its references to return (OPC 10000-4 §5.8.2).
public struct BrowseDescription: UABinaryCodable, Sendable, Hashable {
    public var nodeId: NodeId
    public var browseDirection: BrowseDirection
    /// HierarchicalReferences by default; null means all references.
    public var referenceTypeId: NodeId
    public var includeSubtypes: Bool
    public var nodeClassMask: NodeClassMask
    public var resultMask: BrowseResultMask

    public init(
        nodeId: NodeId, browseDirection: BrowseDirection = .forward, referenceTypeId: NodeId = .numeric(33), includeSubtypes: Bool = true,
        nodeClassMask: NodeClassMask = .all, resultMask: BrowseResultMask = .all
    ) {
        self.nodeId = nodeId
        self.browseDirection = browseDirection
        self.referenceTypeId = referenceTypeId
        self.includeSubtypes = includeSubtypes
        self.nodeClassMask = nodeClassMask
        self.resultMask = resultMask
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(nodeId)
        writer.write(browseDirection)
        writer.write(referenceTypeId)
        writer.write(includeSubtypes)
        writer.write(nodeClassMask)
        writer.write(resultMask)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        nodeId = try reader.read()
        browseDirection = try reader.read()
        referenceTypeId = try reader.read()
        includeSubtypes = try reader.read()
        nodeClassMask = try reader.read()
        resultMask = try reader.read()
    }
}

/// A reference found by Browse (OPC 10000-4 §7.30).
public struct ReferenceDescription: UABinaryCodable, Sendable, Hashable {
    public var referenceTypeId: NodeId
    public var isForward: Bool
    public var nodeId: ExpandedNodeId
    public var browseName: QualifiedName
    public var displayName: LocalizedText
    public var nodeClass: NodeClass
    public var typeDefinition: ExpandedNodeId

    public init(
        referenceTypeId: NodeId = .null, isForward: Bool = true, nodeId: ExpandedNodeId = ExpandedNodeId(.null),
        browseName: QualifiedName = QualifiedName(nil), displayName: LocalizedText = LocalizedText(nil),
        nodeClass: NodeClass = .unspecified, typeDefinition: ExpandedNodeId = ExpandedNodeId(.null)
    ) {
        self.referenceTypeId = referenceTypeId
        self.isForward = isForward
        self.nodeId = nodeId
        self.browseName = browseName
        self.displayName = displayName
        self.nodeClass = nodeClass
        self.typeDefinition = typeDefinition
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(referenceTypeId)
        writer.write(isForward)
        writer.write(nodeId)
        writer.write(browseName)
        writer.write(displayName)
        writer.write(nodeClass)
        writer.write(typeDefinition)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        referenceTypeId = try reader.read()
        isForward = try reader.read()
        nodeId = try reader.read()
        browseName = try reader.read()
        displayName = try reader.read()
        nodeClass = try reader.read()
        typeDefinition = try reader.read()
    }
}

/// The references of one browsed node, and a continuation point when there are more (OPC 10000-4 §7.6).
public struct BrowseResult: UABinaryCodable, Sendable, Hashable {
    public var statusCode: StatusCode
    public var continuationPoint: [UInt8]?
    public var references: [ReferenceDescription]

    public init(statusCode: StatusCode = .good, continuationPoint: [UInt8]? = nil, references: [ReferenceDescription] = []) {
        self.statusCode = statusCode
        self.continuationPoint = continuationPoint
        self.references = references
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(statusCode)
        writer.writeByteString(continuationPoint)
        writer.writeArray(references)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        statusCode = try reader.read()
        continuationPoint = try reader.readByteString()
        references = try reader.readArray(ReferenceDescription.self) ?? []
    }
}

/// Lists the references of nodes (OPC 10000-4 §5.8.2).
public struct BrowseRequest: UARequest, Hashable {
    public typealias Response = BrowseResponse
    public static let binaryEncodingId = NodeId.numeric(527)
    public var requestHeader: RequestHeader
    public var view: ViewDescription
    /// 0 means no limit.
    public var requestedMaxReferencesPerNode: UInt32
    public var nodesToBrowse: [BrowseDescription]

    public init(
        requestHeader: RequestHeader = RequestHeader(), view: ViewDescription = ViewDescription(),
        requestedMaxReferencesPerNode: UInt32 = 0, nodesToBrowse: [BrowseDescription] = []
    ) {
        self.requestHeader = requestHeader
        self.view = view
        self.requestedMaxReferencesPerNode = requestedMaxReferencesPerNode
        self.nodesToBrowse = nodesToBrowse
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(view)
        writer.write(requestedMaxReferencesPerNode)
        writer.writeArray(nodesToBrowse)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        view = try reader.read()
        requestedMaxReferencesPerNode = try reader.read()
        nodesToBrowse = try reader.readArray(BrowseDescription.self) ?? []
    }
}

public struct BrowseResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(530)
    public var responseHeader: ResponseHeader
    public var results: [BrowseResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(responseHeader: ResponseHeader = ResponseHeader(), results: [BrowseResult] = [], diagnosticInfos: [DiagnosticInfo] = []) {
        self.responseHeader = responseHeader
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        results = try reader.readArray(BrowseResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// Continues (or releases) browses that returned continuation points (OPC 10000-4 §5.8.3).
public struct BrowseNextRequest: UARequest, Hashable {
    public typealias Response = BrowseNextResponse
    public static let binaryEncodingId = NodeId.numeric(533)
    public var requestHeader: RequestHeader
    public var releaseContinuationPoints: Bool
    public var continuationPoints: [[UInt8]]

    public init(
        requestHeader: RequestHeader = RequestHeader(), releaseContinuationPoints: Bool = false, continuationPoints: [[UInt8]] = []
    ) {
        self.requestHeader = requestHeader
        self.releaseContinuationPoints = releaseContinuationPoints
        self.continuationPoints = continuationPoints
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(releaseContinuationPoints)
        writer.writeByteStrings(continuationPoints)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        releaseContinuationPoints = try reader.read()
        continuationPoints = try reader.readByteStrings() ?? []
    }
}

public struct BrowseNextResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(536)
    public var responseHeader: ResponseHeader
    public var results: [BrowseResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(responseHeader: ResponseHeader = ResponseHeader(), results: [BrowseResult] = [], diagnosticInfos: [DiagnosticInfo] = []) {
        self.responseHeader = responseHeader
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        results = try reader.readArray(BrowseResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// One step of a relative path: follow a reference type to a target with this browse name (OPC 10000-4 §7.31).
public struct RelativePathElement: UABinaryCodable, Sendable, Hashable {
    public var referenceTypeId: NodeId
    public var isInverse: Bool
    public var includeSubtypes: Bool
    public var targetName: QualifiedName

    public init(referenceTypeId: NodeId = .numeric(33), isInverse: Bool = false, includeSubtypes: Bool = true, targetName: QualifiedName) {
        self.referenceTypeId = referenceTypeId
        self.isInverse = isInverse
        self.includeSubtypes = includeSubtypes
        self.targetName = targetName
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(referenceTypeId)
        writer.write(isInverse)
        writer.write(includeSubtypes)
        writer.write(targetName)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        referenceTypeId = try reader.read()
        isInverse = try reader.read()
        includeSubtypes = try reader.read()
        targetName = try reader.read()
    }
}

/// A sequence of steps from a starting node (OPC 10000-4 §7.31).
public struct RelativePath: UABinaryCodable, Sendable, Hashable {
    public var elements: [RelativePathElement]

    public init(elements: [RelativePathElement] = []) {
        self.elements = elements
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.writeArray(elements)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        elements = try reader.readArray(RelativePathElement.self) ?? []
    }
}

/// A starting node and a relative path from it (OPC 10000-4 §5.8.4).
public struct BrowsePath: UABinaryCodable, Sendable, Hashable {
    public var startingNode: NodeId
    public var relativePath: RelativePath

    public init(startingNode: NodeId, relativePath: RelativePath) {
        self.startingNode = startingNode
        self.relativePath = relativePath
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(startingNode)
        writer.write(relativePath)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        startingNode = try reader.read()
        relativePath = try reader.read()
    }
}

/// A node a browse path leads to (OPC 10000-4 §5.8.4).
public struct BrowsePathTarget: UABinaryCodable, Sendable, Hashable {
    public var targetId: ExpandedNodeId
    /// UInt32.max when the whole path was followed, otherwise the first element not processed (the target is in another server).
    public var remainingPathIndex: UInt32

    public init(targetId: ExpandedNodeId, remainingPathIndex: UInt32 = .max) {
        self.targetId = targetId
        self.remainingPathIndex = remainingPathIndex
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(targetId)
        writer.write(remainingPathIndex)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        targetId = try reader.read()
        remainingPathIndex = try reader.read()
    }
}

public struct BrowsePathResult: UABinaryCodable, Sendable, Hashable {
    public var statusCode: StatusCode
    public var targets: [BrowsePathTarget]

    public init(statusCode: StatusCode = .good, targets: [BrowsePathTarget] = []) {
        self.statusCode = statusCode
        self.targets = targets
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(statusCode)
        writer.writeArray(targets)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        statusCode = try reader.read()
        targets = try reader.readArray(BrowsePathTarget.self) ?? []
    }
}

/// Resolves browse paths to NodeIds (OPC 10000-4 §5.8.4).
public struct TranslateBrowsePathsToNodeIdsRequest: UARequest, Hashable {
    public typealias Response = TranslateBrowsePathsToNodeIdsResponse
    public static let binaryEncodingId = NodeId.numeric(554)
    public var requestHeader: RequestHeader
    public var browsePaths: [BrowsePath]

    public init(requestHeader: RequestHeader = RequestHeader(), browsePaths: [BrowsePath] = []) {
        self.requestHeader = requestHeader
        self.browsePaths = browsePaths
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.writeArray(browsePaths)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        browsePaths = try reader.readArray(BrowsePath.self) ?? []
    }
}

public struct TranslateBrowsePathsToNodeIdsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(557)
    public var responseHeader: ResponseHeader
    public var results: [BrowsePathResult]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), results: [BrowsePathResult] = [], diagnosticInfos: [DiagnosticInfo] = []
    ) {
        self.responseHeader = responseHeader
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        results = try reader.readArray(BrowsePathResult.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}
