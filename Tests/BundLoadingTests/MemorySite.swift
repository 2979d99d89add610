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

  func load(includeDrafts: Bool = false, now: Int? = nil) async -> (site: Site?, summaries: [String]) {
    let (site, diagnostics) = await loader(includeDrafts: includeDrafts, now: now).load()
    return (site, diagnostics.map { $0.summary.replacingOccurrences(of: "/site/", with: "") })
  }

  /// Seconds since 1970 (UTC) at the start of a day.
  static func instant(_ iso: String) -> Int {
    SimpleDate(iso).map(\.instant) ?? 0
  }
}
