/// A finite FIFO store between stations (a WIP buffer, a conveyor, a kitting area).
/// A process that puts into a full buffer is blocked, keeping its item, until room frees
/// (blocking after service); a process that gets from an empty buffer is starved until an
/// item arrives. Capacity 0 hands items from putter to getter directly; `.max` is unbounded.
public final class Buffer<Item>: WaitQueue {
    public let name: String
    public let capacity: Int
    /// Items in arrival order; the first `reserved` are set aside for woken getters.
    @usableFromInline let items = FIFOQueue<Item>()
    @usableFromInline var reserved = 0
    @usableFromInline let getters = FIFOQueue<Unmanaged<Process>>()
    @usableFromInline let putters = FIFOQueue<BlockedPut>()
    /// Items held over time (those set aside for woken getters excluded).
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

    /// Items in the buffer now, not counting those already set aside for woken getters.
    public var count: Int { items.count - reserved }
    /// Whether a put would block now.
    public var isFull: Bool { getters.isEmpty && items.count - reserved >= capacity }
    /// Processes starved on this buffer now.
    public var starvedCount: Int { getters.count }
    /// Processes blocked on this buffer now.
    public var blockedCount: Int { putters.count }

    /// Takes the oldest item. Answers nil when the buffer is empty: the process then waits,
    /// is resumed once an item is set aside for it, and calling `get` again returns it.
    @inlinable
    public func get(_ process: Process) -> Item? {
        if process.takeGrant(from: ObjectIdentifier(self), kind: .item) {
            reserved -= 1
            return take(at: 0)
        }
        if items.count > reserved { return take(at: reserved) }
        if !putters.isEmpty {
            let blocked = putters.removeFirst()
            blocked.process._withUnsafeGuaranteedRef { $0.grant(by: self, kind: .put) }
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
        if process.takeGrant(from: ObjectIdentifier(self), kind: .put) { return true }
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

    /// Stores `item`, setting it aside for the longest-starved getter if there is one.
    @inlinable
    func admit(_ item: Item) {
        items.append(item)
        reserveForNextGetter()
    }

    @inlinable
    func reserveForNextGetter() {
        guard !getters.isEmpty, items.count > reserved else { return }
        reserved += 1
        getters.removeFirst()._withUnsafeGuaranteedRef { $0.grant(by: self, kind: .item) }
    }

    /// Removes the item at `offset` and lets the longest-blocked putter in if there is room now.
    @inlinable
    func take(at offset: Int) -> Item {
        let item = items.remove(at: offset)
        if !putters.isEmpty && items.count - reserved < capacity {
            let blocked = putters.removeFirst()
            admit(blocked.item)
            blocked.process._withUnsafeGuaranteedRef { $0.grant(by: self, kind: .put) }
        }
        assert(reserved >= 0 && reserved <= items.count, "buffer '\(name)': \(reserved) reserved of \(items.count) items")
        level.set(Double(items.count - reserved))
        return item
    }

    public func cancelWait(_ process: Process) {
        let opaque = Unmanaged.passUnretained(process).toOpaque()
        getters.removeAll { $0.toOpaque() == opaque }
        putters.removeAll { $0.process.toOpaque() == opaque }
    }

    /// An item set aside for a getter that was interrupted or finished goes to the next starved
    /// getter, or back into stock; an admitted put cannot be undone.
    public func revokeGrant(_ process: Process, kind: GrantKind) -> Bool {
        guard kind == .item else { return false }
        reserved -= 1
        reserveForNextGetter()
        level.set(Double(items.count - reserved))
        return true
    }
}
