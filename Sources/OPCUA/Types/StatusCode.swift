/// An OPC UA status code (OPC 10000-4 §7.39): the top two bits say Good, Uncertain or Bad,
/// the next 14 which code. Printed by its name from OPC 10000-6 Annex A when known.
public struct StatusCode: Hashable, Sendable, CustomStringConvertible, UABinaryCodable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public var isGood: Bool { rawValue & 0xC000_0000 == 0 }
    public var isUncertain: Bool { rawValue & 0xC000_0000 == 0x4000_0000 }
    public var isBad: Bool { rawValue & 0x8000_0000 != 0 }
    /// The code without its info bits (limits, overflow, historian bits).
    public var code: StatusCode { StatusCode(rawValue: rawValue & 0xFFFF_0000) }

    public var name: String? { Self.names[rawValue & 0xFFFF_0000] }

    public var description: String {
        let hex = "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 8)
        guard let name else { return hex }
        return rawValue & 0xFFFF == 0 ? name : "\(name) (\(hex))"
    }

    public func encode(to writer: inout UABinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout UABinaryReader) throws(UADecodingError) { rawValue = try reader.read() }

    public static let good = StatusCode(rawValue: 0)
    public static let uncertain = StatusCode(rawValue: 0x4000_0000)
    public static let bad = StatusCode(rawValue: 0x8000_0000)
    public static let badUnexpectedError = StatusCode(rawValue: 0x8001_0000)
    public static let badInternalError = StatusCode(rawValue: 0x8002_0000)
    public static let badCommunicationError = StatusCode(rawValue: 0x8005_0000)
    public static let badEncodingError = StatusCode(rawValue: 0x8006_0000)
    public static let badDecodingError = StatusCode(rawValue: 0x8007_0000)
    public static let badEncodingLimitsExceeded = StatusCode(rawValue: 0x8008_0000)
    public static let badUnknownResponse = StatusCode(rawValue: 0x8009_0000)
    public static let badTimeout = StatusCode(rawValue: 0x800A_0000)
    public static let badServiceUnsupported = StatusCode(rawValue: 0x800B_0000)
    public static let badShutdown = StatusCode(rawValue: 0x800C_0000)
    public static let badServerNotConnected = StatusCode(rawValue: 0x800D_0000)
    public static let badNothingToDo = StatusCode(rawValue: 0x800F_0000)
    public static let badSecurityChecksFailed = StatusCode(rawValue: 0x8013_0000)
    public static let badCertificateInvalid = StatusCode(rawValue: 0x8012_0000)
    public static let badCertificateUntrusted = StatusCode(rawValue: 0x801A_0000)
    public static let badUserAccessDenied = StatusCode(rawValue: 0x801F_0000)
    public static let badIdentityTokenInvalid = StatusCode(rawValue: 0x8020_0000)
    public static let badIdentityTokenRejected = StatusCode(rawValue: 0x8021_0000)
    public static let badSecureChannelIdInvalid = StatusCode(rawValue: 0x8022_0000)
    public static let badNonceInvalid = StatusCode(rawValue: 0x8024_0000)
    public static let badSessionIdInvalid = StatusCode(rawValue: 0x8025_0000)
    public static let badSessionClosed = StatusCode(rawValue: 0x8026_0000)
    public static let badSessionNotActivated = StatusCode(rawValue: 0x8027_0000)
    public static let badSubscriptionIdInvalid = StatusCode(rawValue: 0x8028_0000)
    public static let badNodeIdInvalid = StatusCode(rawValue: 0x8033_0000)
    public static let badNodeIdUnknown = StatusCode(rawValue: 0x8034_0000)
    public static let badAttributeIdInvalid = StatusCode(rawValue: 0x8035_0000)
    public static let badNotReadable = StatusCode(rawValue: 0x803A_0000)
    public static let badNotWritable = StatusCode(rawValue: 0x803B_0000)
    public static let badNotSupported = StatusCode(rawValue: 0x803D_0000)
    public static let badNotFound = StatusCode(rawValue: 0x803E_0000)
    public static let badContinuationPointInvalid = StatusCode(rawValue: 0x804A_0000)
    public static let badSecurityModeRejected = StatusCode(rawValue: 0x8054_0000)
    public static let badSecurityPolicyRejected = StatusCode(rawValue: 0x8055_0000)
    public static let badApplicationSignatureInvalid = StatusCode(rawValue: 0x8058_0000)
    public static let badNoMatch = StatusCode(rawValue: 0x806F_0000)
    public static let badTypeMismatch = StatusCode(rawValue: 0x8074_0000)
    public static let badMethodInvalid = StatusCode(rawValue: 0x8075_0000)
    public static let badArgumentsMissing = StatusCode(rawValue: 0x8076_0000)
    public static let badTooManyPublishRequests = StatusCode(rawValue: 0x8078_0000)
    public static let badNoSubscription = StatusCode(rawValue: 0x8079_0000)
    public static let badSequenceNumberUnknown = StatusCode(rawValue: 0x807A_0000)
    public static let badMessageNotAvailable = StatusCode(rawValue: 0x807B_0000)
    public static let badTcpMessageTypeInvalid = StatusCode(rawValue: 0x807E_0000)
    public static let badTcpSecureChannelUnknown = StatusCode(rawValue: 0x807F_0000)
    public static let badTcpMessageTooLarge = StatusCode(rawValue: 0x8080_0000)
    public static let badTcpInternalError = StatusCode(rawValue: 0x8082_0000)
    public static let badTcpEndpointUrlInvalid = StatusCode(rawValue: 0x8083_0000)
    public static let badRequestTimeout = StatusCode(rawValue: 0x8085_0000)
    public static let badSecureChannelClosed = StatusCode(rawValue: 0x8086_0000)
    public static let badSecureChannelTokenUnknown = StatusCode(rawValue: 0x8087_0000)
    public static let badSequenceNumberInvalid = StatusCode(rawValue: 0x8088_0000)
    public static let badNotConnected = StatusCode(rawValue: 0x808A_0000)
    public static let badDeviceFailure = StatusCode(rawValue: 0x808B_0000)
    public static let badSensorFailure = StatusCode(rawValue: 0x808C_0000)
    public static let badOutOfService = StatusCode(rawValue: 0x808D_0000)
    public static let badInvalidArgument = StatusCode(rawValue: 0x80AB_0000)
    public static let badConnectionClosed = StatusCode(rawValue: 0x80AE_0000)
    public static let badInvalidState = StatusCode(rawValue: 0x80AF_0000)
    public static let badRequestTooLarge = StatusCode(rawValue: 0x80B8_0000)
    public static let badResponseTooLarge = StatusCode(rawValue: 0x80B9_0000)

    static let names: [UInt32: String] = [
        0x0000_0000: "Good", 0x4000_0000: "Uncertain", 0x8000_0000: "Bad",
        0x8001_0000: "BadUnexpectedError", 0x8002_0000: "BadInternalError", 0x8003_0000: "BadOutOfMemory",
        0x8004_0000: "BadResourceUnavailable", 0x8005_0000: "BadCommunicationError", 0x8006_0000: "BadEncodingError",
        0x8007_0000: "BadDecodingError", 0x8008_0000: "BadEncodingLimitsExceeded", 0x8009_0000: "BadUnknownResponse",
        0x800A_0000: "BadTimeout", 0x800B_0000: "BadServiceUnsupported", 0x800C_0000: "BadShutdown",
        0x800D_0000: "BadServerNotConnected", 0x800E_0000: "BadServerHalted", 0x800F_0000: "BadNothingToDo",
        0x8010_0000: "BadTooManyOperations", 0x8011_0000: "BadDataTypeIdUnknown", 0x8012_0000: "BadCertificateInvalid",
        0x8013_0000: "BadSecurityChecksFailed", 0x8014_0000: "BadCertificateTimeInvalid", 0x8015_0000: "BadCertificateIssuerTimeInvalid",
        0x8016_0000: "BadCertificateHostNameInvalid", 0x8017_0000: "BadCertificateUriInvalid", 0x8018_0000: "BadCertificateUseNotAllowed",
        0x8019_0000: "BadCertificateIssuerUseNotAllowed", 0x801A_0000: "BadCertificateUntrusted",
        0x801B_0000: "BadCertificateRevocationUnknown", 0x801C_0000: "BadCertificateIssuerRevocationUnknown",
        0x801D_0000: "BadCertificateRevoked", 0x801E_0000: "BadCertificateIssuerRevoked", 0x801F_0000: "BadUserAccessDenied",
        0x8020_0000: "BadIdentityTokenInvalid", 0x8021_0000: "BadIdentityTokenRejected", 0x8022_0000: "BadSecureChannelIdInvalid",
        0x8023_0000: "BadInvalidTimestamp", 0x8024_0000: "BadNonceInvalid", 0x8025_0000: "BadSessionIdInvalid",
        0x8026_0000: "BadSessionClosed", 0x8027_0000: "BadSessionNotActivated", 0x8028_0000: "BadSubscriptionIdInvalid",
        0x802A_0000: "BadRequestHeaderInvalid", 0x802B_0000: "BadTimestampsToReturnInvalid", 0x802C_0000: "BadRequestCancelledByClient",
        0x002D_0000: "GoodSubscriptionTransferred", 0x002E_0000: "GoodCompletesAsynchronously", 0x002F_0000: "GoodOverload",
        0x0030_0000: "GoodClamped", 0x8031_0000: "BadNoCommunication", 0x8032_0000: "BadWaitingForInitialData",
        0x8033_0000: "BadNodeIdInvalid", 0x8034_0000: "BadNodeIdUnknown", 0x8035_0000: "BadAttributeIdInvalid",
        0x8036_0000: "BadIndexRangeInvalid", 0x8037_0000: "BadIndexRangeNoData", 0x8038_0000: "BadDataEncodingInvalid",
        0x8039_0000: "BadDataEncodingUnsupported", 0x803A_0000: "BadNotReadable", 0x803B_0000: "BadNotWritable",
        0x803C_0000: "BadOutOfRange", 0x803D_0000: "BadNotSupported", 0x803E_0000: "BadNotFound", 0x803F_0000: "BadObjectDeleted",
        0x8040_0000: "BadNotImplemented", 0x8041_0000: "BadMonitoringModeInvalid", 0x8042_0000: "BadMonitoredItemIdInvalid",
        0x8043_0000: "BadMonitoredItemFilterInvalid", 0x8044_0000: "BadMonitoredItemFilterUnsupported",
        0x8045_0000: "BadFilterNotAllowed", 0x8046_0000: "BadStructureMissing", 0x8047_0000: "BadEventFilterInvalid",
        0x8048_0000: "BadContentFilterInvalid", 0x804A_0000: "BadContinuationPointInvalid", 0x804B_0000: "BadNoContinuationPoints",
        0x804C_0000: "BadReferenceTypeIdInvalid", 0x804D_0000: "BadBrowseDirectionInvalid", 0x804E_0000: "BadNodeNotInView",
        0x8053_0000: "BadRequestTypeInvalid", 0x8054_0000: "BadSecurityModeRejected", 0x8055_0000: "BadSecurityPolicyRejected",
        0x8056_0000: "BadTooManySessions", 0x8057_0000: "BadUserSignatureInvalid", 0x8058_0000: "BadApplicationSignatureInvalid",
        0x8059_0000: "BadNoValidCertificates", 0x806F_0000: "BadNoMatch", 0x8070_0000: "BadMaxAgeInvalid",
        0x8073_0000: "BadWriteNotSupported", 0x8074_0000: "BadTypeMismatch", 0x8075_0000: "BadMethodInvalid",
        0x8076_0000: "BadArgumentsMissing", 0x8077_0000: "BadTooManySubscriptions", 0x8078_0000: "BadTooManyPublishRequests",
        0x8079_0000: "BadNoSubscription", 0x807A_0000: "BadSequenceNumberUnknown", 0x807B_0000: "BadMessageNotAvailable",
        0x807C_0000: "BadInsufficientClientProfile", 0x807D_0000: "BadTcpServerTooBusy", 0x807E_0000: "BadTcpMessageTypeInvalid",
        0x807F_0000: "BadTcpSecureChannelUnknown", 0x8080_0000: "BadTcpMessageTooLarge", 0x8081_0000: "BadTcpNotEnoughResources",
        0x8082_0000: "BadTcpInternalError", 0x8083_0000: "BadTcpEndpointUrlInvalid", 0x8084_0000: "BadRequestInterrupted",
        0x8085_0000: "BadRequestTimeout", 0x8086_0000: "BadSecureChannelClosed", 0x8087_0000: "BadSecureChannelTokenUnknown",
        0x8088_0000: "BadSequenceNumberInvalid", 0x8089_0000: "BadConfigurationError", 0x808A_0000: "BadNotConnected",
        0x808B_0000: "BadDeviceFailure", 0x808C_0000: "BadSensorFailure", 0x808D_0000: "BadOutOfService",
        0x808E_0000: "BadDeadbandFilterInvalid", 0x4090_0000: "UncertainLastUsableValue", 0x4092_0000: "UncertainInitialValue",
        0x4093_0000: "UncertainSensorNotAccurate", 0x809B_0000: "BadNoData", 0x00A5_0000: "GoodNoData", 0x00A6_0000: "GoodMoreData",
        0x80AB_0000: "BadInvalidArgument", 0x80AC_0000: "BadConnectionRejected", 0x80AD_0000: "BadDisconnect",
        0x80AE_0000: "BadConnectionClosed", 0x80AF_0000: "BadInvalidState", 0x80B0_0000: "BadEndOfStream",
        0x80B7_0000: "BadMaxConnectionsReached", 0x80B8_0000: "BadRequestTooLarge", 0x80B9_0000: "BadResponseTooLarge",
        0x80DB_0000: "BadTooManyMonitoredItems", 0x80E5_0000: "BadTooManyArguments", 0x80E6_0000: "BadSecurityModeInsufficient",
    ]
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
