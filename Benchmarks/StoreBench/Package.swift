// swift-tools-version: 6.2
import PackageDescription

/// Release-mode benchmark of the durable event store: `swift run -c release StoreBench [events]`.
let package = Package(
    name: "StoreBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "isomorphiq-tui", path: "../..")],
    targets: [
        .executableTarget(
            name: "StoreBench",
            dependencies: [
                .product(name: "IsomorphiqStore", package: "isomorphiq-tui"),
                .product(name: "IsomorphiqCore", package: "isomorphiq-tui"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
    ]
)
