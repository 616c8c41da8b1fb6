import Foundation
import HTTPTypes
import Hummingbird

/// The shop-floor web UI: plain files (HTML, one stylesheet, ES modules) committed under
/// `Sources/MESServer/UI/` and shipped as a resource of this module, served at `/ui/` without
/// authentication; the pages hold no data — they read it from `/api/v1` with the token of the
/// user who logged in. `/` redirects to `/ui/`. Not part of the API contract (openapi.json).
struct UIRoutes {
    /// The folder of the UI's files inside the module's resource bundle.
    let root: URL

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon", "json": "application/json",
    ]

    init() throws {
        guard let url = Bundle.module.url(forResource: "UI", withExtension: nil) else { throw APIError(.internalServerError, "the UI's files are missing") }
        root = url
    }

    func register(on router: Router<MESRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/ui/"]) }
        // `/ui` and `/ui/` (the same route to the router) are the page; it names its files by absolute paths.
        router.get("ui") { _, _ in try file(["index.html"]) }
        router.get("ui/**") { _, context -> Response in
            let parts = context.parameters.getCatchAll().map(String.init)
            return try file(parts.isEmpty ? ["index.html"] : parts)
        }
    }

    /// The file at `parts` below the UI folder: 404 for anything else (no `..`, no hidden files, no folders).
    func file(_ parts: [String]) throws -> Response {
        guard !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") || $0.contains("\\") }),
              let type = parts.last.flatMap({ Self.contentTypes[URL(fileURLWithPath: $0).pathExtension.lowercased()] })
        else { throw APIError(.notFound, "no such file of the UI") }
        let url = parts.reduce(root) { $0.appendingPathComponent($1) }
        var isFolder: ObjCBool = false
        guard url.standardizedFileURL.path.hasPrefix(root.standardizedFileURL.path + "/"),
              FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
              let data = FileManager.default.contents(atPath: url.path)
        else { throw APIError(.notFound, "no such file of the UI: /ui/\(parts.joined(separator: "/"))") }
        // The UI changes with the server: a browser revalidates rather than keep an old module beside a new API.
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
