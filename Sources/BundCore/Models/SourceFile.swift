import Foundation

/// A file read from disk: its path below its root folder, the path to show in messages, and its bytes.
public struct SourceFile: Sendable, Hashable {
  /// `/`-separated path relative to the folder it was found in.
  public var relativePath: String
  /// Path for messages, e.g. `Templates/assets/style.css`.
  public var displayPath: String
  public var bytes: Data

  public init(relativePath: String, displayPath: String, bytes: Data) {
    self.relativePath = relativePath
    self.displayPath = displayPath
    self.bytes = bytes
  }
}

/// A file the build produces: a path below the output folder and its bytes.
public struct OutputFile: Sendable, Hashable {
  public var path: String
  public var bytes: Data

  public init(path: String, bytes: Data) {
    self.path = path
    self.bytes = bytes
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Data(text.utf8))
  }
}
