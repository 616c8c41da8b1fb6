/// The roles of the architecture's authorization model (§5.2).
public enum Role: String, Codable, CaseIterable, Sendable, Hashable {
    case systemAdministrator = "System Administrator"
    case plantManager = "Plant Manager"
    case productionSupervisor = "Production Supervisor"
    case productionPlanner = "Production Planner"
    case `operator` = "Operator"
    case qualityEngineer = "Quality Engineer"
    case qualityInspector = "Quality Inspector"
    case maintenanceTechnician = "Maintenance Technician"
}
