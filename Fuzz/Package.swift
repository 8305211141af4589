// swift-tools-version:6.1
import Foundation
import PackageDescription

/// A path dependency is known by its folder's name, whatever the clone is called.
let yidi = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// libFuzzer without main(), from the Swift toolchain's clang runtime.
let fuzzerNoMain: String = {
    let clang = URL(fileURLWithPath: "/opt/swift/usr/lib/clang")
    let version = (try? FileManager.default.contentsOfDirectory(atPath: clang.path))?.sorted().last ?? "21"
    return clang.path + "/\(version)/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a"
}()

// The libFuzzer target over intake + parse + rules, in a package of its own so that the test
// command and CI never build it. Run it with scripts/fuzz.
let package = Package(
    name: "YidiFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "YidiFuzz",
            dependencies: [.product(name: "YidiCore", package: yidi), .product(name: "YidiTestSupport", package: yidi)],
            // Coverage instrumentation and ASan; libFuzzer without its main(): ours calls LLVMFuzzerRunDriver.
            swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])],
            linkerSettings: [.unsafeFlags(["-sanitize=address", "-Xlinker", fuzzerNoMain]), .linkedLibrary("stdc++")]
        )
    ]
)
