/// A growable first-in first-out ring of values. A class with raw storage rather than a
/// `Deque`, so that a buffer holding it in a `let` can append and pop with no copy-on-write
/// uniqueness checks or reference counting on the kernel's hot path.
@usableFromInline
final class FIFOQueue<Element> {
    @usableFromInline var storage: UnsafeMutablePointer<Element>
    @usableFromInline var mask: Int
    @usableFromInline var head = 0
    @usableFromInline var count = 0

    @usableFromInline
    init(initialCapacity: Int = 16) {
        var capacity = 1
        while capacity < initialCapacity { capacity <<= 1 }
        storage = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    deinit {
        for offset in 0..<count { (storage + ((head + offset) & mask)).deinitialize(count: 1) }
        storage.deallocate()
    }

    @inlinable var isEmpty: Bool { count == 0 }

    /// The oldest element; only valid when not empty.
    @inlinable var first: Element { storage[head] }

    @inlinable
    func append(_ element: Element) {
        if count > mask { grow() }
        (storage + ((head + count) & mask)).initialize(to: element)
        count += 1
    }

    /// Removes the oldest element.
    @inlinable
    func removeFirst() -> Element {
        precondition(count > 0, "removeFirst from an empty queue")
        let element = (storage + head).move()
        head = (head + 1) & mask
        count -= 1
        return element
    }

    /// Removes the element `offset` places from the oldest, keeping the others' order; cheap
    /// near the head, which is where buffers take from.
    @inlinable
    func remove(at offset: Int) -> Element {
        precondition(offset >= 0 && offset < count, "remove(at: \(offset)) outside a queue of \(count)")
        if offset == 0 { return removeFirst() }
        let element = (storage + ((head + offset) & mask)).move()
        var index = offset
        while index > 0 {
            (storage + ((head + index) & mask)).moveInitialize(from: storage + ((head + index - 1) & mask), count: 1)
            index -= 1
        }
        head = (head + 1) & mask
        count -= 1
        return element
    }

    /// Removes every element for which `shouldRemove` holds, keeping the others' order.
    func removeAll(where shouldRemove: (Element) -> Bool) {
        var kept: [Element] = []
        kept.reserveCapacity(count)
        while !isEmpty {
            let element = removeFirst()
            if !shouldRemove(element) { kept.append(element) }
        }
        for element in kept { append(element) }
    }

    @usableFromInline
    func grow() {
        let capacity = (mask + 1) * 2
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        for offset in 0..<count { (larger + offset).moveInitialize(from: storage + ((head + offset) & mask), count: 1) }
        storage.deallocate()
        storage = larger
        head = 0
        mask = capacity - 1
    }
}
