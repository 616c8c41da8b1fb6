/// A hash that is the same in every process, on every machine and in every Swift release.
///
/// Swift's `Hasher` is seeded per process, so it cannot derive reproducible RNG seeds; this is
/// FNV-1a (64-bit) over the UTF-8 bytes, with a SplitMix64 finaliser to spread nearby inputs.
public enum StableHash {
    public static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// Plain FNV-1a 64 of the bytes (kept separate so it can be checked against published vectors).
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes, basis: UInt64 = fnvOffsetBasis) -> UInt64 where Bytes.Element == UInt8 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* fnvPrime
        }
        return hash
    }

    /// SplitMix64's output function: a bijective avalanche mix of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The seed of the stream called `name` within a scenario seeded with `seed`.
    public static func streamSeed(scenarioSeed seed: UInt64, streamName name: String) -> UInt64 {
        mix(fnv1a64(name.utf8, basis: fnvOffsetBasis ^ mix(seed)))
    }
}
