import BundCore

/// Relative URLs between output paths, so the site works under any folder of any host.
enum URLPaths {
  /// Number of folders above an output URL path: `en/briefings/x/` → 3, `` → 0.
  static func depth(of urlPath: String) -> Int { segments(in: urlPath.utf8) }

  /// Non-empty `/`-separated segments in some bytes.
  private static func segments(in bytes: some Sequence<UInt8>) -> Int {
    var count = 0
    var inSegment = false
    for byte in bytes {
      if byte == slash {
        inSegment = false
      } else if !inSegment {
        inSegment = true
        count += 1
      }
    }
    return count
  }

  /// `../../` for depth 2, `./` at the top.
  static func root(from urlPath: String) -> String {
    let depth = depth(of: urlPath)
    return depth == 0 ? "./" : String(repeating: "../", count: depth)
  }

  /// The relative URL from a page's folder to another output path (a folder ending in `/` or a file).
  /// One pass over the bytes (it runs for every link of every page): the shared folders are the
  /// common prefix up to its last `/`; each folder of `urlPath` after it is one `../`.
  static func relative(from urlPath: String, to target: String) -> String {
    var from = urlPath
    var to = target
    return from.withUTF8 { fromBytes in
      to.withUTF8 { toBytes in
        var shared = 0  // bytes of the common folders, with their `/`
        var index = 0
        while index < fromBytes.count && index < toBytes.count && fromBytes[index] == toBytes[index] {
          index += 1
          if fromBytes[index - 1] == slash { shared = index }
        }
        let up = segments(in: fromBytes[shared...])
        if up == 0 && shared == toBytes.count { return "./" }
        // Written into one string of the final length (every page makes dozens of these).
        let rest = UnsafeBufferPointer(rebasing: toBytes[shared...])
        return String(unsafeUninitializedCapacity: up * 3 + rest.count) { buffer in
          for step in 0..<up {
            buffer[step * 3] = UInt8(ascii: ".")
            buffer[step * 3 + 1] = UInt8(ascii: ".")
            buffer[step * 3 + 2] = slash
          }
          _ = UnsafeMutableBufferPointer(rebasing: buffer[(up * 3)...]).initialize(from: rest)
          return up * 3 + rest.count
        }
      }
    }
  }

  private static let slash = UInt8(ascii: "/")

  /// A relative URL made safe for an `href`: the characters a URL path cannot hold as they are
  /// (`%`, `#`, `?`, spaces, quotes, `<`, `>`, `\\`, controls) percent-encoded, so a file named
  /// `a#b.txt` is linked as `a%23b.txt`. Letters of every script stay as they are.
  static func hrefEncoded(_ url: String) -> String {
    PercentEncoding.encode(url) { byte in byte <= 0x20 || byte == 0x7F || hrefSpecial.contains(byte) }
  }

  /// Resolves `..` and `.` in a `/`-separated path; nil when it climbs above the start.
  static func normalise(_ path: String) -> String? {
    if let ascii = normaliseASCII(path) { return ascii }
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

  /// `normalise` of an ASCII path, by bytes into one buffer (it runs for every link of every page):
  /// `.some(nil)` when it climbs above the start, nil when the path is not ASCII.
  private static func normaliseASCII(_ path: String) -> String?? {
    var path = path
    return path.withUTF8 { bytes -> String?? in
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      var kept: [Int] = []  // where each kept segment starts in `out`, with its `/`
      var index = 0
      while index < bytes.count {
        if bytes[index] >= 0x80 { return nil }
        if bytes[index] == slash {
          index += 1
          continue
        }
        var end = index
        while end < bytes.count && bytes[end] != slash {
          if bytes[end] >= 0x80 { return nil }
          end += 1
        }
        let isDot = end - index == 1 && bytes[index] == dot
        let isDotDot = end - index == 2 && bytes[index] == dot && bytes[index + 1] == dot
        if isDotDot {
          guard let start = kept.popLast() else { return .some(nil) }
          out.removeSubrange(start...)
        } else if !isDot {
          kept.append(out.count)
          if !out.isEmpty { out.append(slash) }
          out.append(contentsOf: bytes[index..<end])
        }
        index = end
      }
      return .some(String(decoding: out, as: UTF8.self))
    }
  }

  private static let dot = UInt8(ascii: ".")

  /// An absolute URL for a path below the base URL, its non-ASCII characters (a Chinese tag's page)
  /// and spaces percent-encoded as UTF-8, so sitemaps, feeds and canonical links hold a valid URI.
  /// `%`, `#`, `?`, `"`, `<`, `>` and `\\`: what a path in an href cannot hold as it is.
  private static let hrefSpecial = Set("%#?\"<>\\".utf8)

  static func absolute(_ base: String, _ path: String) -> String {
    base + PercentEncoding.encode(path) { $0 >= 0x80 || $0 <= 0x20 || $0 == 0x7F }
  }
}
