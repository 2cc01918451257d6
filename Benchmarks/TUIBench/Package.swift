// swift-tools-version: 6.2
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which differs between checkouts.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.lastPathComponent

// Release-mode measurements of the terminal UI: render + diff at 200x60 with 100,000 tasks,
// and the time from a commit to the frame that shows it. Run from this directory:
//   swift run -c release TUIBench
let package = Package(
    name: "TUIBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "TUIBench",
            dependencies: [
                .product(name: "IsomorphiqTUI", package: root),
                .product(name: "IsomorphiqCore", package: root),
            ]
        ),
    ]
)
