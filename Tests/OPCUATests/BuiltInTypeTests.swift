import Foundation
import Testing

@testable import OPCUA

@Suite struct BuiltInTypeTests {
    @Test func nodeIdsUseTheSmallestEncodingAndRoundTrip() throws {
        #expect(NodeId.numeric(85).encodedBytes() == [0x00, 85])
        #expect(NodeId.numeric(1025, namespace: 5).encodedBytes() == [0x01, 5, 0x01, 0x04])
        #expect(NodeId.numeric(70_000, namespace: 2).encodedBytes() == [0x02, 2, 0, 0x70, 0x11, 0x01, 0x00])
        #expect(NodeId.string("Hot水", namespace: 1).encodedBytes() == [0x03, 1, 0, 6, 0, 0, 0, 0x48, 0x6F, 0x74, 0xE6, 0xB0, 0xB4])
        for text in ["i=85", "ns=2;s=Lathe.State", "ns=1;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63", "ns=3;b=AQID"] {
            let node = try #require(NodeId(text))
            #expect(node.description == text)
            #expect(try NodeId.decode(node.encodedBytes()) == node)
        }
        #expect(NodeId("ns=x;i=1") == nil)
        #expect(NodeId("q=1") == nil)
    }

    @Test func guidFollowsTheMixedEndianLayout() throws {
        // OPC 10000-6 §5.2.2.7's example: 72962B91-FA75-4AE6-8D28-B404DC7DAF63.
        let guid = try #require(UUID(uuidString: "72962B91-FA75-4AE6-8D28-B404DC7DAF63"))
        #expect(guid.encodedBytes() == [0x91, 0x2B, 0x96, 0x72, 0x75, 0xFA, 0xE6, 0x4A, 0x8D, 0x28, 0xB4, 0x04, 0xDC, 0x7D, 0xAF, 0x63])
    }

    @Test func expandedNodeIdsCarryNamespaceURIs() throws {
        let node = try #require(ExpandedNodeId("nsu=urn:jetmes:test;s=Lathe"))
        #expect(node.namespaceURI == "urn:jetmes:test")
        #expect(node.description == "nsu=urn:jetmes:test;s=Lathe")
        #expect(try ExpandedNodeId.decode(node.encodedBytes()) == node)
        #expect(node.encodedBytes().first == 0x83)
    }

    @Test func variantsRoundTripScalarsArraysAndMatrices() throws {
        let values: [Variant] = [
            .empty, .boolean(true), .int32(-7), .double(2.5), .string("Spindle"), .scalar(.string(nil)),
            .scalar(.dateTime(Date(timeIntervalSince1970: 1_700_000_000))), .scalar(.statusCode(.badSensorFailure)),
            .scalar(.localizedText(LocalizedText(locale: "en", "Idle"))), .scalar(.qualifiedName(QualifiedName(namespace: 2, "Lathe"))),
            .doubles([1, 2, 3, 4, 5, 6]), .array(.double, (0..<6).map { .double(Double($0)) }, dimensions: [2, 3]),
            .array(.variant, [.variant(.int32(1)), .variant(.string("a"))]),
            .scalar(.dataValue(DataValue(value: .double(1), status: .uncertain))),
        ]
        for value in values {
            #expect(try Variant.decode(value.encodedBytes()) == value)
        }
        #expect(Variant.double(1).encodedBytes() == [11, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    }

    @Test func dataValuesKeepStatusAndTimestamps() throws {
        let time = Date(timeIntervalSince1970: 1_750_000_000.25)
        let value = DataValue(value: .double(3), status: .badSensorFailure, sourceTimestamp: time, sourcePicoseconds: 10, serverTimestamp: time)
        let decoded = try DataValue.decode(value.encodedBytes())
        #expect(decoded.status == .badSensorFailure)
        #expect(decoded.status.description == "BadSensorFailure")
        #expect(abs(decoded.sourceTimestamp!.timeIntervalSince(time)) < 1e-6)
        #expect(decoded.sourcePicoseconds == 10)
    }

    @Test func lengthsBeyondTheBytesSentAreRefusedBeforeAllocating() {
        // An array of Doubles claiming 2^30 elements with 8 bytes behind it.
        var frame: [UInt8] = [0x8B]
        frame += withUnsafeBytes(of: Int32(1 << 30).littleEndian, Array.init)
        frame += [UInt8](repeating: 0, count: 8)
        #expect(throws: UADecodingError.self) { try Variant.decode(frame) }
        let strict = UADecodingLimits(maxStringLength: 4)
        #expect(throws: UADecodingError.self) { try String.decode([5, 0, 0, 0, 0x41, 0x41, 0x41, 0x41, 0x41], limits: strict) }
    }

    @Test func deeplyNestedVariantsStopAtTheDepthLimit() {
        // Array-of-Variant holding array-of-Variant …, 200 levels.
        var frame: [UInt8] = []
        for _ in 0..<200 { frame += [0x80 | 24, 1, 0, 0, 0] }
        frame += [0]
        #expect(throws: UADecodingError.self) { try Variant.decode(frame) }
    }
}
