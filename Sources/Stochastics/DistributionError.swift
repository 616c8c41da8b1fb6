/// Why a distribution description was rejected, phrased for the person who wrote it.
public struct DistributionError: Error, Equatable, CustomStringConvertible, Sendable {
    public let distribution: String
    public let message: String

    public init(_ distribution: String, _ message: String) {
        self.distribution = distribution
        self.message = message
    }

    public var description: String { "\(distribution): \(message)" }
}
