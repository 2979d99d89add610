/// The rules for names and paths that end up in URLs and in the output folder, in one place.
///
/// Two rules, for two questions: `isSafeSegment` says whether a name a writer chose (a folder, file
/// or slug) may become one URL and path segment; `isInside` says whether a relative path stays
/// inside the folder it is relative to. A path made of safe segments is always inside.
///
/// Serve answers only paths `isInside` allows. Not here, because it means something else:
/// `URLPaths.normalise`, which resolves `..` in a link against the page's URL (a link may climb
/// out of its page's folder, not out of the site) rather than refusing it.
public enum PathRules {
  /// What `isSafeSegment` allows, for messages.
  public static let segmentRule =
    "use ASCII letters, digits, '-', '_' and Chinese characters (no spaces, '..', leading '.', accents or invisible characters; at most 255 bytes)"

  /// A folder, file or slug name that is safe as one URL and path segment: ASCII letters, digits,
  /// `-`, `_`, `.` and CJK letters, each a single scalar (so no look-alike letters of other
  /// scripts, joiners or combining marks), at most 255 UTF-8 bytes (a file name's limit); not
  /// starting with `.` and holding no `..`.
  public static func isSafeSegment(_ segment: String) -> Bool {
    guard !segment.isEmpty, segment.utf8.count <= 255, !segment.hasPrefix("."), !segment.contains("..")
    else { return false }
    return segment.unicodeScalars.allSatisfy { scalar in
      switch scalar.value {
      case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E: return true
      default: return TextKit.isCJK(scalar) && scalar.properties.isAlphabetic
      }
    }
  }

  /// A relative path that stays inside its folder: not empty, no leading `/`, no `\`, and no empty,
  /// `.` or `..` segment.
  ///
  /// Read byte by byte, as the file system reads it: every `/` byte ends a segment, even one a
  /// combining mark follows (`/` + U+0338 is one Character, so a split by Characters missed it).
  public static func isInside(_ path: String) -> Bool {
    var length = 0
    var onlyDots = true
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "/"):
        if length == 0 || (onlyDots && length <= 2) { return false }
        length = 0
        onlyDots = true
      case UInt8(ascii: "\\"):
        return false
      default:
        length += 1
        if byte != UInt8(ascii: ".") { onlyDots = false }
      }
    }
    return length > 0 && !(onlyDots && length <= 2)
  }
}
