/// What a command touches, in the terms of the permission matrix.
public enum ProtectedResource: String, Codable, CaseIterable, Sendable {
    case workOrders = "Work Orders"
    case qualityData = "Quality Data"
    case materials = "Materials"
    /// Equipment, tools and gauges, operators and their certifications, maintenance.
    case equipment = "Equipment"
}

public enum AccessAction: String, Codable, CaseIterable, Sendable {
    case create = "C", read = "R", update = "U", delete = "D"
}

/// The §5.2 permission matrix, transcribed letter for letter: enforced by the core so that the
/// HTTP API, the simulator and every other client obey the same rules.
public enum PermissionMatrix {
    static let roleOrder: [Role] = [
        .systemAdministrator, .plantManager, .productionSupervisor, .productionPlanner, .operator, .qualityEngineer,
        .qualityInspector, .maintenanceTechnician,
    ]

    /// Rows of the matrix as written in the architecture document.
    static let table: [ProtectedResource: [String]] = [
        .workOrders: ["CRUD", "RU", "RU", "CRUD", "RU", "R", "R", "R"],
        .qualityData: ["CRUD", "RU", "R", "R", "CRU", "CRUD", "CRUD", "R"],
        .materials: ["CRUD", "RU", "RU", "RU", "RU", "R", "R", "R"],
        .equipment: ["CRUD", "RU", "RU", "R", "R", "R", "R", "CRUD"],
    ]

    public static func allows(_ role: Role, _ action: AccessAction, on resource: ProtectedResource) -> Bool {
        guard let row = table[resource], let column = roleOrder.firstIndex(of: role) else { return false }
        return row[column].contains(action.rawValue)
    }

    public static func allows(_ roles: some Sequence<Role>, _ action: AccessAction, on resource: ProtectedResource) -> Bool {
        roles.contains { allows($0, action, on: resource) }
    }
}
