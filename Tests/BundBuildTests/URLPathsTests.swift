import Testing

@testable import BundBuild

struct URLPathsTests {
  /// The segment-by-segment definition the byte-wise `relative` must agree with.
  static func reference(from urlPath: String, to target: String) -> String {
    let from = urlPath.split(separator: "/")
    let to = target.split(separator: "/")
    let isFolder = target.hasSuffix("/")
    let limit = to.count - (isFolder ? 0 : 1)
    var common = 0
    while common < from.count && common < limit && from[common] == to[common] { common += 1 }
    var result = String(repeating: "../", count: from.count - common)
    result += to[common...].joined(separator: "/")
    if isFolder && common < to.count { result += "/" }
    return result.isEmpty ? "./" : result
  }

  @Test func relativeURLsMatchTheSegmentDefinition() {
    let paths = [
      "", "en/", "zh/", "en/briefings/", "en/briefings/review-2022/", "en/briefings/review/", "en/brief/",
      "en/tags/investment/", "zh/tags/投资/", "assets/style.1a2b.css", "en/feed.xml", "404.html", "en/a",
      "en/ab/", "en/abc/", "sitemap.xml",
    ]
    for from in paths where from.isEmpty || from.hasSuffix("/") {
      for to in paths {
        #expect(
          URLPaths.relative(from: from, to: to) == Self.reference(from: from, to: to),
          "from '\(from)' to '\(to)'")
      }
    }
  }

  @Test func examples() {
    #expect(URLPaths.relative(from: "en/briefings/x/", to: "en/") == "../../")
    #expect(URLPaths.relative(from: "en/briefings/x/", to: "en/briefings/y/") == "../y/")
    #expect(URLPaths.relative(from: "en/", to: "en/") == "./")
    #expect(URLPaths.relative(from: "", to: "zh/") == "zh/")
    #expect(URLPaths.relative(from: "zh/a/", to: "assets/style.css") == "../../assets/style.css")
    #expect(URLPaths.depth(of: "en/briefings/x/") == 3)
    #expect(URLPaths.depth(of: "") == 0)
    #expect(URLPaths.root(from: "en/") == "../")
  }
}
