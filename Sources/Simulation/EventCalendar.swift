/// The future event list: a binary min-heap of activations ordered by (time, priority,
/// insertion sequence). Raw storage keeps bounds checks and copy-on-write checks off the
/// kernel's hot path; the heap never allocates once it has grown to the model's size.
@usableFromInline
final class EventCalendar {
    @usableFromInline var storage: UnsafeMutablePointer<Activation>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0

    init(initialCapacity: Int = 64) {
        capacity = Swift.max(1, initialCapacity)
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    @inlinable var isEmpty: Bool { count == 0 }

    /// The earliest activation; only valid when not empty.
    @inlinable var first: Activation { storage[0] }

    @inlinable
    func push(_ activation: Activation) {
        if count == capacity { grow() }
        var hole = count
        count += 1
        while hole > 0 {
            let parent = (hole - 1) >> 1
            guard activation.precedes(storage[parent]) else { break }
            storage[hole] = storage[parent]
            hole = parent
        }
        storage[hole] = activation
    }

    /// Removes and returns the earliest activation; only valid when not empty.
    @inlinable
    func popFirst() -> Activation {
        let top = storage[0]
        count -= 1
        let last = storage[count]
        let n = count
        var hole = 0
        while true {
            var child = 2 * hole + 1
            if child >= n { break }
            if child + 1 < n && storage[child + 1].precedes(storage[child]) { child += 1 }
            guard storage[child].precedes(last) else { break }
            storage[hole] = storage[child]
            hole = child
        }
        storage[hole] = last
        return top
    }

    /// Removes the activations for which `shouldRemove` holds and restores the heap order;
    /// returns what was removed.
    func removeAll(where shouldRemove: (Activation) -> Bool) -> [Activation] {
        var removed: [Activation] = []
        var kept = 0
        for index in 0..<count {
            let activation = storage[index]
            if shouldRemove(activation) {
                removed.append(activation)
            } else {
                storage[kept] = activation
                kept += 1
            }
        }
        count = kept
        var parent = count / 2 - 1
        while parent >= 0 {
            siftDown(from: parent)
            parent -= 1
        }
        return removed
    }

    private func siftDown(from start: Int) {
        let moving = storage[start]
        var hole = start
        while true {
            var child = 2 * hole + 1
            if child >= count { break }
            if child + 1 < count && storage[child + 1].precedes(storage[child]) { child += 1 }
            guard storage[child].precedes(moving) else { break }
            storage[hole] = storage[child]
            hole = child
        }
        storage[hole] = moving
    }

    @usableFromInline
    func grow() {
        let larger = UnsafeMutablePointer<Activation>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
