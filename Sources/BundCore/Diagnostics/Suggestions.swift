/// Finds the closest name to a misspelt one, for "did you mean" hints.
public enum Suggestions {
  /// The candidate with the smallest edit distance, if it is close enough to be a plausible typo.
  public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased())
    // A candidate can be close enough only if its length is within the limit below (the distance
    // is at least the difference in length): the others cost no edit-distance table.
    let slack = max(1, target.count / 5)
    var best: (String, Int)?
    for candidate in candidates {
      guard abs(candidate.count - target.count) <= slack else { continue }
      let distance = editDistance(target, Array(candidate.lowercased()))
      // Ties go to the name that sorts first: the same input gives the same hint in every run,
      // whatever order a Set hands its names in.
      if let current = best, distance > current.1 || (distance == current.1 && candidate >= current.0) {
        continue
      }
      best = (candidate, distance)
    }
    guard let (candidate, distance) = best else { return nil }
    let shorter = min(target.count, candidate.count)
    let limit = shorter <= 3 ? 0 : max(1, shorter / 5)
    return distance <= limit ? candidate : nil
  }

  /// " (did you mean 'x'?)" or "".
  public static func hint(for name: String, in candidates: some Sequence<String>) -> String {
    closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = Swift.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          table[i][j] = Swift.min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }
}
