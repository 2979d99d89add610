import BundBuild
import BundTestSupport
import Foundation
import Testing

/// Builds the fixture sites and compares every output file with the recorded snapshot.
/// `RECORD_SNAPSHOTS=1 swift test` re-records (and fails, so a new baseline is always looked at).
struct GoldenTreeTests {
  @Test(arguments: ["mini"])
  func outputMatchesSnapshot(fixture: String) async throws {
    let site = try TestSite(fixture: fixture)
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let actual = TestSite.tree(site.output)
    let snapshotFolder = TestSite.snapshots.appendingPathComponent(fixture).path
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try? FileManager.default.removeItem(atPath: snapshotFolder)
      for (path, data) in actual {
        let url = URL(fileURLWithPath: snapshotFolder + "/" + path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
      }
      Issue.record(
        "recorded \(actual.count) files into Snapshots/\(fixture); run again without RECORD_SNAPSHOTS")
      return
    }
    let expected = TestSite.tree(snapshotFolder)
    #expect(!expected.isEmpty, "no snapshot recorded; run RECORD_SNAPSHOTS=1 swift test")
    for problem in GoldenTree.differences(expected: expected, actual: actual) {
      Issue.record(Comment(rawValue: problem))
    }
  }

  @Test func aDifferenceNamesItsFirstLine() {
    let expected = ["a.html": Data("one\ntwo\nthree\nfour\n".utf8), "gone.txt": Data()]
    let actual = ["a.html": Data("one\ntwo\nthree\nFOUR\n".utf8), "new.txt": Data()]
    #expect(
      GoldenTree.differences(expected: expected, actual: actual) == [
        "files the build no longer writes: gone.txt",
        "files the build writes that the snapshot lacks: new.txt",
        "a.html differs from the snapshot:\n  2  two\n  3  three\n- 4  four\n+ 4  FOUR",
      ])
  }

  @Test func twoBuildsGiveTheSameBytes() async throws {
    let site = try TestSite(fixture: "mini")
    let first = site.root.appendingPathComponent("first").path
    let second = site.root.appendingPathComponent("second").path
    #expect(await site.build(output: first).succeeded)
    #expect(await site.build(output: second).succeeded)
    #expect(TestSite.tree(first) == TestSite.tree(second))
  }
}
