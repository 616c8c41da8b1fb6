import Foundation

/// Everything a client needs to reach one server: where, how secured, as whom, and how hard
/// to try when the connection drops.
public struct OPCUAClientConfiguration: Sendable {
    public var endpointURL: String
    public var securityPolicy: SecurityPolicy
    public var securityMode: MessageSecurityMode
    public var identity: UserIdentity
    /// Our application instance certificate and key; needed for any policy but None.
    public var certificate: ApplicationCertificate?
    /// The server certificates we trust (for the channel, and for encrypting a password on an
    /// unsecured one); `.acceptAny` only for commissioning.
    public var trustList: TrustList
    /// Whether a password may travel readable by anyone on the wire (a token policy of None on
    /// a channel that is not encrypted); refused unless set.
    public var allowsUnencryptedPassword: Bool
    public var applicationURI: String
    public var applicationName: String
    public var sessionName: String
    public var sessionTimeout: Duration
    public var requestTimeout: Duration
    /// How often an idle connection is probed (a Read of the server's state); a probe that
    /// gets no answer within this time declares the connection dead.
    public var keepAliveInterval: Duration
    /// First wait before reconnecting; doubles per failed attempt up to `maximumReconnectDelay`.
    public var reconnectDelay: Duration
    public var maximumReconnectDelay: Duration
    /// Publish requests kept outstanding while subscriptions exist.
    public var outstandingPublishRequests: Int
    public var transportLimits: TransportLimits

    public init(
        endpointURL: String, securityPolicy: SecurityPolicy = .none, securityMode: MessageSecurityMode = .none, identity: UserIdentity = .anonymous,
        certificate: ApplicationCertificate? = nil, trustList: TrustList = .empty, allowsUnencryptedPassword: Bool = false,
        applicationURI: String = "urn:jetmes:opcua-client",
        applicationName: String = "JetMES", sessionName: String = "JetMES session", sessionTimeout: Duration = .seconds(120),
        requestTimeout: Duration = .seconds(10), keepAliveInterval: Duration = .seconds(5), reconnectDelay: Duration = .milliseconds(250),
        maximumReconnectDelay: Duration = .seconds(5), outstandingPublishRequests: Int = 3, transportLimits: TransportLimits = TransportLimits()
    ) {
        self.endpointURL = endpointURL
        self.securityPolicy = securityPolicy
        self.securityMode = securityPolicy == .none ? .none : securityMode
        self.identity = identity
        self.certificate = certificate
        self.trustList = trustList
        self.allowsUnencryptedPassword = allowsUnencryptedPassword
        self.applicationURI = applicationURI
        self.applicationName = applicationName
        self.sessionName = sessionName
        self.sessionTimeout = sessionTimeout
        self.requestTimeout = requestTimeout
        self.keepAliveInterval = keepAliveInterval
        self.reconnectDelay = reconnectDelay
        self.maximumReconnectDelay = maximumReconnectDelay
        self.outstandingPublishRequests = outstandingPublishRequests
        self.transportLimits = transportLimits
    }

    /// Parses the `--security` spelling: `None`, `Basic256Sha256:Sign`, `Basic256Sha256:SignAndEncrypt`.
    public static func parseSecurity(_ text: String) throws(OPCUAError) -> (SecurityPolicy, MessageSecurityMode) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first?.lowercased(), parts.count > 1 ? parts[1].lowercased() : nil) {
        case ("none", nil): return (.none, .none)
        case ("basic256sha256", "sign"): return (.basic256Sha256, .sign)
        case ("basic256sha256", "signandencrypt"), ("basic256sha256", nil): return (.basic256Sha256, .signAndEncrypt)
        default:
            throw .invalidArgument("unknown security '\(text)': use None, Basic256Sha256:Sign or Basic256Sha256:SignAndEncrypt")
        }
    }
}
