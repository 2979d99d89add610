// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
  name: "Bund",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "bund", targets: ["bund"]),
    // The stages as a library, for the fuzzer in Fuzz/ and for tools built on Bund.
    .library(
      name: "BundKit", targets: ["BundCore", "BundMarkdown", "BundLoading", "BundTemplates", "BundBuild"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CCMark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
    ),
    // BundCore alone imports SystemPackage: `DiskFileSystem` is the one door to the disk.
    .target(name: "BundCore", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
    .target(name: "BundMarkdown", dependencies: ["CCMark", "BundCore"]),
    .target(
      name: "BundTemplates",
      dependencies: ["BundCore", "BundMustache"]
    ),
    .target(name: "BundLoading", dependencies: ["BundCore", "Yams"]),
    .target(name: "BundSearch", dependencies: ["BundCore"]),
    .target(name: "BundMustache"),
    .target(
      name: "BundBuild",
      dependencies: [
        "BundCore", "BundMarkdown", "BundTemplates", "BundLoading", "BundSearch",
      ]
    ),
    .target(
      name: "BundServe",
      dependencies: [
        "BundBuild", "BundCore", "BundLoading", .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
      ]),
    .executableTarget(
      name: "bund",
      dependencies: [
        "BundBuild", "BundCore", "BundLoading", "BundServe",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // What the test targets share: fixture sites copied to temporary folders or held in memory, and a
    // runner for the built `bund`.
    .target(name: "BundTestSupport", dependencies: ["BundBuild", "BundCore"], path: "Tests/BundTestSupport"),
    .testTarget(name: "BundCoreTests", dependencies: ["BundCore"]),
    .testTarget(name: "BundLoadingTests", dependencies: ["BundLoading", "BundCore", "BundTestSupport"]),
    .testTarget(name: "BundCLITests", dependencies: ["bund", "BundTestSupport"]),
    .testTarget(name: "BundSearchTests", dependencies: ["BundSearch", "BundCore"], exclude: ["Fixtures"]),
    .testTarget(
      name: "BundServeTests",
      dependencies: [
        "BundServe", "BundBuild", "BundCore", "BundTestSupport",
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ]),
    .testTarget(name: "BundTemplatesTests", dependencies: ["BundTemplates", "BundCore"]),
    .testTarget(name: "BundMarkdownTests", dependencies: ["BundMarkdown", "BundCore"]),
    .testTarget(name: "BundMustacheTests", dependencies: ["BundMustache"], resources: [.copy("Spec")]),
    .testTarget(
      name: "BundBuildTests",
      dependencies: ["BundBuild", "BundCore", "BundLoading", "BundTemplates", "BundTestSupport"],
      exclude: ["Fixtures", "Snapshots"]),
  ],
  swiftLanguageModes: [.v6]
)

// The libFuzzer target (Fuzz/) has no `main`, so it joins the package only for `make fuzz`, which sets
// BUND_FUZZ=1 and builds with --sanitize=fuzzer into its own scratch folder.
if ProcessInfo.processInfo.environment["BUND_FUZZ"] == "1" {
  package.targets.append(
    .executableTarget(
      name: "BundFuzz", dependencies: ["BundCore", "BundLoading", "BundMarkdown"],
      path: "Fuzz/Sources/BundFuzz"))
}
