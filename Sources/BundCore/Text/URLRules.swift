/// The rules for URLs that come from data and options rather than from Markdown (which libcmark's
/// safe mode already checks): one place, so every field a template turns into a link obeys them.
public enum URLRules {
  /// Why a URL written in data (sources, menus, tables) cannot be a link, or nil when it can:
  /// `http`, `https` and `mailto` URLs and relative links only, so no `javascript:` or `data:`
  /// URL is ever published as a live link. An empty value is no link, and no problem.
  public static func linkProblem(_ url: String) -> String? {
    if url.isEmpty { return nil }
    if let scalar = url.unicodeScalars.first(where: { $0.value < 0x21 || $0.value == 0x7F }) {
      return scalar == " "
        ? "a URL may not hold spaces; write them as %20"
        : "a URL may not hold the control character \(ControlCharacters.name(scalar))"
    }
    guard let scheme = scheme(of: url) else { return nil }
    if ["http", "https", "mailto"].contains(scheme.lowercased()) { return nil }
    return "'\(scheme):' links are not allowed; use an http, https or mailto URL, or a relative link"
  }

  /// Why a base URL cannot be used, or nil: it must be an absolute http(s) URL with a host, and
  /// nothing that could break out of an attribute or a line of robots.txt.
  public static func baseURLProblem(_ url: String) -> String? {
    let lower = url.lowercased()
    guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
      return "the base URL must be an absolute URL such as https://example.org/, found '\(url)'"
    }
    if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
      return "the base URL may not hold spaces, line breaks or control characters"
    }
    if let bad = url.first(where: { "\"'<>`\\{}|^".contains($0) }) {
      return "the base URL may not hold '\(bad)'"
    }
    if url.contains("?") || url.contains("#") {
      return "the base URL may not hold a query ('?') or a fragment ('#')"
    }
    let afterScheme = url[url.index(url.startIndex, offsetBy: lower.hasPrefix("https") ? 8 : 7)...]
    let host = afterScheme.prefix { $0 != "/" }
    if host.isEmpty || host.hasPrefix(":") || host.contains("@") {
      return "the base URL has no host name, as in https://example.org/"
    }
    return nil
  }

  /// The scheme of an absolute URL (`javascript` in `javascript:alert(1)`), or nil for a relative one.
  /// By bytes (it runs for every link of every page): a letter, then letters, digits, `+`, `-`
  /// and `.` up to the first `:`. A relative path may hold a colon after a `/`, `?` or `#`
  /// (`a/b:c`); a scheme may not.
  public static func scheme(of url: String) -> Substring? {
    var length = 0
    for byte in url.utf8 {
      if byte == UInt8(ascii: ":") {
        guard length > 0 else { return nil }
        return url[..<url.utf8.index(url.utf8.startIndex, offsetBy: length)]
      }
      let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      let allowed = letter || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
      guard allowed, length > 0 || letter else { return nil }
      length += 1
    }
    return nil
  }
}
