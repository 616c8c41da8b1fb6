/// How the MES reaches a machine: the twin's simulator (the default), or an OPC UA server
/// and the nodes that carry the machine's state, counters, process values and alarms.
/// Node references name their namespace by URI (`nsu=urn:…;s=…`, or a browse path from the
/// Objects folder in the driver's `namespace`); a bare namespace index is refused, because a
/// server may number its namespaces differently after an update.
public struct DriverDescription: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case simulated, opcua }

    public var type: Kind
    public var endpoint: String?
    /// `None`, `Basic256Sha256:Sign` or `Basic256Sha256:SignAndEncrypt`; None when absent.
    public var security: String?
    public var user: String?
    /// The environment variable holding the user's password (never the password itself).
    public var passwordEnvironment: String?
    /// Our certificate (DER or PEM) and private key (PEM); generated there when missing.
    public var certificate: String?
    public var privateKey: String?
    /// A folder of trusted server certificates; without it a secured connection is refused.
    public var trustedCertificates: String?
    /// The namespace URI that browse paths' names are in.
    public var namespace: String?
    public var state: StateMapping?
    public var mode: NodeReference?
    public var counters: CounterMapping?
    public var processValues: [ProcessValueMapping]?
    public var alarms: [AlarmMapping]?
    public var commands: CommandMapping?
    /// The machine's ideal cycle time in seconds, for OEE performance from its part counts.
    public var idealCycleSeconds: Double?

    public init(type: Kind) { self.type = type }

    /// Where a machine's state is read and how its numbers read.
    public struct StateMapping: Codable, Sendable, Equatable {
        public enum Model: String, Codable, Sendable {
            /// PackML/ISA-TR88 state numbers (OPC 30050): 1 Clearing … 17 Complete.
            case packml
            /// OPC 40001-1 MachineryItemState: 0 NotAvailable, 1 OutOfService, 2 Executing, 3 NotExecuting.
            case machineryItemState
        }
        public var node: NodeReference
        public var model: Model

        public init(node: NodeReference, model: Model) {
            self.node = node
            self.model = model
        }
    }

    /// Cumulative counters; good is produced − bad when only those two are given.
    public struct CounterMapping: Codable, Sendable, Equatable {
        public var produced: NodeReference?
        public var good: NodeReference?
        public var bad: NodeReference?

        public init(produced: NodeReference?, good: NodeReference?, bad: NodeReference?) {
            self.produced = produced
            self.good = good
            self.bad = bad
        }
    }

    public struct ProcessValueMapping: Codable, Sendable, Equatable {
        public var tag: String
        public var unit: String
        public var node: NodeReference

        public init(tag: String, unit: String, node: NodeReference) {
            self.tag = tag
            self.unit = unit
            self.node = node
        }
    }

    public struct AlarmMapping: Codable, Sendable, Equatable {
        public enum Severity: String, Codable, Sendable { case information, warning, fault }
        public var code: String
        public var severity: Severity
        /// A Boolean node: true while the alarm is active.
        public var active: NodeReference
        /// A String node with the machine's alarm text, when it has one.
        public var text: NodeReference?

        public init(code: String, severity: Severity, active: NodeReference, text: NodeReference?) {
            self.code = code
            self.severity = severity
            self.active = active
            self.text = text
        }
    }

    /// PackML commands (1 Reset, 2 Start, 3 Stop, 4 Hold, 5 Unhold, 6 Suspend, 7 Unsuspend,
    /// 8 Abort, 9 Clear, 10 Complete) sent as an Int32, by a method call or a write.
    public struct CommandMapping: Codable, Sendable, Equatable {
        public var object: NodeReference?
        public var method: NodeReference?
        public var write: NodeReference?

        public init(object: NodeReference?, method: NodeReference?, write: NodeReference?) {
            self.object = object
            self.method = method
            self.write = write
        }
    }
}

/// A node named by an ExpandedNodeId text (`nsu=URI;s=Name`, `i=2258`) or by a browse path
/// from the Objects folder (`/Machines/Lathe-01/State`, names in the driver's namespace;
/// `0:Server` for the standard namespace).
public struct NodeReference: Codable, Sendable, Equatable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }
    public var isBrowsePath: Bool { text.hasPrefix("/") }

    /// The path's names, each with its namespace: nil for the driver's namespace, 0 for a `0:` name.
    public var browsePath: [(standardNamespace: Bool, name: String)] {
        text.split(separator: "/").map { element in
            element.hasPrefix("0:") ? (true, String(element.dropFirst(2))) : (false, String(element))
        }
    }

    /// Why the reference is unusable, or nil.
    public var problem: String? {
        if isBrowsePath { return browsePath.isEmpty || browsePath.contains { $0.name.isEmpty } ? "browse path '\(text)' has an empty name" : nil }
        if text.hasPrefix("nsu=") {
            guard let semicolon = text.lastIndex(of: ";"), text.index(after: semicolon) < text.endIndex else { return "'\(text)' names no identifier" }
            let identifier = text[text.index(after: semicolon)...]
            return ["i=", "s=", "g=", "b="].contains(where: { identifier.hasPrefix($0) }) ? nil : "'\(text)' has no i=, s=, g= or b= identifier"
        }
        if text.hasPrefix("ns=") {
            return "'\(text)' names its namespace by index; use nsu=<namespace URI>;… or a browse path (indexes change between server versions)"
        }
        if text.hasPrefix("i=") || text.hasPrefix("s=") || text.hasPrefix("g=") || text.hasPrefix("b=") { return nil }
        return "'\(text)' is neither a node id (nsu=URI;s=Name, i=N) nor a browse path (/Folder/Name)"
    }
}
