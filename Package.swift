// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "yidi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "yidi", targets: ["yidi"]),
        .library(name: "YidiCore", targets: ["YidiCore"]),
        /// What the tests and the fuzz target need and the product does not (gzip with zlib).
        .library(name: "YidiTestSupport", targets: ["YidiTestSupport"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2")
    ],
    targets: [
        // MARK: - C shims

        /// libxml2 (XML, XSD), wrapped once.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        /// zlib (the drops' inflate; gzip in the tests), wrapped once.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        /// The platform's libcrypto (SHA-256), wrapped once.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        /// Intel ISA-L's igzip (the province files' DEFLATE), wrapped once.
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]
        ),

        /// The few libc calls Swift's Glibc module leaves out (syncfs), wrapped once.
        .target(name: "CYidiLibC"),
        /// SQLite's process-wide configuration (variadic `sqlite3_config`), wrapped once.
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),

        // MARK: - Core library, one folder per pipeline stage

        .target(
            name: "YidiCore",
            dependencies: [
                "CLibXML2",
                "CZlib",
                "CISAL",
                "CCrypto",
                "CYidiLibC",
                "CSQLiteConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio")
            ],
            swiftSettings: [
                // The parser's callbacks run per XML event; dynamic exclusivity checks cost
                // ~4 % there (perf). Debug builds and the tests keep them.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
            ]
        ),

        // MARK: - Test support (the tests and the fuzz target; never linked into yidi)

        .target(name: "YidiTestSupport", dependencies: ["CZlib"]),

        // MARK: - Command line

        .executableTarget(
            name: "yidi",
            dependencies: [
                "YidiCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log")
            ],
            resources: [.copy("Resources/sample")]
        ),

        // MARK: - Tests

        .testTarget(
            name: "YidiCoreTests",
            dependencies: [
                "YidiCore",
                "YidiTestSupport",
                "CLibXML2",
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based")
            ],
            resources: [.copy("Fixtures")]
        )
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
