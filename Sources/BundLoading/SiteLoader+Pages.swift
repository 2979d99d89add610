import BundCore
import Foundation

/// Pages: read on every core, one at a time for serve's fast path, or parsed from text; and the one
/// read→decode every source file goes through.
extension SiteLoader {
  /// Reads and parses the pages on every core, in batches, keeping the files' order.
  static func loadPages(
    _ entries: [FileTree.Entry], with loader: PageLoader, in fileSystem: any FileSystem
  ) async -> [LoadedPage] {
    let batchSize = 128
    let batches = stride(from: 0, to: entries.count, by: batchSize).map {
      Array(entries[$0..<min($0 + batchSize, entries.count)])
    }
    let loaded = await Parallel.map(batches, width: max(2, Parallel.cores * 2)) { batch in
      batch.map { entry in
        let (page, problems) = parse(entry, with: loader, in: fileSystem)
        return LoadedPage(file: entry, page: page, diagnostics: problems)
      }
    }
    return loaded.flatMap { $0 }
  }

  /// Whether a folder, file or slug name is safe as one URL and path segment (`PathRules`).
  public static func isSafeSegment(_ segment: String) -> Bool { PathRules.isSafeSegment(segment) }

  /// Reads and parses one page file exactly as a load does (serve's fast path for an edited page).
  public static func readPage(
    at path: String, relativePath: String, displayPath: String, config: SiteConfig,
    fileSystem: any FileSystem = DiskFileSystem()
  ) -> (Page?, [Diagnostic]) {
    let file = ContentFile(relativePath: relativePath, path: path, displayPath: displayPath)
    return parse(file, with: PageLoader(config: config), in: fileSystem)
  }

  /// Parses one page's text as if it were the file at `relativePath` (for fuzzing and tools).
  public static func parsePage(_ text: String, relativePath: String, config: SiteConfig) -> (
    Page?, [Diagnostic]
  ) {
    PageLoader(config: config).load(text: text, relativePath: relativePath, displayPath: relativePath)
  }

  private static func parse(
    _ file: ContentFile, with loader: PageLoader, in fileSystem: any FileSystem
  ) -> (Page?, [Diagnostic]) {
    switch readSource(file, in: fileSystem) {
    case .failure(let diagnostic): return (nil, [diagnostic])
    case .success(let text):
      return loader.load(text: text, relativePath: file.relativePath, displayPath: file.displayPath)
    }
  }

  /// How to mend a file loading cannot read, said after the system's reason.
  static let unreadableFix = "make it readable (chmod a+r) or move it out of the folder"

  /// A file's bytes, or the error that it cannot be read (with the system's reason).
  static func readBytes(_ file: ContentFile, in fileSystem: any FileSystem) -> Result<Data, Diagnostic> {
    guard let bytes = fileSystem.contents(at: file.path) else {
      return .failure(
        .error(
          "cannot read the file: \(fileSystem.readProblem(at: file.path) ?? "it changed while it was read"); \(unreadableFix)",
          at: SourceLocation(file: file.displayPath)))
    }
    return .success(bytes)
  }

  /// A source file's text (UTF-8, BOM dropped, lines ending in LF: `SourceText`), or the one
  /// problem why not. Pages, data tables and UI strings are all read through here.
  static func readSource(_ file: ContentFile, in fileSystem: any FileSystem) -> Result<String, Diagnostic> {
    readBytes(file, in: fileSystem).flatMap { SourceText.decode($0, path: file.displayPath) }
  }

  /// `readSource`, with the problem added to `diagnostics`.
  func readText(_ entry: FileTree.Entry, into diagnostics: inout [Diagnostic]) -> String? {
    switch Self.readSource(entry, in: fileSystem) {
    case .success(let text): return text
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return nil
    }
  }
}
