import Foundation
import MESCore
import PlantFiles
import Simulation

/// A training event as it happened on the simulated floor: what, to what, when.
public struct TrainingEventRecord: Codable, Sendable, Equatable {
    public let kind: String
    public let subject: String
    /// Simulated hours from the scenario's start.
    public let hours: Double
    public let time: Date
    /// Scripted in the scenario, or injected from the trainer's console.
    public let injected: Bool
    public let event: TrainingEvent
}

/// Carries out one training event at its time.
final class TrainingEventProcess: KernelProcess {
    unowned let floor: ShopFloor
    let event: TrainingEvent
    let injected: Bool

    init(_ simulation: Simulation, floor: ShopFloor, event: TrainingEvent, injected: Bool) {
        self.floor = floor
        self.event = event
        self.injected = injected
        super.init(simulation, name: "training event \(event.kind)")
    }

    override func resume() {
        floor.apply(event, injected: injected)
        finish()
    }
}

extension ShopFloor {
    /// Schedules `event` at `hours` (not before now). A certification's expiry is recorded in the
    /// MES at once (by the training script's administrator), so the MES refuses starts after it.
    func schedule(_ event: TrainingEvent, atHours hours: Double, injected: Bool) {
        if let expiry = event.certificationExpires {
            let issued = engine.state.operators[expiry.operator]?.certifications.first { $0.skill == expiry.certification }?.issued ?? model.start
            let expires = date(hours)
            mes(.certifyOperator(operatorId: expiry.operator, certification: Certification(skill: expiry.certification, issued: min(issued, expires), expires: expires)),
                by: trainingScript)
        }
        simulation.start(TrainingEventProcess(simulation, floor: self, event: event, injected: injected), after: max(0, hours - now))
    }

    /// The event's effect on the floor, now.
    func apply(_ event: TrainingEvent, injected: Bool) {
        trainingLog.append(TrainingEventRecord(kind: event.kind, subject: event.subject, hours: now, time: date(now), injected: injected, event: event))
        if let breakdown = event.breakdown, let machine = machines.first(where: { $0.spec.id == breakdown.machine }) {
            machine.strike(repairHours: breakdown.repairMinutes / 60)
        }
        if let bad = event.badLot { useBadLot(bad.lot) }
        if let drift = event.sensorDrift, let machine = machines.first(where: { $0.spec.id == drift.machine }) {
            for sensor in machine.sensors where sensor.spec.tag == drift.tag { sensor.extraDrift += drift.perCycle }
        }
        if let expiry = event.certificationExpires {
            for person in operators where person.actor.id == expiry.operator { person.certifications.remove(expiry.certification) }
        }
    }
}
