import Foundation

extension String {
  /// The text without the scalars of `set` at either end, as Foundation's `trimmingCharacters(in:)`
  /// gives it: only the ends are tested, and text with nothing to trim is returned without a copy
  /// through `NSString` (it runs for every page's summary and dates).
  public func trimmingScalars(in set: CharacterSet) -> String {
    let scalars = unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
    while end > start, set.contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
    if start == scalars.startIndex && end == scalars.endIndex { return self }
    return String(self[start..<end])
  }
}
