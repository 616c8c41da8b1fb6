/// A finite FIFO store between stations (a WIP buffer, a conveyor, a kitting area).
/// A process that puts into a full buffer is blocked, keeping its item, until room frees
/// (blocking after service); a process that gets from an empty buffer is starved until an
/// item arrives. Capacity 0 hands items from putter to getter directly; `.max` is unbounded.
public final class Buffer<Item>: WaitQueue {
    public let name: String
    public let capacity: Int
    @usableFromInline let items = FIFOQueue<Item>()
    /// Items at the head already handed to woken getters that have not yet taken them.
    @usableFromInline var reserved = 0
    @usableFromInline let getters = FIFOQueue<Unmanaged<Process>>()
    @usableFromInline let putters = FIFOQueue<BlockedPut>()
    /// Items held over time.
    public let level: TimeWeightedMonitor

    @usableFromInline
    struct BlockedPut {
        @usableFromInline let process: Unmanaged<Process>
        @usableFromInline let item: Item

        @inlinable init(process: Unmanaged<Process>, item: Item) {
            self.process = process
            self.item = item
        }
    }

    public init(_ simulation: Simulation, name: String, capacity: Int = .max) {
        precondition(capacity >= 0, "buffer '\(name)' needs a capacity of at least 0, got \(capacity)")
        self.name = name
        self.capacity = capacity
        level = TimeWeightedMonitor(simulation, name: "\(name).level")
    }

    /// Items in the buffer now.
    public var count: Int { items.count - reserved }
    /// Whether a put would block now.
    public var isFull: Bool { getters.isEmpty && items.count - reserved >= capacity }
    /// Processes starved on this buffer now.
    public var starvedCount: Int { getters.count }
    /// Processes blocked on this buffer now.
    public var blockedCount: Int { putters.count }

    /// Takes the oldest item. Answers nil when the buffer is empty: the process then waits,
    /// is resumed once an item is set aside for it, and calling `get` again returns that item.
    @inlinable
    public func get(_ process: Process) -> Item? {
        if process.takeGrant(from: ObjectIdentifier(self)) {
            reserved -= 1
            return removeFirst()
        }
        if items.count > reserved { return removeFirst() }
        if !putters.isEmpty {
            let blocked = putters.removeFirst()
            blocked.process._withUnsafeGuaranteedRef { $0.grant(by: ObjectIdentifier(self)) }
            return blocked.item
        }
        getters.append(.passUnretained(process))
        process.wait(in: self)
        return nil
    }

    /// Adds `item`. Answers false when the buffer is full: the process is then blocked with
    /// its item, resumed once the item has been admitted, and calling `put` again answers true.
    @inlinable
    public func put(_ item: Item, _ process: Process) -> Bool {
        if process.takeGrant(from: ObjectIdentifier(self)) { return true }
        if offer(item) { return true }
        putters.append(BlockedPut(process: .passUnretained(process), item: item))
        process.wait(in: self)
        return false
    }

    /// Adds `item` if there is room now, without blocking; answers whether it was taken.
    /// This is how an arrival is lost at a full station (M/M/1/K).
    @inlinable
    public func offer(_ item: Item) -> Bool {
        guard !isFull && putters.isEmpty else { return false }
        admit(item)
        level.set(Double(items.count - reserved))
        return true
    }

    @inlinable
    func admit(_ item: Item) {
        items.append(item)
        if !getters.isEmpty {
            reserved += 1
            getters.removeFirst()._withUnsafeGuaranteedRef { $0.grant(by: ObjectIdentifier(self)) }
        }
    }

    @inlinable
    func removeFirst() -> Item {
        let item = items.removeFirst()
        if !putters.isEmpty && items.count - reserved < capacity {
            let blocked = putters.removeFirst()
            admit(blocked.item)
            blocked.process._withUnsafeGuaranteedRef { $0.grant(by: ObjectIdentifier(self)) }
        }
        level.set(Double(items.count - reserved))
        return item
    }

    public func cancelWait(_ process: Process) {
        let opaque = Unmanaged.passUnretained(process).toOpaque()
        getters.removeAll { $0.toOpaque() == opaque }
        putters.removeAll { $0.process.toOpaque() == opaque }
    }
}
