import Foundation
import Testing

@testable import OPCUA

/// Encodings produced by asyncua 2.1.0's own encoder (`asyncua.ua.ua_binary.struct_to_binary`)
/// with Tests/OPCUATests/Fixtures/make_service_vectors.py, pasted unchanged. Requests and
/// responses start with the NodeId of their DefaultBinary encoding, as on the wire.
/// Timestamps: T0 = 2024-05-17T08:30:15Z, T1 = 2024-05-17T08:30:16Z.
enum AsyncuaVectors {
    static let readRequest = "010077020100e90380c5177134a8da010100000000000000ffffffff102700000000000000000000407f400200000002000000030200130000004c617468652e5370696e646c652e53706565640d000000ffffffff0000ffffffff0100d2080400000003000000313a3200000e00000044656661756c742042696e617279"
    static let createSessionRequest = "0100cd010100e90380c5177134a8da010200000000000000ffffffff102700000000001100000075726e3a6a65746d65733a636c69656e741200000075726e3a6a65746d65733a70726f647563740302000000656e060000004a65744d455301000000ffffffffffffffff00000000ffffffff1a0000006f70632e7463703a2f2f706c632e6578616d706c653a34383430100000004a65744d45532073657373696f6e203120000000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fffffffff0000000040774b4100000000"
    static let activateSessionRequest = "0100d3010100e90380c5177134a8da010300000000000000ffffffff1027000000000031000000687474703a2f2f7777772e77332e6f72672f323030312f30342f786d6c647369672d6d6f7265237273612d7368613235360400000001020304000000000200000005000000656e2d55530500000064652d444501004401015b00000017000000757365726e616d655f6261736963323536736861323536080000006f70657261746f7203000000aabbcc29000000687474703a2f2f7777772e77332e6f72672f323030312f30342f786d6c656e63237273612d6f616570ffffffffffffffff"
    static let createMonitoredItemsRequest = "0100ef020100e90380c5177134a8da010400000000000000ffffffff10270000000000070000000000000001000000030200130000004c617468652e5370696e646c652e53706565640d000000ffffffff0000ffffffff020000002a0000000000000000406f400100d40201100000000200000001000000000000000000e03f0a00000001"
    static let publishResponse = "01003d03005cb07134a8da0105000000000000000000000000000000070000000200000003000000040000000004000000005cb07134a8da010100000001002b03013c000000020000002a0000000f0b00000000004a93400000000080c5177134a8da01005cb07134a8da012b000000030b000000000000000000008c8000000000010000000000000000000000"
    static let browseResponse = "01001202005cb07134a8da0106000000000000000000000000000000010000000000000002000000102002000000002301030200050000004c617468650200050000004c6174686502050000004c6174686501000000003a002f010302000b0000004c617468652e526573657402000500000052657365740302000000656e05000000526573657404000000000000000000"
    static let callRequest = "0100c8020100e90380c5177134a8da010700000000000000ffffffff1027000000000001000000030200050000004c617468650302000b0000004c617468652e52657365740400000006030000000c0400000066756c6c8b02000000000000000000f83f00000000000004400101"
    static let getEndpointsResponse = "0100af01005cb07134a8da0108000000000000000000000000000000010000001a0000006f70632e7463703a2f2f706c632e6578616d706c653a343834300e00000075726e3a706c633a7365727665721200000075726e3a6a65746d65733a70726f647563740302000000656e03000000504c4300000000ffffffffffffffff010000001a0000006f70632e7463703a2f2f706c632e6578616d706c653a34383430040000003082010a0300000039000000687474703a2f2f6f7063666f756e646174696f6e2e6f72672f55412f5365637572697479506f6c6963792342617369633235365368613235360200000009000000616e6f6e796d6f757300000000ffffffffffffffffffffffff17000000757365726e616d655f626173696332353673686132353601000000ffffffffffffffff39000000687474703a2f2f6f7063666f756e646174696f6e2e6f72672f55412f5365637572697479506f6c69637923426173696332353653686132353641000000687474703a2f2f6f7063666f756e646174696f6e2e6f72672f55412d50726f66696c652f5472616e73706f72742f75617463702d756173632d756162696e61727903"
    static let argument = "040000004d6f6465000c0100000001000000000000000302000000656e0c000000486f7720746f207265736574"
    static let nullValueDataValue = "030000008c80"
}

private let t0 = Date(timeIntervalSince1970: 1_715_934_615)
private let t1 = Date(timeIntervalSince1970: 1_715_934_616)

func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
    for index in 0..<min(a.count, b.count) where a[index] != b[index] { return index }
    return min(a.count, b.count)
}

/// A message as it follows the secure-channel header: its encoding's NodeId, then the body.
func encodeMessage<T: UAStructure>(_ value: T) -> [UInt8] {
    var writer = UABinaryWriter()
    writer.write(T.binaryEncodingId)
    writer.write(value)
    return writer.bytes
}

func decodeMessage<T: UAStructure>(_ bytes: [UInt8], as _: T.Type = T.self) throws -> T {
    var reader = UABinaryReader(bytes: bytes)
    let typeId = try NodeId(from: &reader)
    #expect(typeId == T.binaryEncodingId, "encoding id \(typeId) is not \(T.self)'s \(T.binaryEncodingId)")
    let value = try T(from: &reader)
    try reader.expectEnd()
    return value
}

@Suite struct ServiceMessageTests {
    /// Decodes asyncua's bytes, hands the value to `check`, re-encodes and compares byte for byte.
    func crossCheck<T: UAStructure & Equatable>(_ hex: String, as type: T.Type, check: (T) throws -> Void) throws {
        let wire = bytes(hex: hex)
        let value = try decodeMessage(wire, as: type)
        try check(value)
        let again = encodeMessage(value)
        #expect(again == wire, "re-encoded \(T.self) differs at byte \(firstDifference(again, wire))")
        #expect(try decodeMessage(again, as: type) == value)
    }

    func checkRequestHeader(_ header: RequestHeader, handle: UInt32) {
        #expect(header.authenticationToken == .numeric(1001))
        #expect(header.timestamp == t0)
        #expect(header.requestHandle == handle)
        #expect(header.auditEntryId == nil)
        #expect(header.timeoutHint == 10_000)
        #expect(header.additionalHeader == .null)
    }

    func checkResponseHeader(_ header: ResponseHeader, handle: UInt32) {
        #expect(header.timestamp == t1)
        #expect(header.requestHandle == handle)
        #expect(header.serviceResult == .good)
        #expect(header.stringTable == [])
    }

    @Test func readRequestMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.readRequest, as: ReadRequest.self) { request in
            checkRequestHeader(request.requestHeader, handle: 1)
            #expect(request.maxAge == 500)
            #expect(request.timestampsToReturn == .both)
            #expect(request.nodesToRead.count == 2)
            #expect(request.nodesToRead[0] == ReadValueId(nodeId: .string("Lathe.Spindle.Speed", namespace: 2)))
            #expect(request.nodesToRead[1].nodeId == .numeric(2258))
            #expect(request.nodesToRead[1].attributeId == .displayName)
            #expect(request.nodesToRead[1].indexRange == "1:2")
            #expect(request.nodesToRead[1].dataEncoding == QualifiedName("Default Binary"))
        }
        // Built from Swift with the same values, the bytes are asyncua's.
        let built = ReadRequest(
            requestHeader: RequestHeader(authenticationToken: .numeric(1001), timestamp: t0, requestHandle: 1, timeoutHint: 10_000),
            maxAge: 500,
            nodesToRead: [
                ReadValueId(nodeId: .string("Lathe.Spindle.Speed", namespace: 2)),
                ReadValueId(nodeId: .numeric(2258), attributeId: .displayName, indexRange: "1:2", dataEncoding: QualifiedName("Default Binary")),
            ])
        #expect(encodeMessage(built) == bytes(hex: AsyncuaVectors.readRequest))
    }

    @Test func createSessionRequestMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.createSessionRequest, as: CreateSessionRequest.self) { request in
            checkRequestHeader(request.requestHeader, handle: 2)
            #expect(request.clientDescription.applicationUri == "urn:jetmes:client")
            #expect(request.clientDescription.productUri == "urn:jetmes:product")
            #expect(request.clientDescription.applicationName == LocalizedText(locale: "en", "JetMES"))
            #expect(request.clientDescription.applicationType == .client)
            #expect(request.clientDescription.discoveryUrls == [])
            #expect(request.serverUri == nil)
            #expect(request.endpointUrl == "opc.tcp://plc.example:4840")
            #expect(request.sessionName == "JetMES session 1")
            #expect(request.clientNonce == Array(0..<32))
            #expect(request.clientCertificate == nil)
            #expect(request.requestedSessionTimeout == 3_600_000)
            #expect(request.maxResponseMessageSize == 0)
        }
    }

    @Test func activateSessionRequestWithUserNameTokenMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.activateSessionRequest, as: ActivateSessionRequest.self) { request in
            checkRequestHeader(request.requestHeader, handle: 3)
            #expect(request.clientSignature == SignatureData(algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", signature: [1, 2, 3, 4]))
            #expect(request.clientSoftwareCertificates == [])
            #expect(request.localeIds == ["en-US", "de-DE"])
            #expect(request.userIdentityToken.typeId == .numeric(324))
            let token = try #require(try request.userIdentityToken.decode(as: UserNameIdentityToken.self))
            #expect(token.policyId == "username_basic256sha256")
            #expect(token.userName == "operator")
            #expect(token.password == [0xAA, 0xBB, 0xCC])
            #expect(token.encryptionAlgorithm == "http://www.w3.org/2001/04/xmlenc#rsa-oaep")
            #expect(try request.userIdentityToken.decode(as: AnonymousIdentityToken.self) == nil)
            #expect(request.userTokenSignature == SignatureData())
        }
    }

    @Test func createMonitoredItemsRequestWithDataChangeFilterMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.createMonitoredItemsRequest, as: CreateMonitoredItemsRequest.self) { request in
            checkRequestHeader(request.requestHeader, handle: 4)
            #expect(request.subscriptionId == 7)
            #expect(request.timestampsToReturn == .source)
            let item = try #require(request.itemsToCreate.first)
            #expect(item.itemToMonitor == ReadValueId(nodeId: .string("Lathe.Spindle.Speed", namespace: 2)))
            #expect(item.monitoringMode == .reporting)
            #expect(item.requestedParameters.clientHandle == 42)
            #expect(item.requestedParameters.samplingInterval == 250)
            #expect(item.requestedParameters.queueSize == 10)
            #expect(item.requestedParameters.discardOldest)
            let filter = try #require(try item.requestedParameters.filter.decode(as: DataChangeFilter.self))
            #expect(filter == DataChangeFilter(trigger: .statusValueTimestamp, deadbandType: .absolute, deadbandValue: 0.5))
        }
    }

    @Test func publishResponseWithDataChangesMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.publishResponse, as: PublishResponse.self) { response in
            checkResponseHeader(response.responseHeader, handle: 5)
            #expect(response.subscriptionId == 7)
            #expect(response.availableSequenceNumbers == [3, 4])
            #expect(!response.moreNotifications)
            #expect(response.results == [.good])
            let message = response.notificationMessage
            #expect(message.sequenceNumber == 4)
            #expect(message.publishTime == t1)
            #expect(!message.isKeepAlive)
            let notifications = try message.decodedNotifications()
            guard case .dataChange(let change) = try #require(notifications.first), notifications.count == 1 else {
                Issue.record("expected one DataChangeNotification, got \(notifications)")
                return
            }
            #expect(change.monitoredItems.count == 2)
            #expect(change.monitoredItems[0].clientHandle == 42)
            #expect(change.monitoredItems[0].value == DataValue(value: .double(1234.5), sourceTimestamp: t0, serverTimestamp: t1))
            #expect(change.monitoredItems[1].clientHandle == 43)
            #expect(change.monitoredItems[1].value.status == .badSensorFailure)
            #expect(change.monitoredItems[1].value.value == .double(0))
        }
    }

    @Test func browseResponseMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.browseResponse, as: BrowseResponse.self) { response in
            checkResponseHeader(response.responseHeader, handle: 6)
            let result = try #require(response.results.first)
            #expect(result.statusCode == .good)
            #expect(result.continuationPoint == [0x10, 0x20])
            #expect(result.references.count == 2)
            let lathe = result.references[0]
            #expect(lathe.referenceTypeId == .numeric(35))
            #expect(lathe.isForward)
            #expect(lathe.nodeId == ExpandedNodeId(.string("Lathe", namespace: 2)))
            #expect(lathe.browseName == QualifiedName(namespace: 2, "Lathe"))
            #expect(lathe.displayName == LocalizedText("Lathe"))
            #expect(lathe.nodeClass == .object)
            #expect(lathe.typeDefinition == ExpandedNodeId(.numeric(58)))
            #expect(result.references[1].nodeClass == .method)
            #expect(result.references[1].displayName == LocalizedText(locale: "en", "Reset"))
            #expect(result.references[1].typeDefinition == ExpandedNodeId(.null))
        }
    }

    @Test func callRequestWithVariantArgumentsMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.callRequest, as: CallRequest.self) { request in
            checkRequestHeader(request.requestHeader, handle: 7)
            let call = try #require(request.methodsToCall.first)
            #expect(call.objectId == .string("Lathe", namespace: 2))
            #expect(call.methodId == .string("Lathe.Reset", namespace: 2))
            #expect(call.inputArguments == [.int32(3), .string("full"), .doubles([1.5, 2.5]), .boolean(true)])
        }
    }

    @Test func getEndpointsResponseMatchesAsyncua() throws {
        try crossCheck(AsyncuaVectors.getEndpointsResponse, as: GetEndpointsResponse.self) { response in
            checkResponseHeader(response.responseHeader, handle: 8)
            let endpoint = try #require(response.endpoints.first)
            #expect(endpoint.endpointUrl == "opc.tcp://plc.example:4840")
            #expect(endpoint.server.applicationUri == "urn:plc:server")
            #expect(endpoint.server.applicationType == .server)
            #expect(endpoint.server.discoveryUrls == ["opc.tcp://plc.example:4840"])
            #expect(endpoint.serverCertificate == [0x30, 0x82, 0x01, 0x0A])
            #expect(endpoint.securityMode == .signAndEncrypt)
            #expect(endpoint.securityPolicyUri == "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256")
            #expect(endpoint.userIdentityTokens.map(\.tokenType) == [.anonymous, .userName])
            #expect(endpoint.userIdentityTokens.map(\.policyId) == ["anonymous", "username_basic256sha256"])
            #expect(endpoint.userIdentityTokens[0].securityPolicyUri == nil)
            #expect(endpoint.userIdentityTokens[1].securityPolicyUri == "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256")
            #expect(endpoint.transportProfileUri == "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary")
            #expect(endpoint.securityLevel == 3)
        }
    }

    @Test func argumentMatchesAsyncua() throws {
        // A plain structure: asyncua writes no TypeId before it.
        let wire = bytes(hex: AsyncuaVectors.argument)
        let argument = try Argument.decode(wire)
        #expect(argument == Argument(name: "Mode", dataType: .numeric(12), valueRank: 1, arrayDimensions: [0], description: LocalizedText(locale: "en", "How to reset")))
        #expect(argument.encodedBytes() == wire)
        // As it arrives in the InputArguments property: an array of ExtensionObjects.
        let property = Variant.array(.extensionObject, [.extensionObject(ExtensionObject(argument))])
        guard case .array(_, let elements, _) = try Variant.decode(property.encodedBytes()), case .extensionObject(let object) = elements.first else {
            Issue.record("not an ExtensionObject array")
            return
        }
        #expect(object.typeId == .numeric(298))
        #expect(try object.decode(as: Argument.self) == argument)
    }

    @Test func asyncuasNullValueBitDecodesAsAnEmptyValue() throws {
        // asyncua writes mask 0x03 with a null Variant for a DataValue without a value; the
        // meaning is the same as leaving the value bit clear, which is what Swift writes.
        let value = try DataValue.decode(bytes(hex: AsyncuaVectors.nullValueDataValue))
        #expect(value == DataValue(value: .empty, status: .badSensorFailure))
        #expect(value.encodedBytes() == [0x02, 0x00, 0x00, 0x8C, 0x80])
    }

    @Test func aNodeIdSentInALongerFormDecodesToTheSameNodeId() throws {
        // asyncua with NodeIdType.Numeric forced writes i=1001 in the 7-byte form; Swift reads
        // it as the same NodeId and writes the shortest form (4 bytes).
        #expect(try NodeId.decode([0x02, 0x00, 0x00, 0xE9, 0x03, 0x00, 0x00]) == .numeric(1001))
        #expect(NodeId.numeric(1001).encodedBytes() == [0x01, 0x00, 0xE9, 0x03])
    }

    @Test func nonOptionalStringsEncodeWithoutRecursing() throws {
        // String.encode once called writer.write(self), which picked the generic overload and
        // recursed until the stack overflowed (every LocalizedText, string NodeId, URI).
        #expect("abc".encodedBytes() == [3, 0, 0, 0, 0x61, 0x62, 0x63])
        #expect(LocalizedText(locale: "en", "A").encodedBytes() == [0x03, 2, 0, 0, 0, 0x65, 0x6E, 1, 0, 0, 0, 0x41])
        #expect(NodeId.string("s", namespace: 1).encodedBytes() == [0x03, 1, 0, 1, 0, 0, 0, 0x73])
        #expect(ExpandedNodeId(.numeric(1), namespaceURI: "u").encodedBytes() == [0x80, 1, 1, 0, 0, 0, 0x75])
    }

    @Test func encodingIdsAreTheDefaultBinaryOnes() {
        // Checked against asyncua's object_ids.py (`*_Encoding_DefaultBinary`).
        let ids: [(any UAStructure.Type, UInt32)] = [
            (GetEndpointsRequest.self, 428), (GetEndpointsResponse.self, 431),
            (CreateSessionRequest.self, 461), (CreateSessionResponse.self, 464),
            (ActivateSessionRequest.self, 467), (ActivateSessionResponse.self, 470),
            (CloseSessionRequest.self, 473), (CloseSessionResponse.self, 476),
            (AnonymousIdentityToken.self, 321), (UserNameIdentityToken.self, 324), (X509IdentityToken.self, 327),
            (BrowseRequest.self, 527), (BrowseResponse.self, 530), (BrowseNextRequest.self, 533), (BrowseNextResponse.self, 536),
            (TranslateBrowsePathsToNodeIdsRequest.self, 554), (TranslateBrowsePathsToNodeIdsResponse.self, 557),
            (ReadRequest.self, 631), (ReadResponse.self, 634), (WriteRequest.self, 673), (WriteResponse.self, 676),
            (CallRequest.self, 712), (CallResponse.self, 715),
            (CreateSubscriptionRequest.self, 787), (CreateSubscriptionResponse.self, 790),
            (ModifySubscriptionRequest.self, 793), (ModifySubscriptionResponse.self, 796),
            (SetPublishingModeRequest.self, 799), (SetPublishingModeResponse.self, 802),
            (DeleteSubscriptionsRequest.self, 847), (DeleteSubscriptionsResponse.self, 850),
            (TransferSubscriptionsRequest.self, 841), (TransferSubscriptionsResponse.self, 844),
            (PublishRequest.self, 826), (PublishResponse.self, 829), (RepublishRequest.self, 832), (RepublishResponse.self, 835),
            (DataChangeNotification.self, 811), (StatusChangeNotification.self, 820), (EventNotificationList.self, 916),
            (CreateMonitoredItemsRequest.self, 751), (CreateMonitoredItemsResponse.self, 754),
            (DeleteMonitoredItemsRequest.self, 781), (DeleteMonitoredItemsResponse.self, 784),
            (DataChangeFilter.self, 724),
            // Argument's DataType is 296, its XML encoding 297 and its binary encoding 298.
            (Argument.self, 298),
        ]
        for (type, id) in ids {
            #expect(type.binaryEncodingId == .numeric(id), "\(type)")
        }
    }

    @Test func enumerationsDecodeStrictlyAndMasksKeepUnknownBits() throws {
        #expect(try NodeClass.decode([4, 0, 0, 0]) == .method)
        #expect(try AttributeId.decode([13, 0, 0, 0]) == .value)
        #expect(AttributeId.executable.rawValue == 21)
        #expect(AttributeId.userAccessLevel.rawValue == 18)
        for (type, bytes, name): (any UAEnumeration.Type, [UInt8], String) in [
            (NodeClass.self, [3, 0, 0, 0], "NodeClass 3"), (BrowseDirection.self, [9, 0, 0, 0], "BrowseDirection 9"),
            (TimestampsToReturn.self, [5, 0, 0, 0], "TimestampsToReturn 5"), (MonitoringMode.self, [3, 0, 0, 0], "MonitoringMode 3"),
            (AttributeId.self, [0, 0, 0, 0], "AttributeId 0"), (AttributeId.self, [28, 0, 0, 0], "AttributeId 28"),
            (UserTokenType.self, [0xFF, 0xFF, 0xFF, 0xFF], "UserTokenType -1"), (ApplicationType.self, [4, 0, 0, 0], "ApplicationType 4"),
            (DataChangeTrigger.self, [3, 0, 0, 0], "DataChangeTrigger 3"), (DeadbandType.self, [3, 0, 0, 0], "DeadbandType 3"),
        ] {
            do {
                _ = try type.decode(bytes)
                Issue.record("\(type) decoded \(bytes)")
            } catch {
                #expect(error.reason == .invalidValue("unknown \(name)"))
                #expect(error.offset == 0)
            }
        }
        // A ReferenceDescription whose node class is not one of the eight bits is refused.
        var reference = ReferenceDescription(nodeClass: .variable).encodedBytes()
        let at = reference.count - 2 - 4
        #expect(Array(reference[at..<(at + 4)]) == [2, 0, 0, 0])
        reference[at] = 5
        #expect(throws: UADecodingError(.invalidValue("unknown NodeClass 5"), at: at)) { try ReferenceDescription.decode(reference) }
        // Masks are bits: any value decodes and is kept.
        #expect(try NodeClassMask.decode([0xFF, 0xFF, 0, 0]).rawValue == 0xFFFF)
        #expect(NodeClassMask([.object, .variable]) == [.object, .variable])
        #expect(NodeClassMask([.object, .variable]).rawValue == 3)
        #expect(BrowseResultMask.all.rawValue == 63)
    }

    @Test func everyMessageRoundTrips() throws {
        let header = RequestHeader(authenticationToken: .numeric(5, namespace: 1), timestamp: t0, requestHandle: 9)
        let responseHeader = ResponseHeader(timestamp: t1, requestHandle: 9, serviceResult: .badNothingToDo, stringTable: ["a"])
        var diag = DiagnosticInfo()
        diag.symbolicId = 1
        diag.additionalInfo = "x"
        let value = DataValue(value: .double(2), status: .uncertain, sourceTimestamp: t0)
        let reference = ReferenceDescription(
            referenceTypeId: .numeric(47), isForward: false, nodeId: ExpandedNodeId(.numeric(5, namespace: 3), namespaceURI: "urn:x", serverIndex: 2),
            browseName: QualifiedName(namespace: 3, "Motor"), displayName: LocalizedText(locale: "de", "Motor"), nodeClass: .variable,
            typeDefinition: ExpandedNodeId(.numeric(63)))
        let endpoint = EndpointDescription(
            endpointUrl: "opc.tcp://x:4840", serverCertificate: [1], securityMode: .sign, securityPolicyUri: "p",
            userIdentityTokens: [UserTokenPolicy(policyId: "c", tokenType: .certificate)], securityLevel: 1)
        let message = NotificationMessage(
            sequenceNumber: 8, publishTime: t1,
            notificationData: [
                ExtensionObject(StatusChangeNotification(status: .badTimeout, diagnosticInfo: diag)),
                ExtensionObject(EventNotificationList(events: [EventFieldList(clientHandle: 3, eventFields: [.string("Overheat"), .int32(700)])])),
                ExtensionObject(typeId: .numeric(99, namespace: 4), body: .binary([1, 2])),
            ])
        func roundTrip<T: UAStructure & Equatable>(_ value: T) throws {
            #expect(try decodeMessage(encodeMessage(value), as: T.self) == value, "\(T.self)")
        }
        try roundTrip(GetEndpointsRequest(requestHeader: header, endpointUrl: "opc.tcp://x:4840", localeIds: ["en"], profileUris: ["p"]))
        try roundTrip(GetEndpointsResponse(responseHeader: responseHeader, endpoints: [endpoint]))
        try roundTrip(CreateSessionRequest(requestHeader: header, sessionName: "s", clientNonce: [1, 2], clientCertificate: [3]))
        try roundTrip(
            CreateSessionResponse(
                responseHeader: responseHeader, sessionId: .numeric(1, namespace: 1), authenticationToken: .init(namespace: 1, .opaque([9, 9])),
                revisedSessionTimeout: 1000, serverNonce: [7], serverCertificate: [8], serverEndpoints: [endpoint],
                serverSoftwareCertificates: [SignedSoftwareCertificate(certificateData: [1], signature: [2])],
                serverSignature: SignatureData(algorithm: "a", signature: [3]), maxRequestMessageSize: 65_536))
        try roundTrip(
            ActivateSessionRequest(
                requestHeader: header, userIdentityToken: ExtensionObject(X509IdentityToken(policyId: "x", certificateData: [0x30])),
                userTokenSignature: SignatureData(algorithm: "a", signature: [1])))
        try roundTrip(ActivateSessionRequest(requestHeader: header, userIdentityToken: ExtensionObject(AnonymousIdentityToken(policyId: "anonymous"))))
        try roundTrip(ActivateSessionResponse(responseHeader: responseHeader, serverNonce: [1], results: [.good], diagnosticInfos: [diag]))
        try roundTrip(CloseSessionRequest(requestHeader: header, deleteSubscriptions: false))
        try roundTrip(CloseSessionResponse(responseHeader: responseHeader))
        try roundTrip(
            BrowseRequest(
                requestHeader: header, view: ViewDescription(viewId: .numeric(1, namespace: 2), timestamp: t0, viewVersion: 3),
                requestedMaxReferencesPerNode: 100,
                nodesToBrowse: [BrowseDescription(nodeId: .numeric(85), browseDirection: .both, nodeClassMask: [.object, .variable], resultMask: [.browseName])]))
        try roundTrip(BrowseResponse(responseHeader: responseHeader, results: [BrowseResult(statusCode: .good, continuationPoint: [1], references: [reference])]))
        try roundTrip(BrowseNextRequest(requestHeader: header, releaseContinuationPoints: true, continuationPoints: [[1, 2], []]))
        try roundTrip(BrowseNextResponse(responseHeader: responseHeader, results: [BrowseResult(statusCode: .badContinuationPointInvalid)]))
        let path = BrowsePath(
            startingNode: .numeric(85),
            relativePath: RelativePath(elements: [RelativePathElement(targetName: QualifiedName(namespace: 2, "Lathe")), RelativePathElement(isInverse: true, targetName: QualifiedName("x"))]))
        try roundTrip(TranslateBrowsePathsToNodeIdsRequest(requestHeader: header, browsePaths: [path]))
        try roundTrip(
            TranslateBrowsePathsToNodeIdsResponse(
                responseHeader: responseHeader, results: [BrowsePathResult(statusCode: .good, targets: [BrowsePathTarget(targetId: ExpandedNodeId(.numeric(9, namespace: 2)))])]))
        try roundTrip(ReadRequest(requestHeader: header, maxAge: 0, timestampsToReturn: .neither, nodesToRead: [ReadValueId(nodeId: .numeric(1), attributeId: .nodeClass)]))
        try roundTrip(ReadResponse(responseHeader: responseHeader, results: [value, DataValue(status: .badNodeIdUnknown)], diagnosticInfos: [diag]))
        try roundTrip(WriteRequest(requestHeader: header, nodesToWrite: [WriteValue(nodeId: .string("a", namespace: 2), indexRange: "0", value: value)]))
        try roundTrip(WriteResponse(responseHeader: responseHeader, results: [.good, .badNotWritable]))
        try roundTrip(CallRequest(requestHeader: header, methodsToCall: [CallMethodRequest(objectId: .numeric(1), methodId: .numeric(2), inputArguments: [.double(1)])]))
        try roundTrip(
            CallResponse(
                responseHeader: responseHeader,
                results: [CallMethodResult(statusCode: .good, inputArgumentResults: [.good], inputArgumentDiagnosticInfos: [diag], outputArguments: [.string("ok")])]))
        try roundTrip(CreateSubscriptionRequest(requestHeader: header, requestedPublishingInterval: 250, priority: 3))
        try roundTrip(CreateSubscriptionResponse(responseHeader: responseHeader, subscriptionId: 7, revisedPublishingInterval: 250, revisedLifetimeCount: 30, revisedMaxKeepAliveCount: 10))
        try roundTrip(ModifySubscriptionRequest(requestHeader: header, subscriptionId: 7, requestedPublishingInterval: 500))
        try roundTrip(ModifySubscriptionResponse(responseHeader: responseHeader, revisedPublishingInterval: 500, revisedLifetimeCount: 30, revisedMaxKeepAliveCount: 10))
        try roundTrip(SetPublishingModeRequest(requestHeader: header, publishingEnabled: false, subscriptionIds: [7, 8]))
        try roundTrip(SetPublishingModeResponse(responseHeader: responseHeader, results: [.good, .badSubscriptionIdInvalid]))
        try roundTrip(DeleteSubscriptionsRequest(requestHeader: header, subscriptionIds: [7]))
        try roundTrip(DeleteSubscriptionsResponse(responseHeader: responseHeader, results: [.good]))
        try roundTrip(TransferSubscriptionsRequest(requestHeader: header, subscriptionIds: [7], sendInitialValues: false))
        try roundTrip(TransferSubscriptionsResponse(responseHeader: responseHeader, results: [TransferResult(statusCode: .good, availableSequenceNumbers: [4, 5])]))
        try roundTrip(PublishRequest(requestHeader: header, subscriptionAcknowledgements: [SubscriptionAcknowledgement(subscriptionId: 7, sequenceNumber: 3)]))
        try roundTrip(PublishResponse(responseHeader: responseHeader, subscriptionId: 7, availableSequenceNumbers: [8], moreNotifications: true, notificationMessage: message, results: [.good]))
        try roundTrip(RepublishRequest(requestHeader: header, subscriptionId: 7, retransmitSequenceNumber: 8))
        try roundTrip(RepublishResponse(responseHeader: responseHeader, notificationMessage: message))
        try roundTrip(
            CreateMonitoredItemsRequest(
                requestHeader: header, subscriptionId: 7,
                itemsToCreate: [
                    MonitoredItemCreateRequest(
                        itemToMonitor: ReadValueId(nodeId: .numeric(2258)),
                        requestedParameters: MonitoringParameters(clientHandle: 1, filter: ExtensionObject(DataChangeFilter(deadbandType: .percent, deadbandValue: 2))))
                ]))
        try roundTrip(CreateMonitoredItemsResponse(responseHeader: responseHeader, results: [MonitoredItemCreateResult(statusCode: .good, monitoredItemId: 1, revisedSamplingInterval: 100, revisedQueueSize: 1)]))
        try roundTrip(DeleteMonitoredItemsRequest(requestHeader: header, subscriptionId: 7, monitoredItemIds: [1, 2]))
        try roundTrip(DeleteMonitoredItemsResponse(responseHeader: responseHeader, results: [.good]))
        try roundTrip(ServiceFault(responseHeader: responseHeader))
    }

    @Test func notificationsDecodeByTheirEncodingId() throws {
        var diag = DiagnosticInfo()
        diag.innerStatusCode = .badInternalError
        let unknown = ExtensionObject(typeId: .numeric(99, namespace: 4), body: .binary([1, 2]))
        let events = EventNotificationList(events: [EventFieldList(clientHandle: 3, eventFields: [.string("Overheat"), .int32(700)])])
        let message = NotificationMessage(
            sequenceNumber: 8, publishTime: t1,
            notificationData: [ExtensionObject(StatusChangeNotification(status: .badTimeout, diagnosticInfo: diag)), ExtensionObject(events), unknown])
        let decoded: [NotificationMessage.Notification] = try message.decodedNotifications()
        #expect(decoded == [.statusChange(StatusChangeNotification(status: .badTimeout, diagnosticInfo: diag)), .events(events), .other(unknown)])
        #expect(NotificationMessage(sequenceNumber: 9).isKeepAlive)
        // A known type with a body that does not decode is an error, not `.other`.
        let broken = NotificationMessage(notificationData: [ExtensionObject(typeId: DataChangeNotification.binaryEncodingId, body: .binary([1, 0, 0]))])
        #expect(throws: UADecodingError.self) { try broken.decodedNotifications() }
    }

    @Test func defaultsLetCallersWriteTheShortForm() {
        let read = ReadRequest(nodesToRead: [ReadValueId(nodeId: .numeric(2258))])
        #expect(read.maxAge == 0 && read.timestampsToReturn == .both && read.nodesToRead[0].attributeId == .value)
        let browse = BrowseDescription(nodeId: .numeric(85))
        #expect(browse.referenceTypeId == .numeric(33) && browse.includeSubtypes && browse.resultMask == .all && browse.nodeClassMask == .all)
        let item = MonitoredItemCreateRequest(itemToMonitor: ReadValueId(nodeId: .numeric(2258)), requestedParameters: MonitoringParameters(clientHandle: 1))
        #expect(item.monitoringMode == .reporting && item.requestedParameters.filter == .null && item.requestedParameters.queueSize == 1)
        #expect(BrowsePathTarget(targetId: ExpandedNodeId(.numeric(1))).remainingPathIndex == UInt32.max)
        #expect(CloseSessionRequest().deleteSubscriptions)
    }
}
