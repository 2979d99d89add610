// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Bund",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "bund", targets: ["bund"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CCMark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
    ),
    .target(name: "BundCore"),
    .target(name: "BundMarkdown", dependencies: ["CCMark", "BundCore"]),
    .target(
      name: "BundTemplates",
      dependencies: ["BundCore", .product(name: "Mustache", package: "swift-mustache")]
    ),
    .target(name: "BundLoading", dependencies: ["BundCore", "Yams"]),
    .target(
      name: "BundBuild",
      dependencies: ["BundCore", "BundMarkdown", "BundTemplates", "BundLoading"]
    ),
    .executableTarget(
      name: "bund",
      dependencies: ["BundBuild", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .testTarget(name: "BundCoreTests", dependencies: ["BundCore"]),
    .testTarget(name: "BundMarkdownTests", dependencies: ["BundMarkdown", "BundCore"]),
    .testTarget(
      name: "BundBuildTests", dependencies: ["BundBuild", "BundCore", "BundLoading"],
      exclude: ["Fixtures", "Snapshots"]),
  ],
  swiftLanguageModes: [.v6]
)
