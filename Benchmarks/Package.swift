// swift-tools-version:6.1
import Foundation
import PackageDescription

// Micro-benchmarks of yidi's hot paths (ordo-one/benchmark), in a package of their own so that
// the test command and CI never build them:  cd Benchmarks && swift package benchmark
let yidi = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "YidiBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    ],
    targets: [
        .executableTarget(
            name: "YidiBenchmarks",
            dependencies: [
                .product(name: "YidiCore", package: yidi),
                .product(name: "Benchmark", package: "benchmark")
            ],
            path: "Benchmarks/YidiBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
