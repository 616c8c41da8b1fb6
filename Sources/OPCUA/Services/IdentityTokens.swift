// User identity tokens sent in ActivateSession's ExtensionObject (OPC 10000-4 §7.41).

/// No user identity.
public struct AnonymousIdentityToken: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(321)
    public var policyId: String?

    public init(policyId: String? = nil) {
        self.policyId = policyId
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(policyId)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        policyId = try reader.readString()
    }
}

/// A user name and password; the password is encrypted with the server's key unless the policy is None (OPC 10000-4 §7.41.3).
public struct UserNameIdentityToken: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(324)
    public var policyId: String?
    public var userName: String?
    /// The password, or its encrypted form when `encryptionAlgorithm` is set.
    public var password: [UInt8]?
    public var encryptionAlgorithm: String?

    public init(policyId: String? = nil, userName: String? = nil, password: [UInt8]? = nil, encryptionAlgorithm: String? = nil) {
        self.policyId = policyId
        self.userName = userName
        self.password = password
        self.encryptionAlgorithm = encryptionAlgorithm
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(policyId)
        writer.write(userName)
        writer.writeByteString(password)
        writer.write(encryptionAlgorithm)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        policyId = try reader.readString()
        userName = try reader.readString()
        password = try reader.readByteString()
        encryptionAlgorithm = try reader.readString()
    }
}

/// A user's X.509 certificate; ActivateSession's userTokenSignature proves the key (OPC 10000-4 §7.41.4).
public struct X509IdentityToken: UAStructure, Hashable {
    public static let binaryEncodingId = NodeId.numeric(327)
    public var policyId: String?
    public var certificateData: [UInt8]?

    public init(policyId: String? = nil, certificateData: [UInt8]? = nil) {
        self.policyId = policyId
        self.certificateData = certificateData
    }

    public func encode(to writer: inout UABinaryWriter) {
        writer.write(policyId)
        writer.writeByteString(certificateData)
    }

    public init(from reader: inout UABinaryReader) throws(UADecodingError) {
        policyId = try reader.readString()
        certificateData = try reader.readByteString()
    }
}
