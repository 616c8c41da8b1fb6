import MESCore

/// A person on the simulated shop floor: books work in the MES as themselves, under the
/// Operator role, when on shift and certified for it.
final class SimulatedOperator {
    let actor: Actor
    /// What the person is certified for now (a training event can let one expire).
    var certifications: Set<String>
    /// Work speed relative to standard; cycle times are divided by it.
    let efficiency: Double
    let shift: String?
    var busy = false

    init(actor: Actor, certifications: Set<String>, efficiency: Double, shift: String?) {
        self.actor = actor
        self.certifications = certifications
        self.efficiency = efficiency
        self.shift = shift
    }

    func mayDo(_ certification: String?) -> Bool { certification.map(certifications.contains) ?? true }
}
