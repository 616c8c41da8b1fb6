import MESCore

/// The gauge a trainee reads: at a work centre left to trainees nobody simulated measures the
/// parts, so the twin shows the trainee what the gauge reads and the trainee records it.
extension LiveTwin {
    /// What the gauge reads on the part of inspection `inspectionId`, by characteristic id. Nil
    /// when the MES has no such inspection; refused (`TwinError`) when the inspection is closed
    /// or its part is not one the twin holds for a trainee. See `gaugeReading(inspectionId:)`.
    public func gaugeReadings(inspectionId: String) throws -> [String: Double]? {
        try gaugeReading(inspectionId: inspectionId)?.values
    }

    /// The reading of inspection `inspectionId`, measured the first time it is asked for and the
    /// same ever after. The physics are the simulated operators' (nominal, what the process
    /// built into the part, part-to-part variation, a bad lot's offset), but the variation is
    /// drawn from streams of the reading's own (`gauge/<inspection>/<characteristic>`): looking
    /// at a gauge leaves the simulated run's numbers alone, and the same seed and the same
    /// trainee actions give the same readings whenever (and in whatever order) they are asked for.
    ///
    /// Nil when the MES has no such inspection. Refused when the inspection is closed, or its
    /// part does not wait for a trainee on the simulated floor (in the queue of a work centre
    /// left to trainees, or held by a machine blocked on that queue).
    public func gaugeReading(inspectionId: String) throws -> GaugeReading? {
        let state = mesState
        guard let inspection = state.inspections[inspectionId] else { return nil }
        guard inspection.status == .open else {
            throw TwinError("inspection \(inspectionId) is \(inspection.status.rawValue): the gauge is read for an open inspection, before its results are recorded")
        }
        if let kept = gaugeReadingsShown[inspectionId] { return kept }
        guard let plan = model.plant.inspectionPlans.first(where: { $0.id == inspection.planId }) else {
            throw TwinError("inspection \(inspectionId) follows plan '\(inspection.planId)', which plant '\(model.plant.name)' does not describe: the twin has no gauge for it")
        }
        guard let job = floor.jobWaitingForTrainee(inspection.serial) else {
            throw TwinError("serial \(inspection.serial) of inspection \(inspectionId) \(whereabouts(of: inspection.serial, in: state)): "
                            + "the twin shows gauge readings only on parts waiting at a trainee's work centre (\(traineeWork.entries.joined(separator: ", ")))")
        }
        var values: [String: Double] = [:]
        for characteristic in plan.characteristics where inspection.characteristicIds.contains(characteristic.id) {
            let noise = floor.streams.stream(named: "gauge/\(inspectionId)/\(characteristic.id)")
            let value = floor.measure(characteristic, of: job, plan: plan, noise: noise)
            values[characteristic.id] = GaugeReading.displayed(value, resolution: GaugeReading.resolution(of: characteristic))
        }
        let reading = GaugeReading(inspectionId: inspectionId, serial: inspection.serial, planId: plan.id, values: values, hours: hours,
                                   journalLength: floor.engine.journalLength)
        gaugeReadingsShown[inspectionId] = reading
        return reading
    }

    /// Every gauge reading shown to trainees so far, in the order they were first asked for.
    public var gaugeReadingsTaken: [GaugeReading] {
        gaugeReadingsShown.values.sorted { ($0.journalLength, $0.hours, $0.inspectionId) < ($1.journalLength, $1.hours, $1.inspectionId) }
    }

    /// Where the MES has a serial the twin does not hold for a trainee, for a refusal's message.
    private func whereabouts(of serial: String, in state: MESState) -> String {
        guard let unit = state.serials[serial] else { return "is unknown to the MES" }
        guard unit.status == .inProcess else { return "is \(unit.status.rawValue)" }
        if let running = unit.operations.first(where: { $0.status == .inProgress }), !traineeWork.leaves(running.workCenter) {
            return "is on operation \(running.number) at \(running.workCenter), the simulated operators' work"
        }
        if unit.isOnHold { return "is held by \(unit.holds.joined(separator: ", "))" }
        if let next = unit.nextOperation, !traineeWork.leaves(next.workCenter) {
            return "waits for operation \(next.number) at \(next.workCenter), the simulated operators' work"
        }
        return "is not waiting at a trainee's work centre on the simulated floor"
    }
}
