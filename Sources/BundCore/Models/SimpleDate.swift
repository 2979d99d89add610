/// A calendar date (or a month) as written in front matter and data: `2023-01-29` or `2023-04`.
public struct SimpleDate: Sendable, Hashable, Comparable {
  public var year: Int
  public var month: Int
  /// 0 when only the month is known.
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` or `YYYY-MM`; returns nil for anything else or an impossible date.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3, parts[0].count == 4,
      parts.dropFirst().allSatisfy({ $0.count == 2 }),
      let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
    else { return nil }
    var day = 0
    if parts.count == 3 {
      guard let d = Int(parts[2]), (1...SimpleDate.daysIn(month: month, year: year)).contains(d) else {
        return nil
      }
      day = d
    }
    self.init(year: year, month: month, day: day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `2023-01-29` (or `2023-04`).
  public var iso: String {
    let y = String(year)
    let m = month < 10 ? "0\(month)" : "\(month)"
    if day == 0 { return "\(y)-\(m)" }
    let d = day < 10 ? "0\(day)" : "\(day)"
    return "\(y)-\(m)-\(d)"
  }

  /// RFC 3339 timestamp at midnight UTC, for feeds and sitemaps.
  public var rfc3339: String {
    let full = day == 0 ? SimpleDate(year: year, month: month, day: 1) : self
    return "\(full.iso)T00:00:00Z"
  }

  public static func < (lhs: SimpleDate, rhs: SimpleDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }
}
