import Foundation

/// An electronic signature on an approval (21 CFR Part 11 style): printed name, time and meaning,
/// bound to the actor who issues the signed command.
public struct ElectronicSignature: Codable, Sendable, Hashable {
    public enum Meaning: String, Codable, Sendable, CaseIterable {
        case review, approval, responsibility, authorship
    }

    public let signerId: String
    public let printedName: String
    public let time: Date
    public let meaning: Meaning

    public init(signerId: String, printedName: String, time: Date, meaning: Meaning) {
        self.signerId = signerId
        self.printedName = printedName
        self.time = time
        self.meaning = meaning
    }
}
