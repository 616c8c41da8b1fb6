import Foundation
import Hummingbird

/// Decodes a JSON request body strictly: malformed JSON, a wrong type, a missing field or a
/// field the request does not have is a 400 with a JSON pointer to it, and a body over the
/// upload limit is a 413. The body is read here rather than by the framework to keep the pointer.
public func decode<T: Codable>(_ type: T.Type, _ request: Request, _ context: MESRequestContext) async throws -> T {
    let buffer: ByteBuffer
    do {
        buffer = try await request.body.collect(upTo: context.maxUploadSize)
    } catch {
        throw APIError(.contentTooLarge, "the request body exceeds \(context.maxUploadSize) bytes")
    }
    let data = Data(buffer: buffer)
    // JSON is UTF-8 (RFC 8259 §8.1); the decoder would quietly replace what is not.
    guard String(validating: data, as: UTF8.self) != nil else { throw APIError(.badRequest, "malformed request body: it is not valid UTF-8") }
    let value: T
    do {
        value = try context.requestDecoder.decode(T.self, from: data)
    } catch let error as DecodingError {
        let (path, message): ([any CodingKey], String) = switch error {
        case .typeMismatch(_, let c): (c.codingPath, c.debugDescription)
        case .valueNotFound(_, let c): (c.codingPath, c.debugDescription)
        case .keyNotFound(let key, let c): (c.codingPath + [key], "missing field '\(key.stringValue)'")
        case .dataCorrupted(let c): (c.codingPath, c.debugDescription)
        @unknown default: ([], "\(error)")
        }
        throw APIError(.badRequest, "malformed request body: \(message)", pointer: pointer(path.map { $0.intValue.map(String.init) ?? $0.stringValue }))
    } catch {
        throw APIError(.badRequest, "malformed request body: \(error)")
    }
    // What was understood, written back: a key of the body that is not in it was not understood.
    let sent: Any, understood: Any
    do {
        sent = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        understood = try JSONSerialization.jsonObject(with: JSONEncoder.iso8601.encode(value), options: [.fragmentsAllowed])
    } catch {
        throw APIError(.badRequest, "malformed request body: \(error.localizedDescription)")
    }
    // A key sent as null is not written back either; at the top level the request's own property
    // names tell a field left empty from one that does not exist.
    let properties = Set(Mirror(reflecting: value).children.compactMap(\.label))
    if let object = sent as? [String: Any], let unknown = object.keys.sorted().first(where: { object[$0] is NSNull && !properties.contains($0) }) {
        throw APIError(.badRequest, "unknown field '\(unknown)': the request has no such field (check its spelling against /openapi.json)",
                       pointer: pointer([unknown]))
    }
    if let unknown = firstUnknownKey(sent, understood, at: []) {
        throw APIError(.badRequest, "unknown field '\(unknown.last ?? "")': the request has no such field (check its spelling against /openapi.json)",
                       pointer: pointer(unknown))
    }
    return value
}

/// The path of the first key present in `sent` (with a non-null value) and absent from `understood`.
/// (Below the top level a null-valued unknown key passes: nothing tells it from an empty optional.)
private func firstUnknownKey(_ sent: Any, _ understood: Any, at path: [String]) -> [String]? {
    if let sent = sent as? [String: Any] {
        let known = understood as? [String: Any] ?? [:]
        for key in sent.keys.sorted() where !(sent[key] is NSNull) {
            guard let inner = known[key] else { return path + [key] }
            if let found = firstUnknownKey(sent[key]!, inner, at: path + [key]) { return found }
        }
    } else if let sent = sent as? [Any], let known = understood as? [Any] {
        for (index, element) in sent.enumerated() where index < known.count {
            if let found = firstUnknownKey(element, known[index], at: path + [String(index)]) { return found }
        }
    }
    return nil
}

/// An RFC 6901 JSON pointer (`~` and `/` in keys escaped).
func pointer(_ path: [String]) -> String {
    "/" + path.map { $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined(separator: "/")
}

extension JSONEncoder {
    /// Dates as ISO 8601, as the API reads them.
    static var iso8601: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
