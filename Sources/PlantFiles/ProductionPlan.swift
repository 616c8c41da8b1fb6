import Foundation

/// A production plan from a planning system: which work order runs which operation on which
/// machine, and when; plus each order's due date. Times are absolute (ISO 8601 in the file).
public struct ProductionPlan: Sendable, Equatable {
    public struct Order: Sendable, Equatable {
        /// The planning system's order id (the MES gives the order its own id when it is created).
        public let id: String
        public let partNumber: String
        public let revision: String?
        public let quantity: Int
        public let due: Date
        /// In routing order.
        public let bookings: [Booking]
    }

    public struct Booking: Sendable, Equatable {
        public let workOrder: String
        public let operation: Int
        public let machine: String
        public let start: Date
        public let end: Date
        /// Where it is in the file: "row 7" (CSV) or a JSON pointer.
        public let location: String
    }

    public let orders: [Order]

    public var bookings: [Booking] { orders.flatMap(\.bookings) }
}

/// Everything wrong with a plan file, each problem located by row (CSV) or JSON pointer.
public struct PlanFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public let location: String
        public let message: String
    }

    public let file: String
    public let problems: [Problem]

    public var description: String {
        problems.map { "\(file): \($0.location): \($0.message)" }.joined(separator: "\n")
    }
}
