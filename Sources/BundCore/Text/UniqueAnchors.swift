/// Hands out ids that are unique on one page: a repeated base gets `-2`, `-3` …, and ids the
/// templates use themselves (`main`, `search-q`) are never given out. Linear in the number of ids:
/// each base remembers its next number, so 50,000 identical headings cost no more than 50,000
/// different ones.
public struct UniqueAnchors: Sendable {
  private var used: Set<String>
  private var next: [String: Int] = [:]

  public init(reserved: some Sequence<String> = [String]()) {
    used = Set(reserved)
  }

  /// The base itself when it is free, else the first free `base-N`.
  public mutating func claim(_ base: String) -> String {
    if used.insert(base).inserted { return base }
    var number = next[base, default: 2]
    while !used.insert("\(base)-\(number)").inserted { number += 1 }
    next[base] = number + 1
    return "\(base)-\(number)"
  }
}
