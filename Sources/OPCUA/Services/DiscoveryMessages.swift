// Discovery service set (OPC 10000-4 §5.4): GetEndpoints and the descriptions it returns.
/// Field order is the binary encoding's (OPC 10000-6, the structures' order in the NodeSet).

/// What kind of OPC UA application a description is of (OPC 10000-4 §7.2).
public enum ApplicationType: UInt32, UAEnumeration, CaseIterable {
    case server = 0, client = 1, clientAndServer = 2, discoveryServer = 3
    public static let typeName = "ApplicationType"
}

/// The kind of identity a user token policy accepts (OPC 10000-4 §7.42).
public enum UserTokenType: UInt32, UAEnumeration, CaseIterable {
    case anonymous = 0, userName = 1, certificate = 2, issuedToken = 3
    public static let typeName = "UserTokenType"
}

/// Describes a client or server application (OPC 10000-4 §7.2).
public struct ApplicationDescription: UABinaryCodable, Sendable, Hashable {
    public var applicationUri: String?
    public var productUri: String?
    public var applicationName: LocalizedText
    public var applicationType: ApplicationType
    public var gatewayServerUri: String?
    public var discoveryProfileUri: String?
    public var discoveryUrls: [String]

    public init(
        applicationUri: String? = nil, productUri: String? = nil, applicationName: LocalizedText = LocalizedText(nil),
        applicationType: ApplicationType = .client, gatewayServerUri: String? = nil, discoveryProfileUri: String? = nil,
        discoveryUrls: [String] = []
    ) {
        self.applicationUri = applicationUri
        self.productUri = productUri
        self.applicationName = applicationName
        self.applicationType = applicationType
        self.gatewayServerUri = gatewayServerUri
        self.discoveryProfileUri = discoveryProfileUri
        self.discoveryUrls = discoveryUrls
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(applicationUri)
        writer.write(productUri)
        writer.write(applicationName)
        writer.write(applicationType)
        writer.write(gatewayServerUri)
        writer.write(discoveryProfileUri)
        writer.writeStrings(discoveryUrls)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        applicationUri = try reader.readString()
        productUri = try reader.readString()
        applicationName = try reader.read()
        applicationType = try reader.read()
        gatewayServerUri = try reader.readString()
        discoveryProfileUri = try reader.readString()
        discoveryUrls = try reader.readStrings() ?? []
    }
}

/// A kind of user identity token an endpoint accepts, and how to secure it (OPC 10000-4 §7.42).
public struct UserTokenPolicy: UABinaryCodable, Sendable, Hashable {
    public var policyId: String?
    public var tokenType: UserTokenType
    public var issuedTokenType: String?
    public var issuerEndpointUrl: String?
    /// The policy that secures the token (nil or empty: the channel's policy).
    public var securityPolicyUri: String?

    public init(
        policyId: String? = nil, tokenType: UserTokenType = .anonymous, issuedTokenType: String? = nil, issuerEndpointUrl: String? = nil,
        securityPolicyUri: String? = nil
    ) {
        self.policyId = policyId
        self.tokenType = tokenType
        self.issuedTokenType = issuedTokenType
        self.issuerEndpointUrl = issuerEndpointUrl
        self.securityPolicyUri = securityPolicyUri
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(policyId)
        writer.write(tokenType)
        writer.write(issuedTokenType)
        writer.write(issuerEndpointUrl)
        writer.write(securityPolicyUri)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        policyId = try reader.readString()
        tokenType = try reader.read()
        issuedTokenType = try reader.readString()
        issuerEndpointUrl = try reader.readString()
        securityPolicyUri = try reader.readString()
    }
}

/// An endpoint of a server: its URL, security mode and policy, certificate and accepted user tokens (OPC 10000-4 §7.14).
public struct EndpointDescription: UABinaryCodable, Sendable, Hashable {
    public var endpointUrl: String?
    public var server: ApplicationDescription
    /// DER-encoded application instance certificate.
    public var serverCertificate: [UInt8]?
    public var securityMode: MessageSecurityMode
    public var securityPolicyUri: String?
    public var userIdentityTokens: [UserTokenPolicy]
    public var transportProfileUri: String?
    /// Relative security of this endpoint among the server's; higher is more secure.
    public var securityLevel: UInt8

    public init(
        endpointUrl: String? = nil, server: ApplicationDescription = ApplicationDescription(), serverCertificate: [UInt8]? = nil,
        securityMode: MessageSecurityMode = .none, securityPolicyUri: String? = nil, userIdentityTokens: [UserTokenPolicy] = [],
        transportProfileUri: String? = nil, securityLevel: UInt8 = 0
    ) {
        self.endpointUrl = endpointUrl
        self.server = server
        self.serverCertificate = serverCertificate
        self.securityMode = securityMode
        self.securityPolicyUri = securityPolicyUri
        self.userIdentityTokens = userIdentityTokens
        self.transportProfileUri = transportProfileUri
        self.securityLevel = securityLevel
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(endpointUrl)
        writer.write(server)
        writer.writeByteString(serverCertificate)
        writer.write(securityMode)
        writer.write(securityPolicyUri)
        writer.writeArray(userIdentityTokens)
        writer.write(transportProfileUri)
        writer.write(securityLevel)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        endpointUrl = try reader.readString()
        server = try reader.read()
        serverCertificate = try reader.readByteString()
        securityMode = try reader.read()
        securityPolicyUri = try reader.readString()
        userIdentityTokens = try reader.readArray(UserTokenPolicy.self) ?? []
        transportProfileUri = try reader.readString()
        securityLevel = try reader.read()
    }
}

/// Asks a server for its endpoints (OPC 10000-4 §5.4.4).
public struct GetEndpointsRequest: UARequest, Hashable {
    public typealias Response = GetEndpointsResponse
    public static let binaryEncodingId = NodeId.numeric(428)
    public var requestHeader: RequestHeader
    public var endpointUrl: String?
    public var localeIds: [String]
    public var profileUris: [String]

    public init(
        requestHeader: RequestHeader = RequestHeader(), endpointUrl: String? = nil, localeIds: [String] = [], profileUris: [String] = []
    ) {
        self.requestHeader = requestHeader
        self.endpointUrl = endpointUrl
        self.localeIds = localeIds
        self.profileUris = profileUris
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(requestHeader)
        writer.write(endpointUrl)
        writer.writeStrings(localeIds)
        writer.writeStrings(profileUris)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        requestHeader = try reader.read()
        endpointUrl = try reader.readString()
        localeIds = try reader.readStrings() ?? []
        profileUris = try reader.readStrings() ?? []
    }
}

public struct GetEndpointsResponse: UAResponse, Hashable {
    public static let binaryEncodingId = NodeId.numeric(431)
    public var responseHeader: ResponseHeader
    public var endpoints: [EndpointDescription]

    public init(responseHeader: ResponseHeader = ResponseHeader(), endpoints: [EndpointDescription] = []) {
        self.responseHeader = responseHeader
        self.endpoints = endpoints
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(responseHeader)
        writer.writeArray(endpoints)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        responseHeader = try reader.read()
        endpoints = try reader.readArray(EndpointDescription.self) ?? []
    }
}
