import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    // The test bundle lies in the products folder: `BundPackageTests.xctest`, a file on Linux (the
    // process itself), a bundle folder on macOS (where the process is xctest). Bundle.allBundles is
    // asked only on macOS: on Linux, LeakSanitizer finds it leaking.
    var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    #if os(macOS)
      folders += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        .map { $0.deletingLastPathComponent() }
    #endif
    for folder in folders {
      let candidate = folder.appendingPathComponent("bund")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw Failure.noBinary(searched: folders.map(\.path))
  }

  /// Runs `bund` with these arguments in `folder`; stdin is empty. By `posix_spawn` (through
  /// `env -C folder`), not Foundation's `Process`, which LeakSanitizer finds leaking on Linux.
  public static func run(_ arguments: [String], in folder: URL) async throws -> Result {
    let binary = try binary()
    // Files rather than pipes: a pipe that is not drained while the process runs can fill and stall it.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bund-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("stdout").path
    let err = scratch.appendingPathComponent("stderr").path
    let argv = ["/usr/bin/env", "-C", folder.path, "NO_COLOR=1", binary.path] + arguments
    let status = try await Task.detached { try spawnAndWait(argv, stdout: out, stderr: err) }.value
    return Result(status: status, stdout: try readText(out), stderr: try readText(err))
  }

  /// A file's text, read with read(2) (Data(contentsOf:) leaks its buffer on Linux under LeakSanitizer).
  static func readText(_ path: String) throws -> String {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw SpawnError(description: "cannot read \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  public struct SpawnError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Starts `argv[0]` with the environment of this process, stdin from /dev/null and stdout and
  /// stderr into files, and waits for its exit status.
  static func spawnAndWait(_ argv: [String], stdout: String, stderr: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for argument in cArguments { free(argument) } }
    var pid: pid_t = 0
    let started = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
    guard started == 0 else {
      throw SpawnError(description: "cannot start \(argv[0]): \(String(cString: strerror(started)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else {
        throw SpawnError(description: "waitpid: \(String(cString: strerror(errno)))")
      }
    }
    // WIFEXITED / WEXITSTATUS, and 128 + the signal for a process a signal ended (as a shell says).
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}
