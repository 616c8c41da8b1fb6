import Foundation
import Yams

/// Decodes plant and scenario files strictly: a syntax error, a value of the wrong type, a
/// missing field, an invalid parameter or an unknown key (a typo) is an error that names the
/// file, the line and column of the offending node, and what was expected.
public enum StrictYAML {
    public static func decode<Value: Codable>(_ type: Value.Type, from text: String, file: String) throws(YAMLFileError) -> Value {
        try parse(type, from: text, file: file).value
    }

    /// Composes `text` once, decodes it strictly, and returns the value with its node tree.
    static func parse<Value: Codable>(_ type: Value.Type, from text: String, file: String) throws(YAMLFileError) -> (value: Value, root: Node) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw YAMLFileError(file: file, line: 1, column: 1, message: "the file is empty")
            }
            root = node
        } catch let error as YAMLFileError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw YAMLFileError(file: file, line: 1, column: 1, message: "\(error)")
        }
        if let bad = firstNonFiniteNumber(in: root) {
            throw YAMLFileError(file: file, line: bad.mark?.line ?? 1, column: bad.mark?.column ?? 1,
                                message: "'\(bad.string ?? "")' is not a finite number; every number in a plant or scenario file must be")
        }
        let value: Value
        do {
            value = try YAMLDecoder().decode(type, from: root)
        } catch let error as DecodingError {
            throw decodingError(error, root: root, file: file)
        } catch {
            throw YAMLFileError(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1, message: "\(error)")
        }
        // Every key the input holds must survive a round trip through the type; one that does
        // not is a key the type does not have.
        let known: Node?
        do {
            known = try Yams.compose(yaml: YAMLEncoder().encode(value))
        } catch {
            throw YAMLFileError(file: file, line: 1, column: 1, message: "cannot check for unknown keys: the decoded value does not encode again (\(error))")
        }
        if let known, let unknown = firstUnknownKey(in: root, known: known) { throw unknown.error(file: file) }
        return (value, root)
    }

    /// A decoded file that can still point at its own nodes, for checks made after decoding
    /// (a routing naming a machine that does not exist) to report file:line:column too.
    public struct Document<Value> {
        public let value: Value
        public let file: String
        let root: Node

        /// An error located at the node `path` leads to (as near as it exists).
        public func error(at path: [PathComponent], _ message: String) -> YAMLFileError {
            var node = root
            for component in path {
                switch (component, node) {
                case (.index(let index), .sequence(let sequence)) where index < sequence.count: node = sequence[index]
                case (.key(let key), .mapping(let mapping)) where mapping[key] != nil: node = mapping[key]!
                default: break
                }
            }
            let field = path.map { component -> String in
                switch component {
                case .key(let key): key
                case .index(let index): "[\(index)]"
                }
            }.joined(separator: ".")
            return YAMLFileError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: "\(field): \(message)")
        }
    }

    public enum PathComponent: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// Decodes `text` and keeps its nodes for later checks.
    public static func document<Value: Codable>(_ type: Value.Type, from text: String, file: String) throws(YAMLFileError) -> Document<Value> {
        let (value, root) = try parse(type, from: text, file: file)
        return Document(value: value, file: file, root: root)
    }

    /// Reads and decodes the file at `path`.
    public static func decode<Value: Codable>(_ type: Value.Type, contentsOf path: String) throws(YAMLFileError) -> Value {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLFileError(file: path, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(type, from: text, file: path)
    }

    static func syntaxError(_ error: YamlError, file: String) -> YAMLFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return YAMLFileError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLFileError(file: file, line: context.mark.line, column: context.mark.column,
                                 message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in this mapping")
        default:
            return YAMLFileError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    static func decodingError(_ error: DecodingError, root: Node, file: String) -> YAMLFileError {
        func located(_ path: [any CodingKey], _ message: String) -> YAMLFileError {
            let node = self.node(at: path, in: root) ?? root
            let field = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return YAMLFileError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                                 message: field.isEmpty ? message : "\(field): \(message)")
        }
        switch error {
        case .keyNotFound(let key, let context):
            // A missing field next to a key spelt almost like it is a typo: point at the typo.
            if case .mapping(let mapping)? = node(at: context.codingPath, in: root),
                let typo = mapping.keys.first(where: { ($0.string.map { editDistance($0, key.stringValue) } ?? 99) <= 2 })
            {
                return YAMLFileError(file: file, line: typo.mark?.line ?? 1, column: typo.mark?.column ?? 1,
                                     message: "unknown key '\(typo.string ?? "")'; did you mean '\(key.stringValue)'?")
            }
            return located(context.codingPath, "missing required field '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return located(context.codingPath, "expected \(describe(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return located(context.codingPath, "expected \(describe(type)), found nothing")
        case .dataCorrupted(let context):
            return located(context.codingPath, context.debugDescription)
        @unknown default:
            return located([], "\(error)")
        }
    }

    /// Levenshtein distance, for spotting misspelt keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "a whole number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }

    /// The node a coding path leads to, as far as it exists.
    static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var current = root
        for key in path {
            if let index = key.intValue, case .sequence(let sequence) = current, index < sequence.count {
                current = sequence[index]
            } else if case .mapping(let mapping) = current, let next = mapping[key.stringValue] {
                current = next
            } else {
                return current
            }
        }
        return current
    }

    /// The first scalar that YAML reads as infinity or NaN (`.inf`, `.nan`), depth first.
    static func firstNonFiniteNumber(in node: Node) -> Node? {
        switch node {
        case .scalar:
            if let value = node.float, !value.isFinite, node.int == nil { return node }
            return nil
        case .mapping(let mapping):
            for (_, value) in mapping { if let bad = firstNonFiniteNumber(in: value) { return bad } }
            return nil
        case .sequence(let sequence):
            for item in sequence { if let bad = firstNonFiniteNumber(in: item) { return bad } }
            return nil
        case .alias:
            return nil
        }
    }

    struct UnknownKey {
        let key: Node
        let expected: [String]

        func error(file: String) -> YAMLFileError {
            YAMLFileError(file: file, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1,
                          message: "unknown key '\(key.string ?? "?")'; expected one of: \(expected.joined(separator: ", "))")
        }
    }

    /// The first key of `input` (depth first) that `known` — the decoded value encoded again —
    /// does not have. Keys whose value is null are skipped: they decode to nothing either way.
    static func firstUnknownKey(in input: Node, known: Node) -> UnknownKey? {
        switch (input, known) {
        case (.mapping(let given), .mapping(let expected)):
            for (key, value) in given {
                guard let name = key.string else { continue }
                if let counterpart = expected[name] {
                    if let nested = firstUnknownKey(in: value, known: counterpart) { return nested }
                } else if value.null == nil {
                    return UnknownKey(key: key, expected: expected.keys.compactMap(\.string).sorted())
                }
            }
            return nil
        case (.sequence(let given), .sequence(let expected)) where given.count == expected.count:
            for (item, counterpart) in zip(given, expected) {
                if let nested = firstUnknownKey(in: item, known: counterpart) { return nested }
            }
            return nil
        default:
            return nil
        }
    }
}

/// A problem in a plant or scenario file, located as file:line:column.
public struct YAMLFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
