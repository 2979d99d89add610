import BundCore
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

#if canImport(Glibc)
  import Glibc
#endif

/// The output folder is a trust boundary: nothing but what bund wrote is removed, nothing is written
/// through a link, and a commit that fails half way (or is killed) leaves the folder as it was.
@Suite struct WriterSafetyTests {
  /// Every entry below a folder (links as their target text, not followed), by relative path.
  static func entries(_ folder: String) -> [String: String] {
    var found: [String: String] = [:]
    FolderWalk.visit(folder) { item, isFolder, _ in
      if isFolder {
        found[item] = "folder"
        return true
      }
      if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + item) {
        found[item] = "link to " + target
      } else {
        found[item] = FileManager.default.contents(atPath: folder + "/" + item).map {
          String(decoding: $0, as: UTF8.self)
        }
      }
      return true
    }
    return found
  }

  @Test func aKilledBuildIsUndoneByTheNextAndNothingForeignIsRemoved() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Public/.git/HEAD", "ref: refs/heads/gh-pages\n")
    let writer = OutputWriter(directory: site.output)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    _ = staging.stage(OutputFile(path: "en/left-over/index.html", text: "half a site"))
    writer.abandon(staging)  // the process dies here: neither commit nor discard runs
    let report = await site.build()
    #expect(report.succeeded)
    #expect(!FileManager.default.fileExists(atPath: site.output + "/en/left-over/index.html"))
    #expect(!FileManager.default.fileExists(atPath: site.output + "/" + OutputWriter.stagingName))
    #expect(try site.read("Public/.git/HEAD") == "ref: refs/heads/gh-pages\n")
    #expect(FileManager.default.fileExists(atPath: site.output + "/en/about/index.html"))
  }

  /// The critical case of the review (D1): bund's own names in Content/static/ are refused, so a copy
  /// of a marker can never make a later build delete the output folder's other files.
  @Test func bundsOwnNamesInStaticAreRefused() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Public/.git/HEAD", "ref: refs/heads/gh-pages\n")
    try site.write("Public/CNAME", "example.org\n")
    #expect(await site.build().succeeded)
    let before = Self.entries(site.output)
    try site.write("Content/static/.bund-building", "")
    try site.write("Content/static/.bund-manifest", "")
    try site.write("Content/static/docs/.bund-staging/x.txt", "x")
    let report = await site.build()
    #expect(!report.succeeded)
    let summaries = site.summaries(report)
    for name in ["static/.bund-building", "static/.bund-manifest", "static/docs/.bund-staging/x.txt"] {
      let expected = ".bund-" + name.split(separator: "/").last { $0.hasPrefix(".bund-") }!.dropFirst(6)
      #expect(
        summaries.contains(
          "Content/\(name): error: '\(expected)' is a name bund keeps for itself in the output folder (every name starting with '.bund-'); rename or remove this static file"
        ))
    }
    #expect(Self.entries(site.output) == before)
    try site.remove("Content/static/.bund-building")
    try site.remove("Content/static/.bund-manifest")
    try site.remove("Content/static/docs")
    #expect(await site.build().succeeded)
    #expect(await site.build().succeeded)
    #expect(try site.read("Public/.git/HEAD") == "ref: refs/heads/gh-pages\n")
    #expect(try site.read("Public/CNAME") == "example.org\n")
  }

  @Test func staticFilesNeverReplaceGeneratedOnes() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let before = Self.entries(site.output)
    let cases = [
      ("sitemap.xml", "the sitemap"), ("404.html", "the 404 page"), ("robots.txt", "robots.txt"),
      ("en/index.html", "the page /en/"), ("en/feed.xml", "the feed of /en/"),
    ]
    for (path, _) in cases { try site.write("Content/static/" + path, "static copy") }
    let report = await site.build()
    #expect(!report.succeeded)
    for (path, what) in cases {
      #expect(
        site.summaries(report).contains(
          "Content/static/\(path): error: this static file would be written to '\(path)', where bund writes \(what); rename or remove the static file"
        ))
    }
    #expect(Self.entries(site.output) == before)
    // The same into an empty folder: still an error, never one copy or the other.
    try FileManager.default.removeItem(atPath: site.output)
    #expect(!(await site.build()).succeeded)
    #expect(!FileManager.default.fileExists(atPath: site.output))
  }

  @Test func outputFoldersThatHoldOrSitInTheSourcesAreRefused() async throws {
    let site = try TestSite(fixture: "mini")
    let refused = [
      site.content, site.templates, site.root.path, site.content + "/static", site.templates + "/assets",
      site.content + "/../Content/x", "/",
    ]
    for output in refused {
      #expect(
        OutputFolderCheck.problem(output: output, content: site.content, templates: site.templates) != nil,
        "\(output)")
    }
    if let home = ProcessInfo.processInfo.environment["HOME"] {
      #expect(
        OutputFolderCheck.problem(output: home, content: site.content, templates: site.templates) != nil)
    }
    #expect(
      OutputFolderCheck.problem(output: site.output, content: site.content, templates: site.templates) == nil)
    #expect(
      OutputFolderCheck.problem(
        output: site.root.path + "/Content-site", content: site.content, templates: site.templates)
        == nil)
    let contentBefore = Self.entries(site.content)
    let report = await site.build(output: site.content)
    #expect(!report.succeeded)
    #expect(
      site.summaries(report) == [
        "error: --output 'Content' is the content folder 'Content': the site would be written among its sources; choose a folder outside them, such as Public"
      ])
    #expect(Self.entries(site.content) == contentBefore)
  }

  /// D14: a folder of the output that is a link is never written or pruned through.
  @Test func aSymlinkedFolderInTheOutputIsNotWrittenThrough() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let elsewhere = site.root.path + "/elsewhere"
    try FileManager.default.moveItem(atPath: site.output + "/en", toPath: elsewhere)
    try FileManager.default.createSymbolicLink(atPath: site.output + "/en", withDestinationPath: elsewhere)
    let outside = Self.entries(elsewhere)
    try site.write("Content/about.en.md", "---\ntitle: About, changed\n---\nChanged.\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "error: 'Public/en' is a symbolic link; bund never writes through a link inside the output folder. Replace it with a real folder (rm 'Public/en') and build again"
      ))
    #expect(Self.entries(elsewhere) == outside)
    #expect(!FileManager.default.fileExists(atPath: site.output + "/" + OutputWriter.stagingName))
  }

  /// A link where the site writes a file is replaced by the file; what it pointed to is untouched.
  @Test func aSymlinkedFileInTheOutputIsReplacedNotFollowed() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    try site.write("outside.html", "keep me")
    let page = site.output + "/en/about/index.html"
    try FileManager.default.removeItem(atPath: page)
    try FileManager.default.createSymbolicLink(
      atPath: page, withDestinationPath: site.root.path + "/outside.html")
    #expect(await site.build().succeeded)
    #expect(try site.read("outside.html") == "keep me")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: page)) == nil)
    #expect(try site.read("Public/en/about/index.html").contains("About"))
  }

  /// What a build makes of the mini site after a first build, as files for `commit`: one page changed,
  /// one new page in a new folder, one in an existing folder, a folder where the last build wrote
  /// the static file `dl`, a file where it wrote the static folder `pkg/`; everything else of the
  /// last build stale.
  static let nextBuild = InMemoryWriterTests.nextBuild

  /// The mini site built once on disk, with a foreign `.git/HEAD` and the static file `dl`.
  static func builtSite() async throws -> TestSite {
    let site = try TestSite(fixture: "mini")
    try site.write("Public/.git/HEAD", "ref\n")
    try site.write("Content/static/dl", "a file at first")
    try site.write("Content/static/pkg/v1/notes.txt", "a folder at first")
    #expect(await site.build().succeeded)
    return site
  }

  /// Commits `nextBuild` through a `FaultyFileSystem` on the disk set up by `faults`.
  static func commitNextBuild(on site: TestSite, _ faults: (FaultyFileSystem) -> Void) async -> (
    OutputWriter.Report, FaultyFileSystem
  )? {
    let disk = FaultyFileSystem(DiskFileSystem())
    faults(disk)
    let writer = OutputWriter(directory: site.output, fileSystem: disk)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return nil
    }
    return (await writer.commit(staging, staged: [], files: Self.nextBuild), disk)
  }

  /// The renames of a commit of `nextBuild` on the disk without faults.
  static func renamesOfACleanCommit() async throws -> Int {
    let site = try await builtSite()
    guard let (report, disk) = await commitNextBuild(on: site, { _ in }) else { return 0 }
    #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.map(\.summary))")
    return disk.calls(.rename)
  }

  @Test func aRenameThatFailsAtAnyPointIsRolledBack() async throws {
    let renames = try await Self.renamesOfACleanCommit()
    #expect(renames > 30)
    for failAt in 1...renames + 1 {
      let site = try await Self.builtSite()
      let before = Self.entries(site.output)
      guard
        let (report, disk) = await Self.commitNextBuild(
          on: site, { $0.fail(.rename, call: failAt, with: EXDEV) })
      else { return }
      if failAt <= renames {
        #expect(
          report.diagnostics.contains {
            $0.message.hasSuffix(
              "Invalid cross-device link; every file already moved was put back, so the output folder is as it was"
            )
          }, "rename \(failAt): \(report.diagnostics.map(\.summary))")
        #expect(Self.entries(site.output) == before, "rename \(failAt) of \(renames)")
        #expect(await site.build().succeeded, "after rename \(failAt)")
      } else {
        #expect(disk.calls(.rename) == renames)
        #expect(!report.diagnostics.hasErrors)
        #expect(try site.read("Public/en/about/index.html") == "changed")
        #expect(try site.read("Public/dl/readme.txt") == "a folder now")
        #expect(try site.read("Public/pkg") == "a file now")
      }
      #expect(!FileManager.default.fileExists(atPath: site.output + "/" + OutputWriter.stagingName))
    }
  }

  @Test func aCommitKilledAfterAnyRenameIsUndoneByTheNextBuild() async throws {
    let renames = try await Self.renamesOfACleanCommit()
    #expect(renames > 30)
    for killAfter in 0...renames {
      let site = try await Self.builtSite()
      let before = Self.entries(site.output)
      guard let (_, disk) = await Self.commitNextBuild(on: site, { $0.kill(afterRenames: killAfter) }) else {
        return
      }
      guard killAfter < renames else {
        #expect(!disk.isKilled)
        #expect(try site.read("Public/dl/readme.txt") == "a folder now")
        continue
      }
      #expect(disk.isKilled, "kill after \(killAfter)")
      #expect(FileManager.default.fileExists(atPath: site.output + "/.bund-staging/journal"))
      // The next build starts by undoing the killed one.
      let next = OutputWriter(directory: site.output)
      guard case .success(let again) = next.beginStaging() else {
        Issue.record("could not start staging after a kill after \(killAfter) renames")
        continue
      }
      next.discard(again)
      #expect(Self.entries(site.output) == before, "kill after \(killAfter) of \(renames)")
      #expect(await site.build().succeeded, "after a kill after \(killAfter)")
    }
  }

  @Test func twoBuildsAtOnceOnOneFolderAreRefused() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let writer = OutputWriter(directory: site.output)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    let report = await site.build()
    #expect(
      site.summaries(report).filter { $0.hasPrefix("error") } == [
        "error: another bund build (process \(getpid())) is writing to 'Public'; wait until it has finished, or stop it, and build again"
      ])
    writer.discard(staging)
    #expect(await site.build().succeeded)
  }

  @Test func anUnreadableManifestIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    try FileManager.default.removeItem(atPath: site.output + "/.bund-manifest")
    try FileManager.default.createDirectory(
      atPath: site.output + "/.bund-manifest", withIntermediateDirectories: false)
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(site.summaries(report).contains { $0.hasPrefix("error: cannot read 'Public/.bund-manifest'") })
  }

  @Test func aStagingFolderBundDidNotMakeIsLeftAlone() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    try site.write("Public/.bund-staging/mine.txt", "mine")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(try site.read("Public/.bund-staging/mine.txt") == "mine")
  }

  /// D30: a gh-pages checkout's .git is one warning, not one per object.
  @Test func aForeignFolderIsOneWarning() async throws {
    let site = try TestSite(fixture: "mini")
    for index in 0..<300 { try site.write("Public/.git/objects/\(index)", "x") }
    let report = await site.build()
    #expect(report.succeeded)
    let foreign = site.summaries(report).filter { $0.contains("not written by bund") }
    #expect(
      foreign == [
        "warning: 'Public/.git/' holds 300 files that were not written by bund; they are left in place (delete them if the site should not publish them)"
      ])
  }

  /// D13: static files are copied by streaming, in blocks; equal ones are left alone.
  @Test func staticFilesAreStreamedAndComparedInBlocks() async throws {
    let site = try TestSite(fixture: "mini")
    var generator = SystemRandomNumberGenerator()
    var bytes = Data((0..<(3 << 20) + 123).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let source = site.content + "/static/media/video.bin"
    try FileManager.default.createDirectory(
      atPath: site.content + "/static/media", withIntermediateDirectories: true)
    try bytes.write(to: URL(fileURLWithPath: source))
    #expect(await site.build().succeeded)
    #expect(FileManager.default.contents(atPath: site.output + "/media/video.bin") == bytes)
    let second = await site.build()
    #expect(second.succeeded && second.written == 0)
    bytes[bytes.count - 1] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: source))
    let third = await site.build()
    #expect(third.written == 1)
    #expect(FileManager.default.contents(atPath: site.output + "/media/video.bin") == bytes)
  }
}
