/// The time average of a piecewise-constant quantity (queue length, WIP, a machine's busy
/// flag): the area under its path divided by the elapsed time.
public struct TimeWeightedAverage: Sendable, Equatable {
    public let startTime: Double
    @usableFromInline var lastChange: Double
    @usableFromInline var value: Double
    @usableFromInline var area = 0.0
    @usableFromInline var areaOfSquares = 0.0
    @usableFromInline var smallest: Double
    @usableFromInline var largest: Double

    /// Starts observing at `time` with the quantity at `value`.
    public init(startingAt time: Double = 0, value: Double = 0) {
        startTime = time
        lastChange = time
        self.value = value
        smallest = value
        largest = value
    }

    /// The quantity changes to `newValue` at `time` (not earlier than the previous change).
    @inlinable
    public mutating func record(_ newValue: Double, at time: Double) {
        precondition(time >= lastChange, "time-weighted average: time went backwards (\(time) < \(lastChange))")
        let span = time - lastChange
        area += value * span
        areaOfSquares += value * value * span
        lastChange = time
        value = newValue
        if newValue < smallest { smallest = newValue }
        if newValue > largest { largest = newValue }
    }

    /// The quantity's present value.
    public var current: Double { value }
    public var lastTime: Double { lastChange }
    public var min: Double { smallest }
    public var max: Double { largest }

    /// The average over [start, `time`]; `time` may lie after the last change.
    public func mean(at time: Double) -> Double {
        let elapsed = time - startTime
        guard elapsed > 0 else { return value }
        return (area + value * (time - lastChange)) / elapsed
    }

    /// The time-weighted variance over [start, `time`].
    public func variance(at time: Double) -> Double {
        let elapsed = time - startTime
        guard elapsed > 0 else { return 0 }
        let m = mean(at: time)
        let secondMoment = (areaOfSquares + value * value * (time - lastChange)) / elapsed
        return Swift.max(0, secondMoment - m * m)
    }

    /// Forgets the history before `time` (warm-up), keeping the current value.
    public mutating func reset(at time: Double) {
        self = TimeWeightedAverage(startingAt: time, value: value)
    }
}
