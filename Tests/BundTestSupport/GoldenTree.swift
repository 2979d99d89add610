import Foundation

/// Compares a built folder with a recorded one: files missing, files extra, and for each file that
/// differs the first line that differs, with its neighbours, instead of the whole file.
public enum GoldenTree {
  /// One line per problem; empty when the trees are equal.
  public static func differences(expected: [String: Data], actual: [String: Data]) -> [String] {
    var problems: [String] = []
    let missing = Set(expected.keys).subtracting(actual.keys).sorted()
    let extra = Set(actual.keys).subtracting(expected.keys).sorted()
    if !missing.isEmpty {
      problems.append("files the build no longer writes: \(missing.joined(separator: ", "))")
    }
    if !extra.isEmpty {
      problems.append("files the build writes that the snapshot lacks: \(extra.joined(separator: ", "))")
    }
    for path in Set(expected.keys).intersection(actual.keys).sorted() {
      guard let old = expected[path], let new = actual[path], old != new else { continue }
      problems.append("\(path) differs from the snapshot:\n" + lineDifference(old, new))
    }
    return problems
  }

  /// The first differing line of two texts, numbered, with up to two lines of context before it.
  public static func lineDifference(_ expected: Data, _ actual: Data) -> String {
    let old = String(decoding: expected, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let new = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    var line = 0
    while line < old.count && line < new.count && old[line] == new[line] { line += 1 }
    var text = ""
    for context in max(0, line - 2)..<line { text += "  \(context + 1)  \(old[context])\n" }
    text += line < old.count ? "- \(line + 1)  \(old[line])\n" : "- \(line + 1)  (end of the snapshot)\n"
    text += line < new.count ? "+ \(line + 1)  \(new[line])" : "+ \(line + 1)  (end of the build's file)"
    return text
  }
}
