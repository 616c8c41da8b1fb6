import ArgumentParser
import Foundation
import Logging
import OPCUA

/// `mes opcua`: commissioning tools that talk to a machine's OPC UA server the way the MES
/// will — the same client, security and identity — one line per value, or JSON lines.
struct OPCUACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opcua",
        abstract: "OPC UA diagnostics for commissioning: endpoints, browse, read, write, subscribe, call.",
        subcommands: [Endpoints.self, Browse.self, Read.self, Write.self, Subscribe.self, Call.self])

    /// How to reach the server: shared by every subcommand.
    struct Connection: ParsableArguments {
        @ArgumentParser.Argument(help: "The server endpoint, opc.tcp://host:port/path.") var url: String
        @Option(help: "None, Basic256Sha256:Sign or Basic256Sha256:SignAndEncrypt.") var security = "None"
        @Option(help: "User name (anonymous without it).") var user: String?
        @Option(help: "Password; JETMES_OPCUA_PASSWORD is read when absent.") var password: String?
        @Option(help: "Our certificate (DER or PEM); made for this run when absent.") var certificate: String?
        @Option(help: "Our private key (PEM), with --certificate.") var privateKey: String?
        @Option(help: "A folder of trusted server certificates.") var trusted: String?
        @Flag(help: "Accept any server certificate (commissioning only; its thumbprint is printed).") var acceptAnyCertificate = false
        @Flag(help: "Print JSON lines instead of text.") var json = false
        @Option(help: "Seconds to wait for each answer.") var timeout: Double = 10

        func client() throws -> OPCUAClient {
            let (policy, mode) = try OPCUAClientConfiguration.parseSecurity(security)
            var identity = UserIdentity.anonymous
            if let user {
                guard let secret = password ?? ProcessInfo.processInfo.environment["JETMES_OPCUA_PASSWORD"] else {
                    throw ValidationError("--user \(user) needs --password or JETMES_OPCUA_PASSWORD")
                }
                identity = .userName(user, password: secret)
            }
            var certificateValue: ApplicationCertificate? = nil
            var trustList = TrustList.acceptAny
            if policy != .none {
                if let certificate {
                    guard let privateKey else { throw ValidationError("--certificate needs --private-key") }
                    certificateValue = try ApplicationCertificate(certificatePath: certificate, privateKeyPath: privateKey)
                } else {
                    let host = ProcessInfo.processInfo.hostName
                    certificateValue = try ApplicationCertificate.makeSelfSigned(applicationURI: "urn:\(host):jetmes:opcua-cli", commonName: "JetMES mes opcua", hostnames: [host])
                }
                if let trusted {
                    trustList = try TrustList(directory: trusted)
                } else if !acceptAnyCertificate {
                    throw ValidationError("a secured connection needs --trusted DIR (the server's certificate) or --accept-any-certificate")
                }
            }
            var logger = Logger(label: "mes.opcua")
            logger.logLevel = .error
            let seconds = Duration.milliseconds(Int64(timeout * 1000))
            return OPCUAClient(
                configuration: OPCUAClientConfiguration(
                    endpointURL: url, securityPolicy: policy, securityMode: mode, identity: identity, certificate: certificateValue,
                    trustList: trustList, applicationURI: certificateValue?.applicationURI ?? "urn:jetmes:opcua-cli", sessionName: "mes opcua",
                    requestTimeout: seconds),
                logger: logger)
        }

        /// Connects, runs `body`, disconnects; OPC UA errors become one clear line.
        func session(_ body: (OPCUAClient) async throws -> Void) async throws {
            let client = try client()
            do {
                try await client.connect()
                try await body(client)
                await client.disconnect()
            } catch let error as OPCUAError {
                await client.disconnect()
                throw ValidationError("\(url): \(error)")
            } catch let error as SecurityError {
                await client.disconnect()
                throw ValidationError("\(url): \(error)")
            }
        }
    }

    struct Endpoints: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the server's endpoints: security policy, mode, user token policies.")
        @OptionGroup var connection: Connection

        func run() async throws {
            let channel: SecureChannel
            do { channel = try await SecureChannel.open(endpointURL: connection.url) } catch { throw ValidationError("\(connection.url): \(error)") }
            let response: GetEndpointsResponse
            do { response = try await channel.send(GetEndpointsRequest(endpointUrl: connection.url)) } catch {
                await channel.close()
                throw ValidationError("\(connection.url): \(error)")
            }
            await channel.close()
            for endpoint in response.endpoints {
                let policy = SecurityPolicy(uri: endpoint.securityPolicyUri ?? "")?.description ?? endpoint.securityPolicyUri ?? "?"
                let tokens = endpoint.userIdentityTokens.map { token in
                    let tokenPolicy = (token.securityPolicyUri ?? "").isEmpty ? "" : "/" + (SecurityPolicy(uri: token.securityPolicyUri!)?.description ?? token.securityPolicyUri!)
                    return "\(token.tokenType)\(tokenPolicy)"
                }
                let thumbprint = endpoint.serverCertificate.flatMap { try? PeerCertificate(der: $0) }?.thumbprintHex ?? "-"
                if connection.json {
                    printJSON([
                        "endpointUrl": endpoint.endpointUrl ?? "", "securityPolicy": policy, "securityMode": endpoint.securityMode.description,
                        "securityLevel": Int(endpoint.securityLevel), "userTokens": tokens, "serverCertificateThumbprint": thumbprint,
                    ])
                } else {
                    print("\(endpoint.endpointUrl ?? "")  \(policy):\(endpoint.securityMode)  level \(endpoint.securityLevel)  users: \(tokens.joined(separator: ", "))  certificate \(thumbprint)")
                }
            }
        }
    }

    struct Browse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a node's children (the Objects folder by default).")
        @OptionGroup var connection: Connection
        @ArgumentParser.Argument(help: "The node (ns=2;s=…, nsu=URI;s=…, i=85).") var node: String = "i=85"

        func run() async throws {
            try await connection.session { client in
                let start = try await parseNode(node, client)
                for reference in try await client.browse(start) {
                    let target = reference.nodeId.namespaceURI == nil ? reference.nodeId.nodeId.description : reference.nodeId.description
                    if connection.json {
                        printJSON(["nodeId": target, "browseName": reference.browseName.description, "displayName": reference.displayName.description,
                                   "nodeClass": "\(reference.nodeClass)"])
                    } else {
                        print("\(target)  \(reference.browseName)  \(reference.nodeClass)  \"\(reference.displayName)\"")
                    }
                }
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read the values of nodes.")
        @OptionGroup var connection: Connection
        @ArgumentParser.Argument(help: "Nodes to read.") var nodes: [String]

        func run() async throws {
            try await connection.session { client in
                var ids: [NodeId] = []
                for node in nodes { ids.append(try await parseNode(node, client)) }
                for (node, value) in zip(nodes, try await client.readValues(ids)) { printValue(node, value, json: connection.json) }
            }
        }
    }

    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a value to a node, then read it back.")
        @OptionGroup var connection: Connection
        @ArgumentParser.Argument(help: "The node.") var node: String
        @ArgumentParser.Argument(help: "The value; an array as comma-separated elements with --array.") var value: String
        @Option(help: "The built-in type: Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String.") var type: String
        @Flag(help: "The value is an array.") var array = false

        func run() async throws {
            let variant = try parseValue(value, type: type, array: array)
            try await connection.session { client in
                let id = try await parseNode(node, client)
                try await client.writeValue(id, variant)
                printValue(node, try await client.readValues([id])[0], json: connection.json)
            }
        }
    }

    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every change of the nodes' values until the duration ends.")
        @OptionGroup var connection: Connection
        @ArgumentParser.Argument(help: "Nodes to monitor.") var nodes: [String]
        @Option(help: "Seconds to listen.") var duration: Double = 10
        @Option(help: "Milliseconds between publications.") var interval: Int = 250

        func run() async throws {
            try await connection.session { client in
                var ids: [NodeId] = []
                for node in nodes { ids.append(try await parseNode(node, client)) }
                let names = Dictionary(zip(ids, nodes), uniquingKeysWith: { first, _ in first })
                let subscription = try await client.subscribe(to: ids, publishingInterval: .milliseconds(Int64(interval)))
                let deadline = ContinuousClock.now + .milliseconds(Int64(duration * 1000))
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await value in subscription.values { printValue(names[value.nodeId] ?? value.nodeId.description, value.value, json: connection.json) }
                    }
                    try? await Task.sleep(until: deadline)
                    group.cancelAll()
                }
            }
        }
    }

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call a method; arguments as Type:value (Double:2.5, Int32:2, Double[]:1,2,3, String:text).")
        @OptionGroup var connection: Connection
        @ArgumentParser.Argument(help: "The object the method belongs to.") var object: String
        @ArgumentParser.Argument(help: "The method node.") var method: String
        @ArgumentParser.Argument(help: "Input arguments, each Type:value.") var arguments: [String] = []

        func run() async throws {
            var inputs: [Variant] = []
            for argument in arguments {
                guard let colon = argument.firstIndex(of: ":") else { throw ValidationError("argument '\(argument)' is not Type:value") }
                var type = String(argument[..<colon])
                let isArray = type.hasSuffix("[]")
                if isArray { type.removeLast(2) }
                inputs.append(try parseValue(String(argument[argument.index(after: colon)...]), type: type, array: isArray))
            }
            try await connection.session { client in
                let outputs = try await client.callMethod(try await parseNode(object, client), try await parseNode(method, client), arguments: inputs)
                for (index, output) in outputs.enumerated() {
                    printValue("output[\(index)]", DataValue(value: output), json: connection.json)
                }
            }
        }
    }
}

/// A node as typed: a NodeId (`ns=2;s=…`, `i=85`) or with its namespace URI (`nsu=urn:…;s=…`).
private func parseNode(_ text: String, _ client: OPCUAClient) async throws -> NodeId {
    guard let node = ExpandedNodeId(text) else {
        throw ValidationError("'\(text)' is not a node id (ns=2;s=Name, nsu=urn:…;s=Name, i=85)")
    }
    return try await client.resolve(node)
}

private func parseValue(_ text: String, type name: String, array: Bool) throws -> Variant {
    guard let type = UABuiltInType(name: name) else { throw ValidationError("unknown type '\(name)'") }
    func scalar(_ text: String) throws -> UAScalar {
        let value: UAScalar? =
            switch type {
            case .boolean: ["true", "1"].contains(text.lowercased()) ? .boolean(true) : ["false", "0"].contains(text.lowercased()) ? .boolean(false) : nil
            case .sbyte: Int8(text).map { .sbyte($0) }
            case .byte: UInt8(text).map { .byte($0) }
            case .int16: Int16(text).map { .int16($0) }
            case .uint16: UInt16(text).map { .uint16($0) }
            case .int32: Int32(text).map { .int32($0) }
            case .uint32: UInt32(text).map { .uint32($0) }
            case .int64: Int64(text).map { .int64($0) }
            case .uint64: UInt64(text).map { .uint64($0) }
            case .float: Float(text).map { .float($0) }
            case .double: Double(text).map { .double($0) }
            case .string: .string(text)
            default: nil
            }
        guard let value else { throw ValidationError("'\(text)' is not a \(type)") }
        return value
    }
    if array { return .array(type, try text.split(separator: ",").map { try scalar(String($0).trimmingCharacters(in: .whitespaces)) }) }
    return .scalar(try scalar(text))
}

private func printValue(_ node: String, _ value: DataValue, json: Bool) {
    let time = value.sourceTimestamp.map { $0.ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) } ?? "-"
    if json {
        var object: [String: Any] = ["node": node, "value": value.value.description, "status": value.status.description, "sourceTimestamp": time]
        if let type = value.value.type { object["type"] = type.description }
        if let number = value.value.doubleValue, number.isFinite { object["value"] = number }
        printJSON(object)
    } else {
        print("\(node)  \(value.value)  \(value.status)  \(time)")
    }
}

private func printJSON(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    print(String(decoding: data, as: UTF8.self))
}
