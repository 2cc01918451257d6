// swift-tools-version: 6.2
import PackageDescription

/// End-to-end WebSocket fan-out benchmark (see `bench.sh` and `Benchmarks/SERVER.md`):
/// `BenchServer` runs the server over an in-memory store; `BenchClient` opens N subscribed
/// clients, creates tasks over REST at a given rate, and reports delivered messages/s, latency,
/// loss, and the server's CPU per delivered message and memory per idle connection (from /proc).
let package = Package(
    name: "ServerBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "isomorphiq-tui", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "BenchServer",
            dependencies: [
                .product(name: "IsomorphiqServer", package: "isomorphiq-tui"),
                .product(name: "IsomorphiqCore", package: "isomorphiq-tui"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "BenchClient",
            dependencies: [
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
    ]
)
