// swift-tools-version:6.1
import PackageDescription

/// The kernel's objects belong to one simulation on one thread and are never accessed
/// re-entrantly; dynamic exclusivity checks on their stored properties cost about a third of
/// the event loop's time, so release builds of the hot modules leave them out.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "JetMES",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mes", targets: ["mes"]),
        .executable(name: "mes-bench", targets: ["MESBench"]),
        .library(name: "Stochastics", targets: ["Stochastics"]),
        .library(name: "Simulation", targets: ["Simulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // GSL (random numbers, distributions, statistics) through pkg-config `gsl`.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "Stochastics", dependencies: ["CGSL"], swiftSettings: hotPath),
        .target(
            name: "Simulation",
            dependencies: ["Stochastics"],
            swiftSettings: hotPath
        ),
        .target(name: "SPC", dependencies: ["Stochastics", "CGSL"]),
        // Hardware abstraction: PackML state model, driver protocol, machine events.
        .target(name: "Equipment", dependencies: ["MESCore", "MESStore"]),
        // Strict YAML for plant and scenario files: every error located as file:line:column.
        .target(name: "PlantFiles", dependencies: ["Stochastics", "MESCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "MESCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "MESStore", dependencies: ["MESCore", "SPC", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "MESSampleData", dependencies: ["MESCore"]),
        // KPIs from the MES record (ISO 22400 OEE, throughput, quality), for simulated and real plants alike.
        .target(name: "MESReports", dependencies: ["MESCore", "Stochastics", "SPC", .product(name: "Mustache", package: "swift-mustache")]),
        // Drives the SQLite journal until killed; the durability test SIGKILLs it mid-stream.
        .executableTarget(name: "StoreCrashDriver", dependencies: ["MESCore", "MESStore", "MESSampleData"]),
        // The HTTP API: /api/v1 over the MES core, JWT authentication, problem details.
        .target(
            name: "MESServer",
            dependencies: [
                "MESCore", "MESStore", "Equipment", "SPC", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // UI/: the shop-floor web UI, plain files served at /ui/ (UIRoutes.swift).
            resources: [.copy("openapi.json"), .copy("UI")]),
        // The digital twin: simulated machines, sensors and people driving the real MES core.
        .target(name: "Twin", dependencies: ["Simulation", "Stochastics", "Equipment", "MESCore", "MESStore", "MESReports", "PlantFiles"]),
        // `mes train`: the twin live in scaled real time behind the API, with the trainer's clock routes.
        .target(
            name: "Training",
            dependencies: [
                "Twin", "Equipment", "MESServer", "MESCore", "MESStore", "MESReports", "PlantFiles",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The trainer's routes in OpenAPI (scripts/make_openapi.py), merged into the API's document by `mes train`.
            resources: [.copy("openapi-training.json")]),
        // OPC UA client (OPC 10000-4/-6) on SwiftNIO: UA-TCP, secure conversation, binary encoding, services.
        .target(
            name: "OPCUA",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "Logging", package: "swift-log"),
            ]),
        // The hardware abstraction over OPC UA: a plant file's opcua machines as an equipment event source.
        .target(
            name: "OPCUAEquipment",
            dependencies: [
                "OPCUA", "Equipment", "PlantFiles", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .target(name: "QueueingModels", dependencies: ["Simulation", "Stochastics"], swiftSettings: hotPath),
        // `mes loadtest`: open- and closed-loop HTTP load with HdrHistogram latencies, reports and a ramp to the sustainable rate.
        .target(
            name: "LoadTest",
            dependencies: [
                "MESCore", "MESStore", "MESServer", "MESSampleData", "PlantFiles", "Stochastics",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "mes",
            dependencies: [
                "LoadTest", "QueueingModels", "Simulation", "Stochastics", "PlantFiles", "Twin", "MESReports", "MESCore", "MESStore", "MESServer",
                "OPCUA", "OPCUAEquipment", "Training",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "MESBench",
            dependencies: [
                "QueueingModels", "Simulation", "Stochastics", "MESCore", "MESStore", "MESSampleData", "Twin", "PlantFiles", "MESServer",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StochasticsTests",
            dependencies: ["Stochastics", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Stochastics"]),
        .testTarget(
            name: "MESCoreTests",
            dependencies: ["MESCore", "MESStore", "MESSampleData", "SPC", "StoreCrashDriver", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "SPCTests", dependencies: ["SPC", "Stochastics"]),
        .testTarget(name: "EquipmentTests", dependencies: ["Equipment", "MESCore", "MESStore"]),
        .testTarget(name: "PlantFilesTests", dependencies: ["PlantFiles", "Stochastics", "MESCore"]),
        .testTarget(
            name: "MESServerTests",
            dependencies: ["MESServer", "MESCore", "MESStore", "MESSampleData", "mes", .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "MESReportsTests", dependencies: ["MESReports", "MESCore", "MESStore", "SPC"]),
        .testTarget(name: "TwinTests", dependencies: ["Twin", "MESReports", "PlantFiles", "Stochastics", "MESCore", "MESStore", "Equipment", "mes"]),
        .testTarget(
            name: "LoadTestTests",
            dependencies: [
                "LoadTest", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .testTarget(
            name: "OPCUATests",
            dependencies: [
                "OPCUA", "OPCUAEquipment", "Equipment", "MESCore", "MESStore", "MESReports", "MESServer", "PlantFiles", "mes",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // Server/: the real OPC UA server the tests start (Python asyncua; see Support/OPCUATestServer.swift).
            // Fixtures/make_service_vectors.py: re-creates the asyncua test vectors. Neither is built.
            exclude: ["Server", "Fixtures/make_service_vectors.py"]),
        .testTarget(
            name: "TrainingTests",
            dependencies: [
                "Training", "Twin", "MESServer", "MESCore", "MESStore", "PlantFiles", "Stochastics", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "QueueingModelsTests", dependencies: ["QueueingModels", "Simulation", "Stochastics"]),
    ],
    swiftLanguageModes: [.v6]
)
