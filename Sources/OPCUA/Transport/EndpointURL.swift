/// An `opc.tcp://host:port/path` endpoint address; the port defaults to 4840, an IPv6 host is
/// written in brackets.
public struct EndpointURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var path: String

    public init(_ text: String) throws(OPCUAError) {
        let scheme = "opc.tcp://"
        guard text.lowercased().hasPrefix(scheme) else {
            throw .invalidArgument("endpoint '\(text)' is not an opc.tcp:// URL")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            rest = rest[slash...]
        } else {
            authority = rest
            rest = ""
        }
        var hostPart = authority
        var portPart: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidArgument("endpoint '\(text)' has an unclosed IPv6 address") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw .invalidArgument("endpoint '\(text)' has text after its IPv6 address") }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .invalidArgument("endpoint '\(text)' names no host") }
        var port = 4840
        if let portPart {
            guard let value = Int(portPart), (1...65_535).contains(value) else { throw .invalidArgument("endpoint '\(text)' has an invalid port '\(portPart)'") }
            port = value
        }
        self.host = String(hostPart)
        self.port = port
        self.path = String(rest)
    }

    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "opc.tcp://\(hostText):\(port)\(path)"
    }
}
