// Session service set (OPC 10000-4 §5.6): CreateSession, ActivateSession, CloseSession.

/// A signature and the URI of the algorithm that made it (OPC 10000-4 §7.37).
public struct SignatureData: UABinaryCodable, Sendable, Hashable {
    public var algorithm: String?
    public var signature: [UInt8]?

    public init(algorithm: String? = nil, signature: [UInt8]? = nil) {
        self.algorithm = algorithm
        self.signature = signature
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(algorithm)
        writer.writeByteString(signature)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        algorithm = try reader.readString()
        signature = try reader.readByteString()
    }
}

/// Obsolete software certificate; servers send an empty list (OPC 10000-4 §7.38).
public struct SignedSoftwareCertificate: UABinaryCodable, Sendable, Hashable {
    public var certificateData: [UInt8]?
    public var signature: [UInt8]?

    public init(certificateData: [UInt8]? = nil, signature: [UInt8]? = nil) {
        self.certificateData = certificateData
        self.signature = signature
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.writeByteString(certificateData)
        writer.writeByteString(signature)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        certificateData = try reader.readByteString()
        signature = try reader.readByteString()
    }
}

/// Creates a session on the secure channel (OPC 10000-4 §5.6.2).
public struct CreateSessionRequest: UARequest, Hashable {
    public typealias Response = CreateSessionResponse
    public static let binaryEncodingId = NodeId.numeric(461)
    public var requestHeader: RequestHeader
    public var clientDescription: ApplicationDescription
    public var serverUri: String?
    public var endpointUrl: String?
    public var sessionName: String?
    public var clientNonce: [UInt8]?
    public var clientCertificate: [UInt8]?
    /// Milliseconds.
    public var requestedSessionTimeout: Double
    /// 0 means no limit.
    public var maxResponseMessageSize: UInt32

    public init(
        requestHeader: RequestHeader = RequestHeader(), clientDescription: ApplicationDescription = ApplicationDescription(),
        serverUri: String? = nil, endpointUrl: String? = nil, sessionName: String? = nil, clientNonce: [UInt8]? = nil,
        clientCertificate: [UInt8]? = nil, requestedSessionTimeout: Double = 60_000, maxResponseMessageSize: UInt32 = 0
    ) {
        self.requestHeader = requestHeader
        self.clientDescription = clientDescription
        self.serverUri = serverUri
        self.endpointUrl = endpointUrl
        self.sessionName = sessionName
        self.clientNonce = clientNonce
        self.clientCertificate = clientCertificate
        self.requestedSessionTimeout = requestedSessionTimeout
        self.maxResponseMessageSize = maxResponseMessageSize
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(clientDescription)
        writer.write(serverUri)
        writer.write(endpointUrl)
        writer.write(sessionName)
        writer.writeByteString(clientNonce)
        writer.writeByteString(clientCertificate)
        writer.write(requestedSessionTimeout)
        writer.write(maxResponseMessageSize)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        clientDescription = try reader.read()
        serverUri = try reader.readString()
        endpointUrl = try reader.readString()
        sessionName = try reader.readString()
        clientNonce = try reader.readByteString()
        clientCertificate = try reader.readByteString()
        requestedSessionTimeout = try reader.read()
        maxResponseMessageSize = try reader.read()
    }
}

public struct CreateSessionResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(464)
    public var responseHeader: ResponseHeader
    public var sessionId: NodeId
    /// Goes in every later request's header.
    public var authenticationToken: NodeId
    /// Milliseconds.
    public var revisedSessionTimeout: Double
    public var serverNonce: [UInt8]?
    public var serverCertificate: [UInt8]?
    public var serverEndpoints: [EndpointDescription]
    public var serverSoftwareCertificates: [SignedSoftwareCertificate]
    public var serverSignature: SignatureData
    public var maxRequestMessageSize: UInt32

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), sessionId: NodeId = .null, authenticationToken: NodeId = .null,
        revisedSessionTimeout: Double = 0, serverNonce: [UInt8]? = nil, serverCertificate: [UInt8]? = nil,
        serverEndpoints: [EndpointDescription] = [], serverSoftwareCertificates: [SignedSoftwareCertificate] = [],
        serverSignature: SignatureData = SignatureData(), maxRequestMessageSize: UInt32 = 0
    ) {
        self.responseHeader = responseHeader
        self.sessionId = sessionId
        self.authenticationToken = authenticationToken
        self.revisedSessionTimeout = revisedSessionTimeout
        self.serverNonce = serverNonce
        self.serverCertificate = serverCertificate
        self.serverEndpoints = serverEndpoints
        self.serverSoftwareCertificates = serverSoftwareCertificates
        self.serverSignature = serverSignature
        self.maxRequestMessageSize = maxRequestMessageSize
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.write(sessionId)
        writer.write(authenticationToken)
        writer.write(revisedSessionTimeout)
        writer.writeByteString(serverNonce)
        writer.writeByteString(serverCertificate)
        writer.writeArray(serverEndpoints)
        writer.writeArray(serverSoftwareCertificates)
        writer.write(serverSignature)
        writer.write(maxRequestMessageSize)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        sessionId = try reader.read()
        authenticationToken = try reader.read()
        revisedSessionTimeout = try reader.read()
        serverNonce = try reader.readByteString()
        serverCertificate = try reader.readByteString()
        serverEndpoints = try reader.readArray(EndpointDescription.self) ?? []
        serverSoftwareCertificates = try reader.readArray(SignedSoftwareCertificate.self) ?? []
        serverSignature = try reader.read()
        maxRequestMessageSize = try reader.read()
    }
}

/// Activates a session with a user identity (OPC 10000-4 §5.6.3).
public struct ActivateSessionRequest: UARequest, Hashable {
    public typealias Response = ActivateSessionResponse
    public static let binaryEncodingId = NodeId.numeric(467)
    public var requestHeader: RequestHeader
    public var clientSignature: SignatureData
    public var clientSoftwareCertificates: [SignedSoftwareCertificate]
    public var localeIds: [String]
    /// An AnonymousIdentityToken, UserNameIdentityToken or X509IdentityToken.
    public var userIdentityToken: ExtensionObject
    public var userTokenSignature: SignatureData

    public init(
        requestHeader: RequestHeader = RequestHeader(), clientSignature: SignatureData = SignatureData(),
        clientSoftwareCertificates: [SignedSoftwareCertificate] = [], localeIds: [String] = [], userIdentityToken: ExtensionObject = .null,
        userTokenSignature: SignatureData = SignatureData()
    ) {
        self.requestHeader = requestHeader
        self.clientSignature = clientSignature
        self.clientSoftwareCertificates = clientSoftwareCertificates
        self.localeIds = localeIds
        self.userIdentityToken = userIdentityToken
        self.userTokenSignature = userTokenSignature
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(clientSignature)
        writer.writeArray(clientSoftwareCertificates)
        writer.writeStrings(localeIds)
        writer.write(userIdentityToken)
        writer.write(userTokenSignature)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        clientSignature = try reader.read()
        clientSoftwareCertificates = try reader.readArray(SignedSoftwareCertificate.self) ?? []
        localeIds = try reader.readStrings() ?? []
        userIdentityToken = try reader.read()
        userTokenSignature = try reader.read()
    }
}

public struct ActivateSessionResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(470)
    public var responseHeader: ResponseHeader
    public var serverNonce: [UInt8]?
    public var results: [StatusCode]
    public var diagnosticInfos: [DiagnosticInfo]

    public init(
        responseHeader: ResponseHeader = ResponseHeader(), serverNonce: [UInt8]? = nil, results: [StatusCode] = [],
        diagnosticInfos: [DiagnosticInfo] = []
    ) {
        self.responseHeader = responseHeader
        self.serverNonce = serverNonce
        self.results = results
        self.diagnosticInfos = diagnosticInfos
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeByteString(serverNonce)
        writer.writeArray(results)
        writer.writeArray(diagnosticInfos)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        serverNonce = try reader.readByteString()
        results = try reader.readArray(StatusCode.self) ?? []
        diagnosticInfos = try reader.readArray(DiagnosticInfo.self) ?? []
    }
}

/// Closes the session, optionally deleting its subscriptions (OPC 10000-4 §5.6.4).
public struct CloseSessionRequest: UARequest, Hashable {
    public typealias Response = CloseSessionResponse
    public static let binaryEncodingId = NodeId.numeric(473)
    public var requestHeader: RequestHeader
    public var deleteSubscriptions: Bool

    public init(requestHeader: RequestHeader = RequestHeader(), deleteSubscriptions: Bool = true) {
        self.requestHeader = requestHeader
        self.deleteSubscriptions = deleteSubscriptions
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(deleteSubscriptions)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        deleteSubscriptions = try reader.read()
    }
}

public struct CloseSessionResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(476)
    public var responseHeader: ResponseHeader

    public init(responseHeader: ResponseHeader = ResponseHeader()) {
        self.responseHeader = responseHeader
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
    }
}
