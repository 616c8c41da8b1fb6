import Foundation
import HTTPTypes
import Hummingbird

/// A value a list can be sorted by: compared within its kind, written into cursors as text.
enum SortValue: Comparable, Codable, Sendable {
    case text(String)
    case number(Double)
    case date(Date)
    /// Absent values sort first ascending, last descending.
    case missing

    static func < (a: SortValue, b: SortValue) -> Bool {
        switch (a, b) {
        case (.missing, .missing): false
        case (.missing, _): true
        case (_, .missing): false
        case (.text(let x), .text(let y)): x < y
        case (.number(let x), .number(let y)): x < y
        case (.date(let x), .date(let y)): x < y
        default: a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self {
        case .missing: 0
        case .number: 1
        case .date: 2
        case .text: 3
        }
    }
}

/// What a list endpoint offers: its sortable fields (the first is the default) and the id that
/// breaks ties, so a cursor names one exact place in the order.
struct ListDefinition<Item>: Sendable {
    let sortFields: [(key: String, value: @Sendable (Item) -> SortValue)]
    let id: @Sendable (Item) -> String

    init(sortFields: KeyValuePairs<String, @Sendable (Item) -> SortValue>, id: @escaping @Sendable (Item) -> String) {
        self.sortFields = sortFields.map { (key: $0.key, value: $0.value) }
        self.id = id
    }
}

/// `sort`, `limit` and `cursor` of a list request. Pagination is keyset-based: the cursor holds
/// the sort key and id of the last item sent, so items created or removed between pages neither
/// repeat nor vanish from the pages still to come.
struct ListQuery {
    static let defaultLimit = 100
    static let maximumLimit = 1_000

    let field: String
    let descending: Bool
    let limit: Int
    let after: Cursor?

    struct Cursor: Codable {
        let sort: String
        let key: SortValue
        let id: String
    }

    init<Item>(_ request: Request, _ definition: ListDefinition<Item>) throws {
        let parameters = request.uri.queryParameters
        let sort = parameters.get("sort") ?? definition.sortFields.first.map(\.key) ?? "id"
        descending = sort.hasPrefix("-")
        let name = descending ? String(sort.dropFirst()) : sort
        field = name
        guard definition.sortFields.contains(where: { $0.key == name }) else {
            throw APIError(.badRequest, "query parameter 'sort' must be one of \(definition.sortFields.map(\.key).joined(separator: ", ")) (prefix '-' for descending), got '\(sort)'",
                           parameter: "sort")
        }
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw APIError(.badRequest, "query parameter 'limit' must be a whole number from 1 to \(Self.maximumLimit), got '\(text)'", parameter: "limit")
            }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        if let text = parameters.get("cursor") {
            guard let data = Data(urlSafeBase64: text), let cursor = try? JSONDecoder().decode(Cursor.self, from: data) else {
                throw APIError(.badRequest, "query parameter 'cursor' is not a cursor this server issued", parameter: "cursor")
            }
            guard cursor.sort == sort else {
                throw APIError(.badRequest, "the cursor belongs to a list sorted by '\(cursor.sort)', not '\(sort)'; keep the sort while paging", parameter: "cursor")
            }
            after = cursor
        } else {
            after = nil
        }
    }

    var sortParameter: String { descending ? "-" + field : field }

    /// One page of `items` and, when more follow, the cursor of the next page.
    func page<Item>(of items: [Item], _ definition: ListDefinition<Item>) -> (items: [Item], next: String?, total: Int) {
        guard let key = definition.sortFields.first(where: { $0.key == field })?.value else { return ([], nil, 0) }
        let keyed = items.map { (key: key($0), id: definition.id($0), item: $0) }
        let ascending: (SortValue, String, SortValue, String) -> Bool = { k1, i1, k2, i2 in k1 == k2 ? i1 < i2 : k1 < k2 }
        let before: (SortValue, String, SortValue, String) -> Bool = { k1, i1, k2, i2 in
            descending ? ascending(k2, i2, k1, i1) : ascending(k1, i1, k2, i2)
        }
        var ordered = keyed.sorted { before($0.key, $0.id, $1.key, $1.id) }
        if let after { ordered.removeAll { !before(after.key, after.id, $0.key, $0.id) } }
        let page = Array(ordered.prefix(limit))
        var next: String?
        if ordered.count > limit, let last = page.last, let data = try? JSONEncoder().encode(Cursor(sort: sortParameter, key: last.key, id: last.id)) {
            next = data.urlSafeBase64()
        }
        return (page.map(\.item), next, items.count)
    }

    /// The page as a response: the items as a JSON array (§4's `T[]`), the next page in a
    /// `Link: <…>; rel="next"` header (RFC 8288) and the size of the whole filtered list in
    /// `X-Total-Count`.
    func response<Item: Encodable>(_ items: [Item], _ definition: ListDefinition<Item>, request: Request, context: MESRequestContext) throws -> Response {
        try response(items, definition, as: { $0 }, request: request, context: context)
    }

    /// The page, each item shown as `view` makes it: only the page's items are turned into views.
    func response<Item, View: Encodable>(_ items: [Item], _ definition: ListDefinition<Item>, as view: (Item) -> View, request: Request,
                                         context: MESRequestContext) throws -> Response {
        let (items, next, total) = self.page(of: items, definition)
        let page = items.map(view)
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("X-Total-Count")!] = String(total)
        if let next {
            var components = URLComponents()
            components.path = request.uri.path
            var query = (URLComponents(string: request.uri.description)?.queryItems ?? []).filter { $0.name != "cursor" }
            query.append(URLQueryItem(name: "cursor", value: next))
            components.queryItems = query
            headers[HTTPField.Name("Link")!] = "<\(components.string ?? request.uri.path)>; rel=\"next\""
        }
        let data = try context.responseEncoder.encode(page)
        headers[.contentLength] = String(data.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Date filters of a list (`from`, `to`, ISO 8601 date or date-time; `to` inclusive of its day
/// when a date is given).
struct DateWindow {
    let from: Date?
    let to: Date?

    init(_ request: Request) throws {
        from = try Self.parse(request, "from", endOfDay: false)
        to = try Self.parse(request, "to", endOfDay: true)
        if let from, let to, to < from {
            throw APIError(.badRequest, "query parameter 'to' lies before 'from'", parameter: "to")
        }
    }

    func contains(_ date: Date?) -> Bool {
        guard from != nil || to != nil else { return true }
        guard let date else { return false }
        return (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true)
    }

    private static func parse(_ request: Request, _ name: String, endOfDay: Bool) throws -> Date? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if text.count == 10, let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) {
            return endOfDay ? day.addingTimeInterval(86_400 - 0.001) : day
        }
        throw APIError(.badRequest, "query parameter '\(name)' must be an ISO 8601 date (2026-11-30) or date-time (2026-11-30T08:00:00Z), got '\(text)'",
                       parameter: name)
    }
}

extension Data {
    init?(urlSafeBase64 text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    func urlSafeBase64() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
