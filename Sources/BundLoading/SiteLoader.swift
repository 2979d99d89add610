import BundCore
import Foundation
import Yams

/// Reads `Content/` and `Templates/` into a `Site`: checks the folders and site.yaml, and sorts the
/// content files into pages, data tables and static files. The only stage that reads input files, and
/// it reads them only through `fileSystem` (the disk unless a test gives another).
///
/// Pages: `SiteLoader+Pages.swift`; data tables: `SiteLoader+Data.swift`; templates, UI strings and
/// assets: `TemplateLoader`.
public struct SiteLoader: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var includeDrafts: Bool
  /// Seconds since 1970 (UTC) of "now": a page whose `publish_at` or `date` is later is left out
  /// (scheduled). nil publishes every page (`bund build --future`).
  public var now: Int?
  /// Where every file is read from.
  public var fileSystem: any FileSystem

  public init(
    contentDirectory: String, templatesDirectory: String, includeDrafts: Bool = false, now: Int? = nil,
    fileSystem: any FileSystem = DiskFileSystem()
  ) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.includeDrafts = includeDrafts
    self.now = now
    self.fileSystem = fileSystem
  }

  /// The loaded site (nil when it cannot be built at all) and every problem found.
  public func load() async -> (Site?, [Diagnostic]) {
    let loaded = await load(readingPagesWith: nil)
    return (loaded.site, loaded.diagnostics)
  }

  /// A page file read and parsed (or not, with the reasons).
  public struct LoadedPage: Sendable {
    public var file: ContentFile
    public var page: Page?
    public var diagnostics: [Diagnostic]

    public init(file: ContentFile, page: Page?, diagnostics: [Diagnostic]) {
      self.file = file
      self.page = page
      self.diagnostics = diagnostics
    }
  }

  /// Reads the page files given to it, through `read` (the loader's own parallel reader) or
  /// otherwise (serve keeps the pages of files that did not change), in their order.
  public typealias PageReader =
    @Sendable (_ files: [ContentFile], _ read: @Sendable ([ContentFile]) async -> [LoadedPage]) async ->
    [LoadedPage]

  /// What a load found: the site (nil when it cannot be built at all), every problem, and each page
  /// file as read.
  public struct Loaded: Sendable {
    public var site: Site?
    public var diagnostics: [Diagnostic]
    public var pages: [LoadedPage]
  }

  /// Loads the site; `reader`, when given, decides how page files are read.
  public func load(readingPagesWith reader: PageReader?) async -> Loaded {
    var pages: [LoadedPage] = []
    let (site, diagnostics) = await load(reader: reader, pages: &pages)
    return Loaded(site: site, diagnostics: diagnostics, pages: pages)
  }

  private func load(reader: PageReader?, pages loadedPages: inout [LoadedPage]) async -> (Site?, [Diagnostic])
  {
    var diagnostics: [Diagnostic] = []
    guard fileSystem.info(at: contentDirectory, followingLinks: true)?.kind == .folder else {
      return (
        nil,
        [.error("content folder '\(contentDirectory)' does not exist; pass --content DIR or create it")]
      )
    }
    let configPath = join(contentDirectory, "site.yaml")
    guard let configBytes = fileSystem.contents(at: configPath) else {
      let message =
        fileSystem.info(at: configPath, followingLinks: true) != nil
        ? "cannot read '\(configPath)' (it exists, but this user may not read it, or it is a folder); check its permissions"
        : "'\(configPath)' is missing; create it with base_url, default_language and languages"
      return (nil, [.error(message, at: SourceLocation(file: configPath))])
    }
    var config: SiteConfig?
    switch SourceText.decode(configBytes, path: configPath) {
    case .failure(let diagnostic): diagnostics.append(diagnostic)
    case .success(let text):
      let (loaded, problems) = SiteConfigLoader.load(text, path: configPath)
      config = loaded
      diagnostics += problems
    }
    guard let config else { return (nil, diagnostics) }

    let (contentFiles, treeProblems) = FileTree(
      root: contentDirectory, displayRoot: contentDirectory, fileSystem: fileSystem
    ).files()
    diagnostics += treeProblems
    var pages: [Page] = []
    var dataFiles: [FileTree.Entry] = []
    var staticFiles: [SourceFile] = []
    var unloaded: Set<String> = []
    var scheduled: [String: (date: SimpleDate, file: String)] = [:]
    var pageEntries: [FileTree.Entry] = []
    let pageLoader = PageLoader(config: config)
    for entry in contentFiles {
      if entry.relativePath.hasPrefix("data/") {
        dataFiles.append(entry)
      } else if entry.relativePath.hasPrefix("static/") {
        // Copied by streaming when the site is written: never held in memory, however large.
        if let problem = fileSystem.readProblem(at: entry.path) {
          diagnostics.append(
            .error(
              "cannot read the file: \(problem); \(Self.unreadableFix)",
              at: SourceLocation(file: entry.displayPath)))
        } else {
          var file = SourceFile(
            relativePath: String(entry.relativePath.dropFirst("static/".count)),
            displayPath: entry.displayPath, diskPath: entry.path)
          if ImageSize.isImage(entry.path) {
            // Only the first bytes: an image's size is in its header.
            let header = fileSystem.prefix(at: entry.path, count: ImageSize.headerLength)
            file.imageSize = header.flatMap { ImageSize.read(Array($0)) }
          }
          staticFiles.append(file)
        }
      } else if entry.relativePath.hasSuffix(".md") {
        pageEntries.append(entry)
      } else if entry.relativePath != "site.yaml" {
        diagnostics.append(
          .warning(
            "'\(entry.relativePath)' is not a page (.md), data or static file and is ignored; move files to copy into static/",
            at: SourceLocation(file: entry.displayPath)))
      }
    }
    let fileSystem = fileSystem
    let read: @Sendable ([ContentFile]) async -> [LoadedPage] = { files in
      await Self.loadPages(files, with: pageLoader, in: fileSystem)
    }
    if let reader {
      loadedPages = await reader(pageEntries, read)
    } else {
      loadedPages = await read(pageEntries)
    }
    var loaded: [String: (Page?, [Diagnostic])] = [:]
    for file in loadedPages { loaded[file.file.path] = (file.page, file.diagnostics) }
    for entry in pageEntries {
      guard let (page, problems) = loaded[entry.path] else { continue }
      diagnostics += problems
      if let page, !includeDrafts && page.frontMatter.draft {
        // A draft: left out, and not listed as scheduled (--future would not publish it).
      } else if let page, let now, let from = page.frontMatter.publishedFrom, from.instant > now {
        scheduled[page.key + "." + page.language] = (from, entry.displayPath)
      } else if let page {
        pages.append(page)
      }
      if page == nil { unloaded.insert(String(entry.relativePath.dropLast(3))) }
    }
    if pages.isEmpty && !diagnostics.hasErrors {
      diagnostics.append(
        .error(
          "there are no pages in \(contentDirectory); add at least _index.\(config.defaultLanguage).md for the home page",
          at: SourceLocation(file: contentDirectory)))
    }

    var site = Site(config: config, configPath: configPath, pages: pages, staticFiles: staticFiles)
    site.unloadedPages = unloaded
    site.scheduledPages = scheduled
    TemplateLoader(templatesDirectory: templatesDirectory, fileSystem: fileSystem)
      .load(into: &site, diagnostics: &diagnostics)
    loadData(dataFiles, into: &site, diagnostics: &diagnostics)
    return (site, diagnostics)
  }

  private func join(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}
