import Foundation

/// A file read from disk: its path below its root folder, the path to show in messages, and its bytes.
public struct SourceFile: Sendable, Hashable {
  /// `/`-separated path relative to the folder it was found in.
  public var relativePath: String
  /// Path for messages, e.g. `Templates/assets/style.css`.
  public var displayPath: String
  public var bytes: Data
  /// Where the file is on disk, for a file whose bytes are not read into memory (a static file,
  /// copied by streaming when the site is written); `bytes` is then empty.
  public var diskPath: String?
  /// For an image (PNG, GIF, JPEG, WebP, SVG), its pixel size, read from its first bytes.
  public var imageSize: ImageSize?

  public init(relativePath: String, displayPath: String, bytes: Data) {
    self.relativePath = relativePath
    self.displayPath = displayPath
    self.bytes = bytes
  }

  public init(relativePath: String, displayPath: String, diskPath: String) {
    self.init(relativePath: relativePath, displayPath: displayPath, bytes: Data())
    self.diskPath = diskPath
  }
}

/// A file the build produces: a path below the output folder and its bytes, or the file on disk
/// to copy there (static files, which are never held in memory).
public struct OutputFile: Sendable, Hashable {
  public var path: String
  public var bytes: Data
  /// Copy this file instead of writing `bytes` (which are then empty).
  public var copyFrom: String?

  public init(path: String, bytes: Data) {
    self.path = path
    self.bytes = bytes
  }

  public init(path: String, copyingFrom source: String) {
    self.path = path
    self.bytes = Data()
    self.copyFrom = source
  }

  /// The bytes, read from disk for a file to copy (nil when it cannot be read).
  public func contents() -> Data? {
    guard let copyFrom else { return bytes }
    return FileManager.default.contents(atPath: copyFrom)
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Data(text.utf8))
  }
}
