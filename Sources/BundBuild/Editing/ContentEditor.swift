import BundCore
import BundLoading
import Foundation

/// Edits `Content/` for the editor commands: `bund new` (a page pair from archetypes) and
/// `bund status --mark` (record which source version a translation follows).
public struct ContentEditor: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String

  public init(contentDirectory: String, templatesDirectory: String) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
  }

  public enum EditError: Error, CustomStringConvertible {
    case exists(String)
    case invalidName(String)
    case missingTitle(String)
    case noArchetype(String)
    case notFound(String)
    case noFrontMatter(String)
    case invalidTitle(String)
    case linkedFolder(String)

    public var description: String {
      switch self {
      case .exists(let path): return "\(path) already exists; bund new never overwrites a page"
      case .invalidName(let name):
        return "'\(name)' is not a valid page path; use SECTION/NAME with letters, digits, '-' and '_'"
      case .missingTitle(let code):
        return "give the \(code) title with --title \(code)=\"…\" (every language in site.yaml needs one)"
      case .noArchetype(let path):
        return "archetype \(path) is missing; create it (it may use {{title}} and {{date}})"
      case .notFound(let key): return "no page '\(key)'; run 'bund status' to see the page keys"
      case .noFrontMatter(let path): return "\(path) has no front matter to update"
      case .invalidTitle(let code):
        return "the \(code) title holds a line break or a control character; give it on one line"
      case .linkedFolder(let path):
        return "\(path) is a symbolic link; bund new writes only into real folders inside the content folder"
      }
    }
  }

  /// Creates `Content/<path>.<lang>.md` for every language from `Templates/archetypes/`, refusing to
  /// overwrite. Translations get `translation_of` for the new source text. Returns the paths written.
  public func newPage(_ path: String, titles: [String: String], config: SiteConfig, date: SimpleDate) throws
    -> [String]
  {
    let parts = path.split(separator: "/").map(String.init)
    guard !parts.isEmpty, parts.allSatisfy({ SiteLoader.isSafeSegment($0) }), !path.hasSuffix(".md") else {
      throw EditError.invalidName(path)
    }
    // Never through a link: each folder on the way must be a real folder (or not exist yet).
    var folder = contentDirectory
    for part in parts.dropLast() {
      folder += "/" + part
      var status = stat()
      if lstat(folder, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK {
        throw EditError.linkedFolder(folder)
      }
    }
    var texts: [(String, String)] = []
    for language in config.languages {
      guard let title = titles[language.code], !title.isEmpty else {
        throw EditError.missingTitle(language.code)
      }
      guard
        !title.unicodeScalars.contains(where: {
          $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029
        })
      else { throw EditError.invalidTitle(language.code) }
      let target = contentDirectory + "/" + path + ".\(language.code).md"
      if FileManager.default.fileExists(atPath: target) { throw EditError.exists(target) }
      let section = parts.count > 1 ? parts[0] : "default"
      let candidates = ["\(section).\(language.code).md", "default.\(language.code).md"].map {
        templatesDirectory + "/archetypes/" + $0
      }
      guard let archetype = candidates.lazy.compactMap({ FileManager.default.contents(atPath: $0) }).first
      else {
        throw EditError.noArchetype(candidates[1])
      }
      let text = String(decoding: archetype, as: UTF8.self)
        .replacingOccurrences(of: "{{title}}", with: Self.yamlQuoted(title))
        .replacingOccurrences(of: "{{date}}", with: date.iso)
      texts.append((target, text))
    }
    // Translations start as not translated yet: neither stale nor up to date until someone
    // translates the source and marks them (bund status --mark).
    let sourcePath = path + ".\(config.defaultLanguage).md"
    if let source = texts.first(where: { $0.0.hasSuffix("/" + sourcePath) }) {
      texts = texts.map { target, text in
        target == source.0
          ? (target, text)
          : (
            target,
            (try? Self.setting("translation_of", to: TranslationReport.untranslatedMark, in: text)) ?? text
          )
      }
    }
    var written: [String] = []
    for (target, text) in texts {
      try FileManager.default.createDirectory(
        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      guard FileManager.default.createFile(atPath: target, contents: Data(text.utf8)) else {
        throw CocoaError(.fileWriteUnknown)
      }
      written.append(target)
    }
    return written
  }

  /// Records in each translation of `key` that it follows the current source. Returns the files changed.
  public func markTranslated(_ key: String, report: TranslationReport) throws -> [String] {
    let wanted = key == "(home)" ? "" : key
    guard let row = report.rows.first(where: { $0.key == wanted }), let hash = row.sourceHash else {
      throw EditError.notFound(key)
    }
    var changed: [String] = []
    for version in row.versions.values.sorted(by: { $0.language < $1.language })
    where version.state != .source {
      guard let data = FileManager.default.contents(atPath: version.path) else {
        throw EditError.notFound(key)
      }
      let text = String(decoding: data, as: UTF8.self)
      var updated = try Self.setting("translation_of", to: hash, in: text)
      if let blocks = row.sourceBlocks {
        // What bund status --diff compares with when the source changes again.
        updated = try Self.setting("translation_blocks", to: "\"\(blocks.recorded)\"", in: updated)
      }
      if updated != text {
        try Data(updated.utf8).write(to: URL(fileURLWithPath: version.path), options: .atomic)
        changed.append(version.path)
      }
    }
    return changed
  }

  /// The page text with `key: value` set in its front matter (replaced if present, else added last).
  static func setting(_ key: String, to value: String, in text: String) throws -> String {
    var lines = text.components(separatedBy: "\n")
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
      let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
    else { throw EditError.noFrontMatter(key) }
    if let existing = lines[1..<close].firstIndex(where: { $0.hasPrefix(key + ":") }) {
      lines[existing] = "\(key): \(value)"
    } else {
      lines.insert("\(key): \(value)", at: close)
    }
    return lines.joined(separator: "\n")
  }

  static func yamlQuoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      + "\""
  }
}
