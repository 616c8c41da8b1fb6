/// A process's pending resumption: when, in what order among simultaneous activations, and
/// which process. A trivial (bit-copyable) value, so the calendar moves it without ARC traffic.
@usableFromInline
struct Activation {
    @usableFromInline var time: Double
    /// Priority in the top 16 bits (biased so that lower priorities sort first), insertion
    /// sequence in the low 48: one integer comparison breaks every tie deterministically.
    @usableFromInline var order: UInt64
    @usableFromInline var process: Unmanaged<Process>
    /// Must equal the process's token when popped; anything else means it was cancelled.
    @usableFromInline var token: UInt32

    @inlinable
    init(time: Double, order: UInt64, process: Unmanaged<Process>, token: UInt32) {
        self.time = time
        self.order = order
        self.process = process
        self.token = token
    }

    @inlinable @inline(__always)
    func precedes(_ other: Activation) -> Bool {
        time < other.time || (time == other.time && order < other.order)
    }

    /// Packs a priority (−32768...32767, lower first) and a sequence number into `order`.
    @inlinable @inline(__always)
    static func order(priority: Int, sequence: UInt64) -> UInt64 {
        (UInt64(UInt16(truncatingIfNeeded: priority &+ 0x8000)) << 48) | (sequence & 0xFFFF_FFFF_FFFF)
    }
}
