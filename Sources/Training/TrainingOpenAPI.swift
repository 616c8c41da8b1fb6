import Foundation
import MESServer

extension TrainingServer {
    /// The OpenAPI 3.1 document `mes train` serves at `/openapi.json`: the API's own
    /// (`Sources/MESServer/openapi.json`) with the trainer's routes and their schemas from
    /// `openapi-training.json` added, both written by `scripts/make_openapi.py`. Kept as two
    /// files so `mes serve` documents no route it does not have.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi-training", withExtension: "json") else {
            throw APIError(.internalServerError, "openapi-training.json is missing from the Training module's resources")
        }
        guard var document = try JSONSerialization.jsonObject(with: try APIServer.openAPIDocument()) as? [String: Any],
            let training = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any],
            var paths = document["paths"] as? [String: Any], let trainingPaths = training["paths"] as? [String: Any],
            var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any],
            let trainingSchemas = (training["components"] as? [String: Any])?["schemas"] as? [String: Any]
        else { throw APIError(.internalServerError, "an OpenAPI document without paths or component schemas") }
        for (path, operations) in trainingPaths {
            guard paths[path] == nil else { throw APIError(.internalServerError, "both documents have the path \(path)") }
            paths[path] = operations
        }
        for (name, schema) in trainingSchemas {
            // A schema both use (ProblemDetails) must be the same in both.
            if let existing = schemas[name], try canonical(existing) != canonical(schema) {
                throw APIError(.internalServerError, "the documents define schema \(name) differently")
            }
            schemas[name] = schema
        }
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        if var info = document["info"] as? [String: Any], let description = info["description"] as? String {
            info["description"] = description + " With the trainer's console of `mes train` under /api/v1/training."
            document["info"] = info
        }
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    private static func canonical(_ json: Any) throws -> Data { try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) }
}
