import Foundation

/// A minimal RFC 7468 PEM reader: plants hand us certificates and keys as PEM from OpenSSL, UaExpert or the server's own PKI
/// directory, and the module does not depend on swift-asn1 directly, so this reads the labelled Base64 blocks itself.
enum PEM {
    struct Document {
        var label: String
        var der: [UInt8]
    }

    enum ParseError: Error, CustomStringConvertible {
        case noBlock, unterminated(String), badBase64(String)

        var description: String {
            switch self {
            case .noBlock: "no -----BEGIN …----- block"
            case .unterminated(let label): "the \(label) block has no -----END \(label)----- line"
            case .badBase64(let label): "the \(label) block is not valid Base64"
            }
        }
    }

    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes.prefix(4096), as: UTF8.self).contains("-----BEGIN ")
    }

    /// A certificate file's DER: the CERTIFICATE blocks concatenated when it is PEM (a chain stays a chain), else the bytes.
    static func certificateDER(fromFile bytes: [UInt8], path: String) throws(SecurityError) -> [UInt8] {
        guard looksLikePEM(bytes) else { return bytes }
        let documents: [Document]
        do {
            documents = try parse(String(decoding: bytes, as: UTF8.self)).filter { $0.label == "CERTIFICATE" }
        } catch {
            throw .invalidCertificate("\(path): \(error)")
        }
        guard !documents.isEmpty else { throw .invalidCertificate("\(path) holds no CERTIFICATE block") }
        return documents.flatMap(\.der)
    }

    /// Every block in order; text between blocks (OpenSSL's "Bag Attributes", comments) is ignored.
    static func parse(_ text: String) throws(ParseError) -> [Document] {
        var documents: [Document] = []
        var label: String?
        var body = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let current = label {
                if line == "-----END \(current)-----" {
                    guard let der = Data(base64Encoded: body) else { throw .badBase64(current) }
                    documents.append(Document(label: current, der: Array(der)))
                    label = nil
                } else if !line.contains(":") {
                    body += line
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
                body = ""
            }
        }
        if let label { throw .unterminated(label) }
        guard !documents.isEmpty else { throw .noBlock }
        return documents
    }
}
