import PlantFiles

/// The work the simulated people leave to trainees in a training run: operations at the work
/// centres listed (or at every work centre when the operator role is switched off) wait in
/// their queues until a trainee starts and completes them through the API; nothing there
/// auto-completes.
public struct TraineeWork: Sendable, Equatable {
    /// Work centres where no simulated operator works.
    public var workCenters: Set<String>
    /// No simulated operator works anywhere.
    public var allOperations: Bool

    public init(workCenters: Set<String> = [], allOperations: Bool = false) {
        self.workCenters = workCenters
        self.allOperations = allOperations
    }

    /// Whether any simulated work is switched off.
    public var isEmpty: Bool { workCenters.isEmpty && !allOperations }

    /// Whether operations performed at `workCenter` are the trainees'.
    func leaves(_ workCenter: String) -> Bool { allOperations || workCenters.contains(workCenter) }

    /// Reads `operator` (the role: every work centre) or `operator@WC` (one work centre),
    /// checking the work centre exists in `plant`.
    public init(parsing entries: [String], plant: PlantDescription) throws {
        self.init()
        let known = Set(plant.workCenters.map(\.id))
        for entry in entries {
            let parts = entry.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.first == "operator" else {
                throw TwinError("'\(entry)': trainees can take over 'operator' work (all of it, or 'operator@<work centre>'); other roles are not yet supported")
            }
            guard parts.count == 2 else {
                allOperations = true
                continue
            }
            guard known.contains(parts[1]) else {
                throw TwinError("'\(entry)': plant '\(plant.name)' has no work centre '\(parts[1])' (it has \(known.sorted().joined(separator: ", ")))")
            }
            workCenters.insert(parts[1])
        }
    }
}
