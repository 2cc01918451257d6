// swift-tools-version: 6.2
import PackageDescription

/// One set of settings for every target (as Hummingbird does): Swift 6 language mode plus the
/// upcoming features that make existentials, imports and member visibility explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "isomorphiq-tui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "isomorphiq-tui", targets: ["isomorphiq-tui"]),
        .library(name: "IsomorphiqCore", targets: ["IsomorphiqCore"]),
        .library(name: "IsomorphiqStore", targets: ["IsomorphiqStore"]),
        .library(name: "IsomorphiqPostgres", targets: ["IsomorphiqPostgres"]),
        .library(name: "IsomorphiqServer", targets: ["IsomorphiqServer"]),
        .library(name: "IsomorphiqSource", targets: ["IsomorphiqSource"]),
        .library(name: "IsomorphiqTUI", targets: ["IsomorphiqTUI"]),
        .library(name: "IsomorphiqRemote", targets: ["IsomorphiqRemote"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Gathers the frames of a WAL commit into one write (see its header); linked to the system SQLite that GRDB uses.
        .target(
            name: "CSQLiteWALBuffer",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(
            name: "IsomorphiqCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IsomorphiqStore",
            dependencies: [
                "IsomorphiqCore",
                "CSQLiteWALBuffer",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The shared event log for several instances (docs/SCALING.md): the same contracts as the SQLite store.
        .target(
            name: "IsomorphiqPostgres",
            dependencies: [
                "IsomorphiqCore",
                "IsomorphiqStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IsomorphiqServer",
            dependencies: [
                "IsomorphiqCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Where a screen gets its tasks (TaskSource), in-process or remote; no terminal in it.
        .target(
            name: "IsomorphiqSource",
            dependencies: [
                "IsomorphiqCore",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IsomorphiqTUI",
            dependencies: [
                "IsomorphiqCore",
                "IsomorphiqSource",
                "CNCursesW",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IsomorphiqRemote",
            dependencies: [
                "IsomorphiqCore",
                "IsomorphiqSource",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "isomorphiq-tui",
            dependencies: [
                "IsomorphiqCore",
                "IsomorphiqStore",
                "IsomorphiqPostgres",
                "IsomorphiqServer",
                "IsomorphiqSource",
                "IsomorphiqTUI",
                "IsomorphiqRemote",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqCoreTests",
            dependencies: ["IsomorphiqCore"],
            // The golden wire files are read by path (EventCodecTests), not bundled.
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqStoreTests",
            dependencies: ["IsomorphiqStore", "IsomorphiqCore", "CSQLiteWALBuffer", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqPostgresTests",
            dependencies: ["IsomorphiqPostgres", "IsomorphiqStore", "IsomorphiqCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqServerTests",
            dependencies: [
                "IsomorphiqServer", "IsomorphiqCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqCLITests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqRemoteTests",
            dependencies: [
                "IsomorphiqRemote", "IsomorphiqServer", "IsomorphiqCore", "IsomorphiqSource",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IsomorphiqTUITests",
            dependencies: ["IsomorphiqTUI", "IsomorphiqSource", "IsomorphiqCore"],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks (ordo-one/benchmark) are added only for `make bench` (ISOMORPHIQ_BENCHMARKS=1), so that
// building and testing never fetch or compile the benchmark package and its allocator hooks.
if Context.environment["ISOMORPHIQ_BENCHMARKS"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: []))
    package.targets.append(.target(name: "BusLoad", dependencies: ["IsomorphiqCore"], path: "Benchmarks/BusLoad", swiftSettings: swiftSettings))
    package.targets.append(
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: ["IsomorphiqCore", "BusLoad", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CoreBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
    package.targets.append(
        .executableTarget(name: "BusThroughput", dependencies: ["BusLoad", "IsomorphiqCore"], path: "Benchmarks/BusThroughput", swiftSettings: swiftSettings))
}
