import Foundation
import MESCore

/// An endless, realistic command stream for the sample shop: material received, blade orders
/// created and released, each serial drawing its bar stock and going through turning, milling
/// and inspection, started and completed by its operator. Every command it issues is one the
/// core accepts, so it measures and exercises the happy path at shop-floor proportions.
public struct SampleWorkload {
    public static let admin = Actor(id: "admin", name: "Ada Admin", roles: [.systemAdministrator])
    public static let planner = Actor(id: "planner", name: "Pat Planner", roles: [.productionPlanner])
    public static let operatorOne = Actor(id: "op-1", name: "Olu Operator", roles: [.operator])

    /// Simulated time of the next command; each command takes `step` seconds.
    public private(set) var time: Date
    public let step: TimeInterval
    private var queue: [(MESState) -> (Command, Actor)] = []
    private var orders = 0
    private var lots = 0
    /// Blades per work order.
    public let orderQuantity: Int

    public init(start: Date, step: TimeInterval = 30, orderQuantity: Int = 5) {
        time = start
        self.step = step
        self.orderQuantity = orderQuantity
    }

    /// The master data load that the stream expects to have been executed first.
    public func setup() -> (Command, Actor) { (.loadMasterData(SampleShop.masterData(start: time)), Self.admin) }

    /// The next command, planned against the current state.
    public mutating func next(in state: MESState) -> (command: Command, actor: Actor, time: Date) {
        if queue.isEmpty { planOrder() }
        let (command, actor) = queue.removeFirst()(state)
        time = time.addingTimeInterval(step)
        return (command, actor, time)
    }

    private mutating func planOrder() {
        orders += 1
        let quantity = orderQuantity
        // Fresh bar stock whenever the last lot could not cover this order.
        if (orders - 1) % max(1, 30 / quantity) == 0 {
            lots += 1
            let code = "L-IN718-S\(lots)"
            queue.append { _ in
                (.receiveLot(MaterialLot(lotCode: code, material: "IN718-BAR", heatNumber: "H-S\(code.digits)", supplier: "Special Metals",
                                         quantity: 80, unit: "kg")), Self.admin)
            }
        }
        let lot = "L-IN718-S\(lots)"
        queue.append { _ in (.createWorkOrder(CreateWorkOrder(partNumber: SampleShop.blade, quantity: quantity, priority: .normal)), Self.planner) }
        queue.append { state in (.releaseWorkOrder(id: Self.newestOrder(state)), Self.planner) }
        for index in 0..<quantity {
            queue.append { state in
                let order = Self.newestOrder(state)
                return (.consumeMaterial(lotCode: lot, serial: state.workOrders[order]!.serials[index], quantity: 2.5, operationNumber: 10), Self.operatorOne)
            }
            for operation in [10, 20, 30] {
                let machine = SampleShop.equipmentFor[SampleShop.blade]![operation]!
                queue.append { state in
                    let order = Self.newestOrder(state)
                    let serial = state.workOrders[order]!.serials[index]
                    return (.startOperation(StartOperation(workOrderId: order, serial: serial, operationNumber: operation, equipmentId: machine, operatorId: "op-1")),
                            Self.operatorOne)
                }
                queue.append { state in
                    let order = Self.newestOrder(state)
                    let serial = state.workOrders[order]!.serials[index]
                    return (.completeOperation(CompleteOperation(workOrderId: order, serial: serial, operationNumber: operation)), Self.operatorOne)
                }
            }
        }
    }

    static func newestOrder(_ state: MESState) -> String { state.newestWorkOrder! }
}

extension String {
    /// The lot code's digits, as a heat number stem.
    fileprivate var digits: String { filter(\.isNumber) }
}
