import BundCore

/// `bund build --portable`: every link to a folder of the site (`../about/`, `./`, `../../zh/`)
/// ends in `index.html`, so the output works opened from disk (file://), where browsers show a
/// folder's listing rather than its index page.
enum PortableLinks {
  /// The HTML with `index.html` added to each relative `href` that names a folder. Absolute URLs
  /// (`https:`, `mailto:`, `//host`) and anchors on the same page are left as they are.
  static func rewrite(_ html: [UInt8]) -> [UInt8] {
    let marker = Array("href=\"".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(html.count + 1024)
    var index = 0
    while index < html.count {
      guard html[index] == marker[0], index + marker.count <= html.count,
        html[index..<(index + marker.count)].elementsEqual(marker)
      else {
        out.append(html[index])
        index += 1
        continue
      }
      out += marker
      index += marker.count
      let start = index
      while index < html.count && html[index] != UInt8(ascii: "\"") { index += 1 }
      out += portable(Array(html[start..<index]))
    }
    return out
  }

  /// One href value: `../about/` → `../about/index.html`, `../x/?q=1#top` → `../x/index.html?q=1#top`.
  static func portable(_ value: [UInt8]) -> [UInt8] {
    let pathEnd = value.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? value.count
    let path = value[..<pathEnd]
    if path.isEmpty { return value }  // "#anchor" or "?q": the page itself
    if path.starts(with: Array("//".utf8)) { return value }
    if URLRules.scheme(of: String(decoding: path, as: UTF8.self)) != nil { return value }  // https:, mailto:
    guard path.last == UInt8(ascii: "/") else { return value }
    return Array(path) + Array("index.html".utf8) + Array(value[pathEnd...])
  }
}
