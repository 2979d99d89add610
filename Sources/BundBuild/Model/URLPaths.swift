/// Relative URLs between output paths, so the site works under any folder of any host.
enum URLPaths {
  /// Number of folders above an output URL path: `en/briefings/x/` → 3, `` → 0.
  static func depth(of urlPath: String) -> Int {
    urlPath.split(separator: "/").count
  }

  /// `../../` for depth 2, `./` at the top.
  static func root(from urlPath: String) -> String {
    let depth = depth(of: urlPath)
    return depth == 0 ? "./" : String(repeating: "../", count: depth)
  }

  /// The relative URL from a page's folder to another output path (a folder ending in `/` or a file).
  static func relative(from urlPath: String, to target: String) -> String {
    let from = urlPath.split(separator: "/")
    let to = target.split(separator: "/")
    var common = 0
    while common < from.count && common < to.count - (target.hasSuffix("/") ? 0 : 1)
      && from[common] == to[common]
    {
      common += 1
    }
    let up = String(repeating: "../", count: from.count - common)
    let down = to[common...].joined(separator: "/")
    var result = up + down
    if target.hasSuffix("/") && !down.isEmpty { result += "/" }
    return result.isEmpty ? "./" : result
  }

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
