import PlantFiles

/// The work the simulated people leave to trainees in a training run.
///
/// - `operator` / `operator@WC`: operations at the work centres listed (or at every work
///   centre) wait in their queues until a trainee starts and completes them through the API;
///   nothing there auto-completes.
/// - `quality`: the simulated quality engineer reviews, dispositions and closes no NCR; NCRs
///   stay open, and the parts they hold wait, until a trainee deals with them.
/// - `maintenance` / `maintenance@WC`: the simulated maintenance technician books no
///   maintenance on those machines (at every work centre: none at all, gauge calibration
///   included). A machine that breaks down stays down (Aborted) until a trainee starts and
///   completes a corrective maintenance order on it; a machine due for preventive maintenance
///   or calibration takes no new work until a trainee completes that order.
public struct TraineeWork: Sendable, Equatable {
    /// Work centres where no simulated operator works.
    public var workCenters: Set<String>
    /// No simulated operator works anywhere.
    public var allOperations: Bool
    /// No simulated quality engineer handles NCRs.
    public var quality: Bool
    /// Work centres whose machines no simulated technician maintains.
    public var maintenanceWorkCenters: Set<String>
    /// No simulated technician maintains anything.
    public var allMaintenance: Bool

    /// The roles trainees can take over, as `--trainees-do` spells them.
    public static let roles = ["operator", "quality", "maintenance"]

    public init(workCenters: Set<String> = [], allOperations: Bool = false, quality: Bool = false,
                maintenanceWorkCenters: Set<String> = [], allMaintenance: Bool = false) {
        self.workCenters = workCenters
        self.allOperations = allOperations
        self.quality = quality
        self.maintenanceWorkCenters = maintenanceWorkCenters
        self.allMaintenance = allMaintenance
    }

    /// Whether any simulated work is switched off.
    public var isEmpty: Bool { workCenters.isEmpty && !allOperations && !quality && maintenanceWorkCenters.isEmpty && !allMaintenance }

    /// Whether operations performed at `workCenter` are the trainees'.
    func leaves(_ workCenter: String) -> Bool { allOperations || workCenters.contains(workCenter) }

    /// Whether the maintenance of machines at `workCenter` is the trainees'.
    func leavesMaintenance(of workCenter: String) -> Bool { allMaintenance || maintenanceWorkCenters.contains(workCenter) }

    /// The roles switched off, as listed in a report: `operator@WC-EDM`, `quality`, `maintenance`, ...
    public var entries: [String] {
        var list: [String] = []
        if allOperations { list.append("operator") } else { list += workCenters.sorted().map { "operator@\($0)" } }
        if quality { list.append("quality") }
        if allMaintenance { list.append("maintenance") } else { list += maintenanceWorkCenters.sorted().map { "maintenance@\($0)" } }
        return list
    }

    /// Reads `operator` (the role: every work centre), `operator@WC` (one work centre),
    /// `quality` (plant-wide), `maintenance` or `maintenance@WC`, checking the work centre
    /// exists in `plant`.
    public init(parsing entries: [String], plant: PlantDescription) throws {
        self.init()
        let known = Set(plant.workCenters.map(\.id))
        for entry in entries {
            let parts = entry.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let role = parts[0]
            guard Self.roles.contains(role) else {
                throw TwinError("'\(entry)': unknown role '\(role)'; trainees can take over \(Self.roles.map { "'\($0)'" }.joined(separator: ", ")) "
                                + "(operator and maintenance also per work centre, e.g. 'operator@<work centre>')")
            }
            guard parts.count == 2 else {
                switch role {
                case "operator": allOperations = true
                case "quality": quality = true
                default: allMaintenance = true
                }
                continue
            }
            guard role != "quality" else {
                throw TwinError("'\(entry)': quality work (NCR review, disposition, close) is plant-wide; write 'quality' without a work centre")
            }
            guard known.contains(parts[1]) else {
                throw TwinError("'\(entry)': plant '\(plant.name)' has no work centre '\(parts[1])' (it has \(known.sorted().joined(separator: ", ")))")
            }
            if role == "operator" { workCenters.insert(parts[1]) } else { maintenanceWorkCenters.insert(parts[1]) }
        }
    }
}
