/// Processes to resume at the current instant, before any calendar event of the same time:
/// those granted a resource or a buffer slot, interrupted or activated. A FIFO ring, so
/// these wake-ups cost no heap operations and keep their order.
@usableFromInline
final class ReadyQueue {
    @usableFromInline var storage: UnsafeMutablePointer<Activation>
    @usableFromInline var mask: Int
    @usableFromInline var head = 0
    @usableFromInline var count = 0

    init(initialCapacity: Int = 64) {
        var capacity = 1
        while capacity < initialCapacity { capacity <<= 1 }
        storage = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    deinit { storage.deallocate() }

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable
    func append(_ activation: Activation) {
        if count > mask { grow() }
        storage[(head + count) & mask] = activation
        count += 1
    }

    @inlinable
    func popFirst() -> Activation {
        let activation = storage[head]
        head = (head + 1) & mask
        count -= 1
        return activation
    }

    @usableFromInline
    func grow() {
        let capacity = (mask + 1) * 2
        let larger = UnsafeMutablePointer<Activation>.allocate(capacity: capacity)
        for i in 0..<count { larger[i] = storage[(head + i) & mask] }
        storage.deallocate()
        storage = larger
        head = 0
        mask = capacity - 1
    }
}
