import CGSL

/// One independent source of random numbers: a GSL Mersenne Twister (mt19937) seeded from
/// (scenario seed, stream name), so each random source in a model is reproducible on its own.
///
/// Not thread-safe: a stream belongs to one simulation run.
public final class RandomStream {
    public let name: String
    /// The 32 bits that mt19937 actually uses (GSL truncates wider seeds).
    public let seed: UInt32
    @usableFromInline let generator: UnsafeMutablePointer<gsl_rng>

    /// A stream seeded directly; prefer `RandomStreams.stream(named:)` in models.
    public init(name: String, seed: UInt32) {
        GSLErrors.installHandler
        guard let generator = gsl_rng_alloc(jetmes_rng_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.name = name
        self.seed = seed
        self.generator = generator
        // mt19937 maps seed 0 to its default 4357; keep 0 distinct from that.
        gsl_rng_set(generator, seed == 0 ? 0x5eed_0000 : UInt(seed))
    }

    deinit { gsl_rng_free(generator) }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(generator) }

    /// Uniform on (0, 1), never exactly zero (for logarithms and inverse CDFs).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform integer in 0..<bound.
    @inlinable public func integer(below bound: Int) -> Int {
        precondition(bound > 0, "integer(below:) needs a positive bound, got \(bound)")
        return Int(gsl_rng_uniform_int(generator, UInt(bound)))
    }
}

/// GSL aborts the process on errors by default; JetMES validates inputs itself and wants
/// GSL functions to return their status instead.
enum GSLErrors {
    static let installHandler: Void = { jetmes_gsl_disable_abort() }()
}
