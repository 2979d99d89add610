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
    let missing = Set(expected.keys).subtracting(actual.keys).sorted()
    let extra = Set(actual.keys).subtracting(expected.keys).sorted()
    #expect(missing.isEmpty, "files the build no longer writes: \(missing)")
    #expect(extra.isEmpty, "files the build writes that the snapshot lacks: \(extra)")
    for path in Set(expected.keys).intersection(actual.keys).sorted() where expected[path] != actual[path] {
      Issue.record(
        "\(path) differs from the snapshot:\n\(String(decoding: actual[path] ?? Data(), as: UTF8.self))")
    }
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
