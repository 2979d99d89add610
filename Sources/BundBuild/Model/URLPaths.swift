/// Relative URLs between output paths, so the site works under any folder of any host.
enum URLPaths {
  /// Number of folders above an output URL path: `en/briefings/x/` → 3, `` → 0.
  static func depth(of urlPath: String) -> Int {
    urlPath.utf8.split(separator: slash).count
  }

  /// `../../` for depth 2, `./` at the top.
  static func root(from urlPath: String) -> String {
    let depth = depth(of: urlPath)
    return depth == 0 ? "./" : String(repeating: "../", count: depth)
  }

  /// The relative URL from a page's folder to another output path (a folder ending in `/` or a file).
  /// Works on bytes: it runs for every link of every page.
  static func relative(from urlPath: String, to target: String) -> String {
    let from = urlPath.utf8.split(separator: slash)
    let to = target.utf8.split(separator: slash)
    let isFolder = target.utf8.last == slash
    let limit = to.count - (isFolder ? 0 : 1)
    var common = 0
    while common < from.count && common < limit && from[common].elementsEqual(to[common]) {
      common += 1
    }
    var result = String(repeating: "../", count: from.count - common)
    for (position, part) in to[common...].enumerated() {
      if position > 0 { result += "/" }
      result += String(decoding: part, as: UTF8.self)
    }
    if isFolder && common < to.count { result += "/" }
    return result.isEmpty ? "./" : result
  }

  private static let slash = UInt8(ascii: "/")

  /// Resolves `..` and `.` in a `/`-separated path; nil when it climbs above the start.
  static func normalise(_ path: String) -> String? {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if parts.isEmpty { return nil }
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return parts.joined(separator: "/")
  }
}
