import Foundation

/// Runs the built `bund` executable, as a user would, and collects what it said.
public enum CLIRunner {
  /// What one run of `bund` did.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  public enum Failure: Error, CustomStringConvertible {
    case noBinary(searched: [String])

    public var description: String {
      switch self {
      case .noBinary(let searched):
        "no built bund executable next to the tests (looked in \(searched.joined(separator: ", "))); run swift build first"
      }
    }
  }

  /// The `bund` that SwiftPM built next to the test bundle (`.build/<triple>/debug/bund`), or the one
  /// `BUND_BINARY` names.
  public static func binary() throws -> URL {
    if let given = ProcessInfo.processInfo.environment["BUND_BINARY"] { return URL(fileURLWithPath: given) }
    // The test bundle lies in the products folder: `BundPackageTests.xctest` (a file on Linux, a
    // bundle folder on macOS, where the process is xctest and the bundle is among allBundles).
    var folders = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
      .map { $0.deletingLastPathComponent() }
    folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    folders.append(Bundle.main.bundleURL)
    for folder in folders {
      let candidate = folder.appendingPathComponent("bund")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw Failure.noBinary(searched: folders.map(\.path))
  }

  /// Runs `bund` with these arguments in `folder`; stdin is empty.
  public static func run(_ arguments: [String], in folder: URL) async throws -> Result {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    // Files rather than pipes: a pipe that is not drained while the process runs can fill and stall it.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bund-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("stdout")
    let err = scratch.appendingPathComponent("stderr")
    try Data().write(to: out)
    try Data().write(to: err)
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do {
        try process.run()
      } catch {
        continuation.resume(throwing: error)
      }
    }
    try outHandle.close()
    try errHandle.close()
    return Result(
      status: status,
      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
  }
}
