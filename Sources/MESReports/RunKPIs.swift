import Foundation

/// The figures of one run — a simulated replication or a period of a production database —
/// computed from the MES record alone. Hours are clipped to the observation window.
public struct RunKPIs: Codable, Sendable, Equatable {
    public var windowHours: Double
    public var plant: PlantFigures
    /// Sorted by id.
    public var machines: [MachineFigures]
    /// Sorted by id.
    public var workCenters: [WorkCenterFigures]
}

/// ISO 22400-2 time model of one machine over the window, and what it produced.
public struct MachineFigures: Codable, Sendable, Equatable {
    public var id: String
    /// Actual production time (APT): Execute.
    public var productionHours = 0.0
    public var setupHours = 0.0
    /// Idle inside planned operation: no job, no operator, or no material.
    public var idleHours = 0.0
    /// Suspended: blocked by a full downstream buffer (or starved by upstream equipment).
    public var suspendedHours = 0.0
    public var heldHours = 0.0
    /// Unplanned downtime: breakdowns (Aborted) and corrective maintenance.
    public var downHours = 0.0
    /// Planned downtime: preventive maintenance and calibration.
    public var plannedDowntimeHours = 0.0
    /// Stopped: outside the shift calendar, so outside planned operation time.
    public var stoppedHours = 0.0
    /// Operations finished on the machine (good or scrapped there).
    public var produced = 0
    public var good = 0
    /// Standard run time of what was produced (PRI × PQ).
    public var idealHours = 0.0
    public var failures = 0

    public init(id: String) { self.id = id }

    /// Planned operation time (POT): the window less the time the calendar stopped the machine.
    public var plannedOperationHours: Double { productionHours + setupHours + idleHours + suspendedHours + heldHours + downHours + plannedDowntimeHours }
    /// Planned busy time (PBT) = POT − planned downtime.
    public var plannedBusyHours: Double { plannedOperationHours - plannedDowntimeHours }
    public var availability: Double? { plannedBusyHours > 0 ? productionHours / plannedBusyHours : nil }
    public var performance: Double? { productionHours > 0 ? idealHours / productionHours : nil }
    public var quality: Double? { produced > 0 ? Double(good) / Double(produced) : nil }
    public var oee: Double? {
        guard let availability, let performance, let quality else { return nil }
        return availability * performance * quality
    }
    public var mtbfHours: Double? { failures > 0 ? productionHours / Double(failures) : nil }
    public var mttrHours: Double? { failures > 0 ? downHours / Double(failures) : nil }
    public func utilization(windowHours: Double) -> Double { windowHours > 0 ? productionHours / windowHours : 0 }
}

public struct PlantFigures: Codable, Sendable, Equatable {
    /// Serials completed good per 24 h of window.
    public var throughputPerDay = 0.0
    /// Time-weighted mean of serials released and not yet finished.
    public var wipMean = 0.0
    /// Release to completion of the work orders completed in the window.
    public var leadTimeHours: Double?
    /// Share of the work orders completed in the window by the end of their target date.
    public var onTimeDelivery: Double?
    /// Serials finished in the window that completed without any NCR, over all finished.
    public var firstPassYield: Double?
    public var scrapRate: Double?
    public var ncrCount = 0
    /// Share of the serials finished in the window that went through rework or repair.
    public var reworkRate: Double?
    /// Mean lateness past the target date of the orders completed in the window (0 when on time).
    public var tardinessHours: Double?
    public var serialsCompleted = 0
    public var serialsScrapped = 0
    public var workOrdersCompleted = 0
}

/// The queue in front of a work centre: serials whose next operation is there, released,
/// not on hold and not being worked on.
public struct WorkCenterFigures: Codable, Sendable, Equatable {
    public var id: String
    public var queueLengthMean = 0.0
    /// Mean wait of the serials that started an operation here in the window.
    public var waitHours: Double?
    public var starts = 0
}

extension RunKPIs {
    /// Plant OEE as ISO 22400 aggregates it: the machines' times and quantities summed first.
    public var oee: (availability: Double?, performance: Double?, quality: Double?, oee: Double?) {
        var total = MachineFigures(id: "plant")
        for machine in machines {
            total.productionHours += machine.productionHours
            total.setupHours += machine.setupHours
            total.idleHours += machine.idleHours
            total.suspendedHours += machine.suspendedHours
            total.heldHours += machine.heldHours
            total.downHours += machine.downHours
            total.plannedDowntimeHours += machine.plannedDowntimeHours
            total.produced += machine.produced
            total.good += machine.good
            total.idealHours += machine.idealHours
        }
        return (total.availability, total.performance, total.quality, total.oee)
    }
}
