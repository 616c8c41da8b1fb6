import PlantFiles
import Stochastics

/// A machine's process value: nominal plus tool wear that builds up cycle by cycle (reset at
/// each tool change) plus noise. Its deviation from nominal moves the characteristics it
/// influences, so parts drift out of specification as the tool wears.
final class SensorModel {
    let spec: SensorDescription
    private let stream: RandomStream
    private var wear = 0.0
    private var cyclesSinceChange = 0
    /// Extra drift per cycle from a scripted sensor-drift event.
    var extraDrift = 0.0

    init(_ spec: SensorDescription, stream: RandomStream) {
        self.spec = spec
        self.stream = stream
    }

    /// The value measured during the next cycle.
    func nextCycle() -> Double {
        if let reset = spec.resetAfterCycles, cyclesSinceChange >= reset {
            cyclesSinceChange = 0
            wear = 0
        }
        cyclesSinceChange += 1
        wear += (spec.driftPerCycle ?? 0) + extraDrift
        return spec.nominal + wear + spec.noise.sample(stream)
    }
}
