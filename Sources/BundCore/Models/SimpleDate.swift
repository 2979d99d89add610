import Foundation

/// A date as written in front matter and data: a month (`2023-04`), a day (`2023-01-29`), a local
/// date and time (`2023-01-29T15:45`, `2023-01-29 15:45:00`) or an RFC 3339 / YAML timestamp with
/// its offset (`2023-01-29T15:45:00+08:00`, `2023-01-29T07:45:00Z`, `2001-12-14 21:59:43.10 -5`).
/// Dates compare by the instant they name; one without an offset is taken as UTC.
public struct SimpleDate: Sendable, Hashable, Comparable {
  public var year: Int
  public var month: Int
  /// 0 when only the month is known.
  public var day: Int
  /// The time of day, when one was written.
  public var time: TimeOfDay?

  /// A time of day, with the offset from UTC it was written with (nil: none written).
  public struct TimeOfDay: Sendable, Hashable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Minutes east of UTC (`+08:00` is 480), or nil for a local time.
    public var offsetMinutes: Int?

    public init(hour: Int, minute: Int, second: Int = 0, offsetMinutes: Int? = nil) {
      self.hour = hour
      self.minute = minute
      self.second = second
      self.offsetMinutes = offsetMinutes
    }
  }

  public init(year: Int, month: Int, day: Int, time: TimeOfDay? = nil) {
    self.year = year
    self.month = month
    self.day = day
    self.time = time
  }

  /// The forms a date may take, for messages.
  public static let acceptedForms =
    "YYYY-MM-DD (2023-01-29), a date and time (2023-01-29T15:45 or 2023-01-29 15:45:00) or a timestamp with its offset (2023-01-29T15:45:00+08:00, 2023-01-29T07:45:00Z)"

  /// Parses the forms above; returns nil for anything else or an impossible date or time.
  public init?(_ text: String) {
    let trimmed = text.trimmingScalars(in: .whitespaces)
    // The date is the first ten characters when a time follows (after T, t or spaces).
    if trimmed.count > 10 {
      let dateEnd = trimmed.index(trimmed.startIndex, offsetBy: 10)
      let separator = trimmed[dateEnd]
      guard separator == "T" || separator == "t" || separator == " ",
        let day = SimpleDate(String(trimmed[..<dateEnd])), day.day > 0,
        let time = Self.time(trimmed[trimmed.index(after: dateEnd)...].drop { $0 == " " })
      else { return nil }
      self = day
      self.time = time
      return
    }
    let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
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

  /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`, then optionally `Z`, `±HH:MM`, `±HHMM` or `±H`
  /// (YAML's ` -5`), with spaces allowed before the offset.
  static func time(_ text: Substring) -> TimeOfDay? {
    var rest = text
    func number(_ digits: Int) -> Int? {
      guard rest.count >= digits, rest.prefix(digits).allSatisfy(\.isASCII),
        let value = Int(rest.prefix(digits))
      else { return nil }
      rest = rest.dropFirst(digits)
      return value
    }
    guard let hour = number(2), rest.first == ":" else { return nil }
    rest = rest.dropFirst()
    guard let minute = number(2) else { return nil }
    var second = 0
    if rest.first == ":" {
      rest = rest.dropFirst()
      guard let value = number(2) else { return nil }
      second = value
      if rest.first == "." {
        rest = rest.dropFirst()
        let fraction = rest.prefix { $0.isASCII && $0.isNumber }
        guard !fraction.isEmpty else { return nil }
        rest = rest.dropFirst(fraction.count)
      }
    }
    guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
    rest = rest.drop { $0 == " " }
    var offset: Int?
    if rest == "Z" || rest == "z" {
      offset = 0
    } else if let sign = rest.first, sign == "+" || sign == "-" {
      let body = rest.dropFirst()
      let digits = body.filter { $0 != ":" }
      guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        body.filter({ $0 == ":" }).count <= 1
      else { return nil }
      let hours: Int
      let minutes: Int
      if digits.count <= 2 {
        hours = Int(digits) ?? 99
        minutes = 0
      } else {
        hours = Int(digits.prefix(digits.count - 2)) ?? 99
        minutes = Int(digits.suffix(2)) ?? 99
      }
      guard hours <= 14, minutes <= 59 else { return nil }
      offset = (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    } else if !rest.isEmpty {
      return nil
    }
    return TimeOfDay(hour: hour, minute: minute, second: second, offsetMinutes: offset)
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
    // Digits written straight into the string for the usual four-digit year (pages show several
    // dates each); any other year as below.
    if (1000...9999).contains(year) && (0...99).contains(month) && (0...99).contains(day) {
      return String(unsafeUninitializedCapacity: 10) { buffer in
        func put(_ value: Int, _ digits: Int, at start: Int) {
          var rest = value
          for index in stride(from: start + digits - 1, through: start, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
          }
        }
        put(year, 4, at: 0)
        buffer[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        guard day != 0 else { return 7 }
        buffer[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        return 10
      }
    }
    let y = String(year)
    let m = month < 10 ? "0\(month)" : "\(month)"
    if day == 0 { return "\(y)-\(m)" }
    let d = day < 10 ? "0\(day)" : "\(day)"
    return "\(y)-\(m)-\(d)"
  }

  private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// `HH:MM:SS` and the offset as RFC 3339 writes it (`Z` for a time without one).
  private var clock: String {
    guard let time else { return "00:00:00Z" }
    var text = "\(Self.two(time.hour)):\(Self.two(time.minute)):\(Self.two(time.second))"
    if let offset = time.offsetMinutes, offset != 0 {
      let size = abs(offset)
      text += (offset < 0 ? "-" : "+") + "\(Self.two(size / 60)):\(Self.two(size % 60))"
    } else {
      text += "Z"
    }
    return text
  }

  /// The value as written, in full, for `<time datetime>`: `2023-01-29`, `2023-04`, or
  /// `2023-01-29T15:45:00+08:00` (a local time without its offset).
  public var datetime: String {
    guard let time else { return iso }
    let local = "\(iso)T\(Self.two(time.hour)):\(Self.two(time.minute)):\(Self.two(time.second))"
    return time.offsetMinutes == nil ? local : "\(iso)T\(clock)"
  }

  /// For a sitemap's `lastmod` (W3C datetime): the day, or the full timestamp when a time was given.
  public var lastmod: String { time == nil ? iso : rfc3339 }

  /// RFC 3339 timestamp, for feeds and sitemaps: midnight UTC for a date without a time.
  public var rfc3339: String {
    let full = day == 0 ? SimpleDate(year: year, month: month, day: 1) : self
    return "\(full.iso)T\(clock)"
  }

  /// Seconds since 1970-01-01T00:00:00Z of the instant named (UTC for a date without an offset).
  public var instant: Int {
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let m = month
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + max(day, 1) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146097 + dayOfEra - 719468
    var seconds = days * 86400
    if let time {
      seconds += time.hour * 3600 + time.minute * 60 + time.second - (time.offsetMinutes ?? 0) * 60
    }
    return seconds
  }

  public static func < (lhs: SimpleDate, rhs: SimpleDate) -> Bool {
    // A month alone sorts before the days of that month.
    (lhs.instant, lhs.day) < (rhs.instant, rhs.day)
  }
}
