// swift-tools-version:6.2
import Foundation
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Mosaic",
    products: [
        .executable(name: "mosaic", targets: ["mosaic"]),
        .executable(name: "mosaic-bench", targets: ["MosaicBench"]),
        .executable(name: "mosaic-sim", targets: ["MosaicSim"]),
        .library(name: "MosaicCore", targets: ["MosaicCore"]),
        .library(name: "MosaicStore", targets: ["MosaicStore"]),
        .library(name: "MosaicConfig", targets: ["MosaicConfig"]),
        .library(name: "MosaicSync", targets: ["MosaicSync"]),
        .library(name: "MosaicServer", targets: ["MosaicServer"]),
        .library(name: "MosaicSimulation", targets: ["MosaicSimulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    ],
    targets: [
        .target(
            name: "MosaicCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MosaicStore",
            dependencies: [
                "MosaicCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MosaicConfig",
            dependencies: [
                "MosaicCore", .product(name: "Yams", package: "Yams"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MosaicSync",
            dependencies: [
                "MosaicCore", "MosaicStore", "MosaicConfig", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MosaicServer",
            dependencies: [
                "MosaicCore", "MosaicStore", "MosaicConfig", "MosaicSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mosaic",
            dependencies: [
                "MosaicCore", "MosaicStore", "MosaicConfig", "MosaicSync", "MosaicServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(name: "MosaicSimulation", dependencies: ["MosaicCore", "MosaicStore", "MosaicSync"], swiftSettings: strict),
        .executableTarget(
            name: "MosaicSim",
            dependencies: ["MosaicSimulation", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "MosaicBench",
            dependencies: [
                "MosaicCore", "MosaicConfig", "MosaicStore", "MosaicSync", "MosaicServer", .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "MosaicFuzzHarness",
            dependencies: [
                "MosaicCore", "MosaicStore", "MosaicConfig", "MosaicSync", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(name: "MosaicCoreTests", dependencies: ["MosaicCore"], swiftSettings: strict),
        .testTarget(
            name: "MosaicStoreTests",
            dependencies: ["MosaicStore", "MosaicSync", "MosaicSimulation", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "MosaicSimulationTests", dependencies: ["MosaicSimulation", "MosaicSync"], swiftSettings: strict),
        .testTarget(name: "MosaicConfigTests", dependencies: ["MosaicConfig"], swiftSettings: strict),
        .testTarget(
            name: "MosaicSyncTests",
            dependencies: [
                "MosaicSync", "MosaicServer", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MosaicServerTests",
            dependencies: [
                "MosaicServer", "MosaicSync", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "mosaicTests", dependencies: ["mosaic", "MosaicCore", "MosaicConfig", "MosaicStore", "MosaicSync"], swiftSettings: strict),
        .testTarget(name: "MosaicFuzzTests", dependencies: ["MosaicFuzzHarness"], swiftSettings: strict),
    ]
)

// libFuzzer executables, one per input, only when MOSAIC_FUZZ=1 (see `make fuzz`): they are built with
// `-sanitize=fuzzer,address -parse-as-library` and cannot link without libFuzzer, so plain
// `swift build` and `swift test` never see them.
if ProcessInfo.processInfo.environment["MOSAIC_FUZZ"] == "1" {
    package.targets.append(.target(name: "LibFuzzerDriver", path: "Tests/Fuzz/LibFuzzerDriver"))
    for target in [
        "pull-request", "pull-response", "commit", "signature", "node-config", "member-file", "csv-import", "json-import", "search",
    ] {
        let name = "fuzz-" + target
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["MosaicFuzzHarness", "LibFuzzerDriver"], path: "Tests/Fuzz/Targets/\(target)",
                swiftSettings: strict))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
