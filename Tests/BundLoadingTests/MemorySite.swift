import BundCore
import BundLoading
import BundTestSupport
import Foundation

/// The mini fixture site held in memory below `/site`, loaded with `SiteLoader` and no temporary folder.
@available(macOS 15.0, *)
struct MemorySite {
  let files = InMemoryFileSystem.fixture("mini")
  let content = "/site/Content"
  let templates = "/site/Templates"

  func write(_ relativePath: String, _ text: String) { files.write("/site/" + relativePath, text) }

  func loader(includeDrafts: Bool = false, now: Int? = nil) -> SiteLoader {
    SiteLoader(
      contentDirectory: content, templatesDirectory: templates, includeDrafts: includeDrafts, now: now,
      fileSystem: files)
  }

  /// Loads the site as the build's load stage does: then the data tables the templates name
  /// (`tablesNamedByTemplates`, which the build takes from the compiled templates) are read and the
  /// rest warned about.
  func load(
    includeDrafts: Bool = false, now: Int? = nil, tablesNamedByTemplates: Set<String> = []
  ) async -> (site: Site?, summaries: [String]) {
    let loader = loader(includeDrafts: includeDrafts, now: now)
    var (site, diagnostics) = await loader.load()
    if var loaded = site {
      diagnostics += loader.readTables(namedByTemplates: tablesNamedByTemplates, into: &loaded)
      site = loaded
    }
    return (site, diagnostics.map { $0.summary.replacingOccurrences(of: "/site/", with: "") })
  }

  /// Seconds since 1970 (UTC) at the start of a day.
  static func instant(_ iso: String) -> Int {
    SimpleDate(iso).map(\.instant) ?? 0
  }
}
