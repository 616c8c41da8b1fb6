/// The random streams of one scenario replication.
///
/// A stream's seed depends only on the scenario seed and the stream's name, so a what-if
/// variant that changes one machine leaves every other source's numbers untouched
/// (common random numbers), and replication `r` is just another scenario seed.
public struct RandomStreams: Sendable {
    public let scenarioSeed: UInt64

    public init(seed: UInt64) { self.scenarioSeed = seed }

    /// The streams for replication `index` (0-based) of a scenario seeded with `seed`.
    public init(seed: UInt64, replication index: Int) {
        self.scenarioSeed = StableHash.mix(seed &+ UInt64(truncatingIfNeeded: index) &* 0x9e37_79b9_7f4a_7c15)
    }

    /// A fresh stream for the random source called `name`; the same name always gives the same sequence.
    public func stream(named name: String) -> RandomStream {
        let seed = StableHash.streamSeed(scenarioSeed: scenarioSeed, streamName: name)
        return RandomStream(name: name, seed: UInt32(truncatingIfNeeded: seed ^ (seed >> 32)))
    }
}
