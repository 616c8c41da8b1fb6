import Testing

@testable import Stochastics

@Suite("Stable hashing of stream names")
struct StableHashTests {
    @Test("FNV-1a 64 matches the published test vectors")
    func fnvVectors() {
        #expect(StableHash.fnv1a64("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar".utf8) == 0x8594_4171_f739_67e8)
    }

    @Test("stream seeds are pinned: a change here would silently change every scenario's random numbers")
    func pinnedSeeds() {
        // SplitMix64's first output for state 0, as published with the generator.
        #expect(StableHash.mix(0) == 0xe220_a839_7b1d_cdaf)
        #expect(StableHash.streamSeed(scenarioSeed: 42, streamName: "machine-1.failures") == Self.pinnedMachineFailureSeed)
    }

    static let pinnedMachineFailureSeed: UInt64 = 13_084_848_388_093_141_615

    @Test("seeds differ across names and scenario seeds")
    func seedsSpread() {
        let names = (0..<2_000).map { "machine-\($0).cycle" }
        let seeds = Set(names.map { StableHash.streamSeed(scenarioSeed: 7, streamName: $0) })
        #expect(seeds.count == names.count)
        #expect(StableHash.streamSeed(scenarioSeed: 7, streamName: "a") != StableHash.streamSeed(scenarioSeed: 8, streamName: "a"))
    }
}
