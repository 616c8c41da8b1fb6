import Foundation
import Testing

@testable import OPCUA

/// SplitMix64: a small seeded generator so every run feeds the decoders the same bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A decoder under test: valid encodings of its type, and a function that decodes bytes (all
/// of them) and re-encodes the result, so that values built from hostile bytes also go
/// through the encoder. Its type says it can only throw UADecodingError.
struct FuzzTarget: Sendable {
    let name: String
    let samples: [[UInt8]]
    let decode: @Sendable ([UInt8]) throws(UADecodingError) -> [UInt8]

    init<T: UABinaryCodable & SendableMetatype>(_ type: T.Type, _ values: [T]) {
        name = "\(T.self)"
        samples = values.map { $0.encodedBytes() }
        decode = { (bytes) throws(UADecodingError) in try T.decode(bytes).encodedBytes() }
    }
}

/// Process memory counters from /proc/self/status, in bytes (Linux).
enum ProcessMemory {
    static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// Peak resident set size (VmHWM).
    static var peakResident: Int? { field("VmHWM") }
    static var resident: Int? { field("VmRSS") }
    /// Peak virtual size (VmPeak): counts reservations that were never touched.
    static var peakVirtual: Int? { field("VmPeak") }

    /// Resets VmHWM to the current RSS (`echo 5 > /proc/self/clear_refs`, Linux 4.0+); false
    /// where that is not allowed.
    static func resetPeakResident() -> Bool {
        FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs") && (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .ascii)) != nil
    }
}

private func le(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

/// An element 8 KiB wide in memory but one byte on the wire; 0xFF is malformed.
private struct WideElement: UABinaryDecodable {
    typealias B8 = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    typealias B64 = (B8, B8, B8, B8, B8, B8, B8, B8)
    var payload: (B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64, B64)
    init(from reader: inout UABinaryReader) throws(UADecodingError) {
        let byte = try reader.read(UInt8.self)
        if byte == 0xFF { throw reader.error(.invalidValue("bad element")) }
        let b8: B8 = (0, 0, 0, 0, 0, 0, 0, 0)
        let b64: B64 = (b8, b8, b8, b8, b8, b8, b8, b8)
        payload = (b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64, b64)
    }
}

@Suite(.serialized) struct DecoderFuzzTests {
    static let t0 = Date(timeIntervalSince1970: 1_715_934_615.125)

    /// Every response type and the built-in types, with values that reach their optional and
    /// nested parts.
    static let targets: [FuzzTarget] = {
        var diag = DiagnosticInfo()
        diag.symbolicId = 1
        diag.namespaceURI = 2
        diag.locale = 3
        diag.localizedText = 4
        diag.additionalInfo = "info"
        diag.innerStatusCode = .badInternalError
        var inner = DiagnosticInfo()
        inner.additionalInfo = "inner"
        diag.innerDiagnosticInfo = DiagnosticInfo.Box(inner)
        let header = ResponseHeader(timestamp: t0, requestHandle: 3, serviceResult: .good, serviceDiagnostics: diag, stringTable: ["a", "bc"])
        let guid = UUID(uuidString: "72962B91-FA75-4AE6-8D28-B404DC7DAF63")!
        let nodeIds: [NodeId] = [.numeric(85), .numeric(1025, namespace: 5), .numeric(70_000, namespace: 2), .string("Lathe.State", namespace: 2), NodeId(namespace: 1, .guid(guid)), NodeId(namespace: 3, .opaque([1, 2, 3]))]
        let expanded = ExpandedNodeId(.string("Motor", namespace: 0), namespaceURI: "urn:plant", serverIndex: 2)
        let value = DataValue(value: .double(21.5), status: .uncertain, sourceTimestamp: t0, sourcePicoseconds: 5, serverTimestamp: t0, serverPicoseconds: 6)
        let variants: [Variant] = [
            .empty, .boolean(true), .int32(-7), .double(2.5), .string("Spindle"), .scalar(.string(nil)), .scalar(.guid(guid)),
            .scalar(.byteString([1, 2])), .scalar(.nodeId(nodeIds[3])), .scalar(.expandedNodeId(expanded)), .scalar(.statusCode(.badTimeout)),
            .scalar(.qualifiedName(QualifiedName(namespace: 2, "Q"))), .scalar(.localizedText(LocalizedText(locale: "en", "T"))),
            .scalar(.extensionObject(ExtensionObject(DataChangeFilter(deadbandType: .absolute, deadbandValue: 1)))),
            .scalar(.dataValue(value)), .scalar(.diagnosticInfo(diag)), .scalar(.dateTime(t0)),
            .array(.double, (0..<6).map { .double(Double($0)) }, dimensions: [2, 3]),
            .array(.variant, [.variant(.int32(1)), .variant(.array(.string, [.string("a"), .string(nil)]))]),
            .array(.extensionObject, [.extensionObject(ExtensionObject(typeId: .numeric(5), body: .xml("<a/>"))), .extensionObject(.null)]),
        ]
        let reference = ReferenceDescription(
            referenceTypeId: .numeric(47), isForward: true, nodeId: expanded, browseName: QualifiedName(namespace: 2, "Motor"),
            displayName: LocalizedText(locale: "de", "Motor"), nodeClass: .variable, typeDefinition: ExpandedNodeId(.numeric(63)))
        let endpoint = EndpointDescription(
            endpointUrl: "opc.tcp://x:4840",
            server: ApplicationDescription(applicationUri: "urn:s", applicationName: LocalizedText("S"), applicationType: .server, discoveryUrls: ["opc.tcp://x"]),
            serverCertificate: [0x30, 0x82], securityMode: .signAndEncrypt, securityPolicyUri: "p",
            userIdentityTokens: [UserTokenPolicy(policyId: "u", tokenType: .userName, securityPolicyUri: "p")], transportProfileUri: "t", securityLevel: 2)
        let message = NotificationMessage(
            sequenceNumber: 8, publishTime: t0,
            notificationData: [
                ExtensionObject(DataChangeNotification(monitoredItems: [MonitoredItemNotification(clientHandle: 1, value: value)], diagnosticInfos: [diag])),
                ExtensionObject(StatusChangeNotification(status: .badTimeout, diagnosticInfo: diag)),
                ExtensionObject(EventNotificationList(events: [EventFieldList(clientHandle: 3, eventFields: [.string("Overheat"), .int32(700)])])),
            ])
        return [
            FuzzTarget(NodeId.self, nodeIds),
            FuzzTarget(ExpandedNodeId.self, [expanded, ExpandedNodeId(.numeric(1)), ExpandedNodeId(NodeId(namespace: 0, .guid(guid)), serverIndex: 9)]),
            FuzzTarget(Variant.self, variants),
            FuzzTarget(DataValue.self, [value, DataValue(), DataValue(value: .array(.int32, [.int32(1)]), status: .bad)]),
            FuzzTarget(DiagnosticInfo.self, [diag]),
            FuzzTarget(ExtensionObject.self, [ExtensionObject(AnonymousIdentityToken(policyId: "a")), ExtensionObject(typeId: .numeric(1), body: .xml("<x/>")), .null]),
            FuzzTarget(LocalizedText.self, [LocalizedText(locale: "en", "text"), LocalizedText(nil)]),
            FuzzTarget(QualifiedName.self, [QualifiedName(namespace: 3, "name")]),
            FuzzTarget(String.self, ["Hot水", ""]),
            FuzzTarget(UUID.self, [guid]),
            FuzzTarget(Date.self, [t0]),
            FuzzTarget(RequestHeader.self, [RequestHeader(authenticationToken: nodeIds[4], timestamp: t0, auditEntryId: "x", additionalHeader: ExtensionObject(typeId: .numeric(2), body: .binary([1])))]),
            FuzzTarget(ServiceFault.self, [ServiceFault(responseHeader: header)]),
            FuzzTarget(OpenSecureChannelResponse.self, [OpenSecureChannelResponse(responseHeader: header, serverProtocolVersion: 0, securityToken: ChannelSecurityToken(channelId: 1, tokenId: 2, createdAt: t0, revisedLifetime: 3_600_000), serverNonce: [1, 2, 3])]),
            FuzzTarget(GetEndpointsResponse.self, [GetEndpointsResponse(responseHeader: header, endpoints: [endpoint])]),
            FuzzTarget(CreateSessionResponse.self, [
                CreateSessionResponse(
                    responseHeader: header, sessionId: nodeIds[2], authenticationToken: nodeIds[5], revisedSessionTimeout: 60_000, serverNonce: [1],
                    serverCertificate: [2], serverEndpoints: [endpoint], serverSoftwareCertificates: [SignedSoftwareCertificate(certificateData: [3], signature: [4])],
                    serverSignature: SignatureData(algorithm: "a", signature: [5]), maxRequestMessageSize: 1 << 20)
            ]),
            FuzzTarget(ActivateSessionResponse.self, [ActivateSessionResponse(responseHeader: header, serverNonce: [9], results: [.good], diagnosticInfos: [diag])]),
            FuzzTarget(CloseSessionResponse.self, [CloseSessionResponse(responseHeader: header)]),
            FuzzTarget(BrowseResponse.self, [BrowseResponse(responseHeader: header, results: [BrowseResult(statusCode: .good, continuationPoint: [1], references: [reference])], diagnosticInfos: [diag])]),
            FuzzTarget(BrowseNextResponse.self, [BrowseNextResponse(responseHeader: header, results: [BrowseResult(references: [reference])])]),
            FuzzTarget(TranslateBrowsePathsToNodeIdsResponse.self, [
                TranslateBrowsePathsToNodeIdsResponse(responseHeader: header, results: [BrowsePathResult(targets: [BrowsePathTarget(targetId: expanded, remainingPathIndex: 1)])])
            ]),
            FuzzTarget(ReadResponse.self, [ReadResponse(responseHeader: header, results: [value, DataValue(value: variants[18])], diagnosticInfos: [diag])]),
            FuzzTarget(WriteResponse.self, [WriteResponse(responseHeader: header, results: [.good, .badNotWritable])]),
            FuzzTarget(CallResponse.self, [
                CallResponse(responseHeader: header, results: [CallMethodResult(inputArgumentResults: [.good], inputArgumentDiagnosticInfos: [diag], outputArguments: variants)])
            ]),
            FuzzTarget(CreateSubscriptionResponse.self, [CreateSubscriptionResponse(responseHeader: header, subscriptionId: 1, revisedPublishingInterval: 100, revisedLifetimeCount: 30, revisedMaxKeepAliveCount: 10)]),
            FuzzTarget(ModifySubscriptionResponse.self, [ModifySubscriptionResponse(responseHeader: header, revisedPublishingInterval: 100)]),
            FuzzTarget(SetPublishingModeResponse.self, [SetPublishingModeResponse(responseHeader: header, results: [.good])]),
            FuzzTarget(DeleteSubscriptionsResponse.self, [DeleteSubscriptionsResponse(responseHeader: header, results: [.good], diagnosticInfos: [diag])]),
            FuzzTarget(TransferSubscriptionsResponse.self, [TransferSubscriptionsResponse(responseHeader: header, results: [TransferResult(availableSequenceNumbers: [1, 2])])]),
            FuzzTarget(PublishResponse.self, [PublishResponse(responseHeader: header, subscriptionId: 1, availableSequenceNumbers: [8], moreNotifications: true, notificationMessage: message, results: [.good])]),
            FuzzTarget(RepublishResponse.self, [RepublishResponse(responseHeader: header, notificationMessage: message)]),
            FuzzTarget(CreateMonitoredItemsResponse.self, [
                CreateMonitoredItemsResponse(
                    responseHeader: header, results: [MonitoredItemCreateResult(monitoredItemId: 1, revisedSamplingInterval: 100, revisedQueueSize: 1, filterResult: ExtensionObject(DataChangeFilter()))])
            ]),
            FuzzTarget(DeleteMonitoredItemsResponse.self, [DeleteMonitoredItemsResponse(responseHeader: header, results: [.good])]),
            FuzzTarget(DataChangeNotification.self, [DataChangeNotification(monitoredItems: [MonitoredItemNotification(clientHandle: 1, value: value)], diagnosticInfos: [diag])]),
            FuzzTarget(StatusChangeNotification.self, [StatusChangeNotification(status: .badTimeout, diagnosticInfo: diag)]),
            FuzzTarget(EventNotificationList.self, [EventNotificationList(events: [EventFieldList(clientHandle: 3, eventFields: variants)])]),
            FuzzTarget(Argument.self, [Argument(name: "a", dataType: .numeric(11), valueRank: 1, arrayDimensions: [2], description: LocalizedText("d"))]),
        ]
    }()

    /// Decodes `bytes`; any outcome but a value or a UADecodingError fails (a trap ends the run).
    @discardableResult
    static func attempt(_ target: FuzzTarget, _ bytes: [UInt8]) -> Result<[UInt8], UADecodingError> {
        do throws(UADecodingError) {
            return .success(try target.decode(bytes))
        } catch {
            return .failure(error)
        }
    }

    @Test func samplesDecodeAndReencodeExactly() {
        for target in Self.targets {
            for sample in target.samples {
                #expect(Self.attempt(target, sample) == .success(sample), "\(target.name)")
            }
        }
    }

    @Test func everyTruncationThrowsTruncated() {
        var count = 0
        for target in Self.targets {
            for sample in target.samples {
                for length in 0..<sample.count {
                    count += 1
                    guard case .failure(let error) = Self.attempt(target, Array(sample[..<length])) else {
                        Issue.record("\(target.name) decoded from its first \(length) of \(sample.count) bytes")
                        continue
                    }
                    guard case .truncated = error.reason else {
                        Issue.record("\(target.name) cut at \(length): \(error), not .truncated")
                        continue
                    }
                    #expect(error.offset <= length)
                }
            }
        }
        #expect(count > 4_000)
    }

    @Test func randomBytesDecodeOrThrow() {
        var rng = SplitMix64(seed: 0x4A45_544D_4553_0001)
        var decoded = 0
        for _ in 0..<20_000 {
            let target = Self.targets.randomElement(using: &rng)!
            let length = Int.random(in: 0...512, using: &rng)
            var bytes = [UInt8](repeating: 0, count: length)
            for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &rng) }
            if case .success = Self.attempt(target, bytes) { decoded += 1 }
        }
        // Almost all random strings are refused; the count is reported, not asserted.
        print("DecoderFuzzTests: \(decoded) of 20000 random byte strings decoded")
    }

    @Test func singleByteMutationsDecodeOrThrow() {
        var rng = SplitMix64(seed: 0x4A45_544D_4553_0002)
        var decoded = 0
        var reasons: [String: Int] = [:]
        for _ in 0..<20_000 {
            let target = Self.targets.randomElement(using: &rng)!
            var bytes = target.samples.randomElement(using: &rng)!
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            switch Self.attempt(target, bytes) {
            case .success(let again):
                decoded += 1
                // What decodes re-encodes to something that decodes again.
                if case .failure(let error) = Self.attempt(target, again) { Issue.record("\(target.name): re-encoding of a mutated value does not decode: \(error)") }
            case .failure(let error):
                reasons["\(error.reason)".prefix { $0 != "(" }.description, default: 0] += 1
            }
        }
        print("DecoderFuzzTests: \(decoded) of 20000 mutations decoded; refusals by reason: \(reasons.sorted { $0.key < $1.key })")
        #expect(decoded > 0 && decoded < 20_000)
    }

    /// Frames whose length prefixes claim far more than they carry.
    static let hugeFrames: [(name: String, decode: @Sendable () throws(UADecodingError) -> Void)] = {
        let header = ResponseHeader(timestamp: t0).encodedBytes()
        let max = le(Int32.max)
        let emptyMessage = NotificationMessage(sequenceNumber: 1, publishTime: t0).encodedBytes()
        // PublishResponse fields up to the NotificationMessage's notificationData count.
        let publishPrefix = header + le(1) + le(0) + [0] + le(1) + t0.encodedBytes()
        let eoArray: [UInt8] = [0x80 | UABuiltInType.extensionObject.rawValue]
        return [
            ("string of Int32.max", { () throws(UADecodingError) in _ = try String.decode(max + Array("abc".utf8)) }),
            ("string at the limit", { () throws(UADecodingError) in _ = try String.decode(le(1 << 24) + Array("abc".utf8)) }),
            ("byte string of Int32.max", { () throws(UADecodingError) in _ = try X509IdentityToken.decode(le(-1) + max + [1, 2, 3]) }),
            ("byte string at the limit", { () throws(UADecodingError) in _ = try X509IdentityToken.decode(le(-1) + le(1 << 26) + [1, 2, 3]) }),
            ("array of Int32.max DataValues", { () throws(UADecodingError) in _ = try ReadResponse.decode(header + max + [0, 0, 0, 0]) }),
            ("array of 2^22 DataValues", { () throws(UADecodingError) in _ = try ReadResponse.decode(header + le(1 << 22) + [0, 0, 0, 0]) }),
            ("string table of Int32.max", { () throws(UADecodingError) in _ = try ResponseHeader.decode(Array(header[0..<17]) + max) }),
            ("continuation points of Int32.max", { () throws(UADecodingError) in
                _ = try BrowseNextRequest.decode(RequestHeader(timestamp: t0).encodedBytes() + [1] + max)
            }),
            ("Variant array of Int32.max ExtensionObjects", { () throws(UADecodingError) in _ = try Variant.decode(eoArray + max + [0, 0, 0]) }),
            ("Variant array of 2^21 ExtensionObjects", { () throws(UADecodingError) in _ = try Variant.decode(eoArray + le(1 << 21) + [0, 0, 0]) }),
            ("Variants in Variants down to Int32.max ExtensionObjects", { () throws(UADecodingError) in
                var frame: [UInt8] = []
                for _ in 0..<40 { frame += [0x80 | UABuiltInType.variant.rawValue] + le(1) }
                _ = try Variant.decode(frame + eoArray + max + [0, 0, 0])
            }),
            ("matrix with Int32.max dimensions", { () throws(UADecodingError) in
                _ = try Variant.decode([0xC0 | UABuiltInType.byte.rawValue] + le(1) + [7] + max + [0, 0, 0, 0])
            }),
            ("Int32.max notifications", { () throws(UADecodingError) in _ = try PublishResponse.decode(publishPrefix + max + [0, 0, 0]) }),
            ("notification body of Int32.max", { () throws(UADecodingError) in
                _ = try PublishResponse.decode(publishPrefix + le(1) + [0x01, 0x00, 0x2B, 0x03, 0x01] + max + [0, 0, 0])
            }),
            ("notification body of 2^26", { () throws(UADecodingError) in
                _ = try PublishResponse.decode(publishPrefix + le(1) + [0x01, 0x00, 0x2B, 0x03, 0x01] + le(1 << 26) + [0, 0, 0])
            }),
            ("DataChangeNotification of Int32.max items", { () throws(UADecodingError) in
                let object = ExtensionObject(typeId: DataChangeNotification.binaryEncodingId, body: .binary(max + [0, 0]))
                _ = try NotificationMessage(notificationData: [object]).decodedNotifications()
            }),
            ("event fields of 2^22 Variants", { () throws(UADecodingError) in _ = try EventNotificationList.decode(le(1) + le(3) + le(1 << 22) + [0]) }),
            ("references of Int32.max", { () throws(UADecodingError) in
                _ = try BrowseResponse.decode(header + le(1) + le(0) + le(-1) + max + emptyMessage)
            }),
        ]
    }()

    @Test func hugeLengthPrefixesThrowQuicklyWithoutAllocating() {
        // VmHWM is the process's peak resident memory; it is reset to the current RSS before
        // each round (clear_refs), so a round that allocated and touched memory shows as
        // growth. Other suites running in parallel can raise it too, so up to 3 rounds are
        // tried and one under 64 MiB suffices: a decoder that allocates per its length
        // prefixes (gigabytes here) fails every round.
        let canReset = ProcessMemory.resetPeakResident()
        var growths: [Int] = []
        for _ in 0..<(canReset ? 3 : 1) {
            _ = ProcessMemory.resetPeakResident()
            let before = ProcessMemory.peakResident ?? 0
            let start = ContinuousClock.now
            for _ in 0..<200 {
                for frame in Self.hugeFrames {
                    do throws(UADecodingError) {
                        try frame.decode()
                        Issue.record("\(frame.name) decoded")
                    } catch {
                        switch error.reason {
                        case .truncated, .lengthOverLimit: break
                        default: Issue.record("\(frame.name): \(error)")
                        }
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(2), "\(200 * Self.hugeFrames.count) hostile frames took \(elapsed)")
            growths.append((ProcessMemory.peakResident ?? 0) - before)
            if growths.last! <= 64 << 20 { break }
        }
        if ProcessMemory.peakResident != nil {
            #expect(growths.contains { $0 <= 64 << 20 }, "peak resident memory grew by \(growths.map { $0 >> 20 }) MiB")
        }
    }

    @Test func theReasonsNameTheLimit() throws {
        #expect(throws: UADecodingError(.lengthOverLimit(what: "string", length: Int(Int32.max), limit: 1 << 24), at: 4)) {
            try String.decode(le(Int32.max) + [0])
        }
        #expect(throws: UADecodingError(.truncated(needed: 1 << 22, remaining: 4), at: ResponseHeader(timestamp: Self.t0).encodedBytes().count + 4)) {
            try ReadResponse.decode(ResponseHeader(timestamp: Self.t0).encodedBytes() + le(1 << 22) + [0, 0, 0, 0])
        }
        #expect(throws: UADecodingError(.negativeLength(what: "array", length: -2), at: 4)) { try EventNotificationList.decode(le(-2)) }
    }

    @Test func anArrayReservesNoMoreThanItsFrameCouldFill() {
        // 2^20 one-byte elements that are 8 KiB each in memory, the first malformed: a reader
        // that reserved the claimed count would map 8 GiB before failing. VmPeak counts
        // address space reserved even if never touched.
        let frame = le(1 << 20) + [UInt8](repeating: 0xFF, count: 1 << 20)
        let before = ProcessMemory.peakVirtual
        for _ in 0..<3 {
            var reader = UABinaryReader(bytes: frame)
            #expect(throws: UADecodingError.self) { _ = try reader.readArray(WideElement.self) }
        }
        if let before, let after = ProcessMemory.peakVirtual {
            #expect(after - before < 2 << 30, "peak virtual memory grew by \((after - before) >> 20) MiB")
        }
    }
}
