import BundCore
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

#if canImport(Glibc)
  import Glibc
#endif

/// Whole builds (load, render, write) into an in-memory file system: the golden tree, and the
/// output folder's safety cases with faults injected where the disk cannot be made to fail. The
/// disk versions of these cases stay in `WriterSafetyTests`; `FileSystemConformanceTests` checks
/// the imitation against the disk.
@Suite struct InMemoryWriterTests {
  /// The mini fixture in memory below `/site`, built into `/site/Public`.
  @available(macOS 15.0, *)
  struct Site {
    let memory = InMemoryFileSystem.fixture("mini")
    let output = "/site/Public"

    func options(_ fileSystem: (any WritableFileSystem)? = nil) -> BuildOptions {
      var options = BuildOptions(
        contentDirectory: "/site/Content", templatesDirectory: "/site/Templates", outputDirectory: output)
      options.fileSystem = fileSystem ?? memory
      return options
    }

    func build(through fileSystem: (any WritableFileSystem)? = nil) async -> BuildReport {
      await Builder(options: options(fileSystem)).build()
    }

    func writer(_ fileSystem: (any WritableFileSystem)? = nil) -> OutputWriter {
      OutputWriter(directory: output, fileSystem: fileSystem ?? memory)
    }

    /// Everything in the output folder (links as what they hold).
    var entries: [String: InMemoryFileSystem.Entry] { memory.entries(below: output) }

    func text(_ path: String) -> String? {
      memory.contents(at: "/site/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool { memory.info(at: "/site/" + path, followingLinks: false) != nil }

    func summaries(_ report: BuildReport) -> [String] {
      report.diagnostics.map { $0.summary.replacingOccurrences(of: "/site/", with: "") }
    }
  }

  @Test @available(macOS 15.0, *)
  func theMiniSiteBuiltInMemoryMatchesTheSnapshot() async {
    let site = Site()
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let expected = TestSite.tree(TestSite.snapshots.appendingPathComponent("mini").path)
    #expect(!expected.isEmpty)
    for problem in GoldenTree.differences(expected: expected, actual: site.memory.files(below: site.output)) {
      Issue.record(Comment(rawValue: problem))
    }
    #expect(!site.memory.isLocked)
    // A second build writes nothing and removes nothing.
    let again = await site.build()
    #expect(again.succeeded && again.written == 0 && again.removed == 0)
  }

  @Test @available(macOS 15.0, *)
  func foreignFilesAndAGitFolderAreKeptWithOneWarningEach() async {
    let site = Site()
    site.memory.write("/site/Public/keybase.txt", "proof\n")
    for index in 0..<30 { site.memory.write("/site/Public/.git/objects/\(index)", "x") }
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report).filter { $0.contains("not written by bund") } == [
        "warning: 'Public/.git/' holds 30 files that were not written by bund; they are left in place (delete them if the site should not publish them)",
        "warning: 'Public/keybase.txt' was not written by bund and is left in place; delete it if the site should not publish it",
      ])
    #expect(await site.build().succeeded)
    #expect(site.text("Public/keybase.txt") == "proof\n")
    #expect(site.memory.files(below: "/site/Public/.git").count == 30)
  }

  @Test @available(macOS 15.0, *)
  func aSymlinkedFolderInTheOutputIsNotWrittenThrough() async {
    let site = Site()
    #expect(await site.build().succeeded)
    try? site.memory.rename("/site/Public/en", to: "/site/elsewhere")
    site.memory.makeLink("/site/Public/en", to: "/site/elsewhere")
    let outside = site.memory.entries(below: "/site/elsewhere")
    let before = site.entries
    site.memory.write("/site/Content/about.en.md", "---\ntitle: About, changed\n---\nChanged.\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "error: 'Public/en' is a symbolic link; bund never writes through a link inside the output folder. Replace it with a real folder (rm 'Public/en') and build again"
      ))
    #expect(site.memory.entries(below: "/site/elsewhere") == outside)
    #expect(site.entries == before)
  }

  @Test @available(macOS 15.0, *)
  func aSymlinkedFileInTheOutputIsReplacedNotFollowed() async {
    let site = Site()
    #expect(await site.build().succeeded)
    site.memory.write("/site/outside.html", "keep me")
    site.memory.remove("/site/Public/en/about/index.html")
    site.memory.makeLink("/site/Public/en/about/index.html", to: "/site/outside.html")
    site.memory.makeLink("/site/Public/en/dangling.html", to: "/site/nowhere")
    #expect(await site.build().succeeded)
    #expect(site.text("outside.html") == "keep me")
    #expect(site.memory.info(at: "/site/Public/en/about/index.html", followingLinks: false)?.kind == .file)
    #expect(site.text("Public/en/about/index.html")?.contains("About") == true)
    #expect(site.entries["en/dangling.html"] == .link("/site/nowhere"))
  }

  @Test @available(macOS 15.0, *)
  func bundsOwnNamesInStaticAreRefused() async {
    let site = Site()
    site.memory.write("/site/Public/.git/HEAD", "ref\n")
    #expect(await site.build().succeeded)
    let before = site.entries
    site.memory.write("/site/Content/static/.bund-manifest", "")
    site.memory.write("/site/Content/static/docs/.bund-staging/x.txt", "x")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/static/.bund-manifest: error: '.bund-manifest' is a name bund keeps for itself in the output folder (every name starting with '.bund-'); rename or remove this static file"
      ))
    #expect(site.entries == before)
  }

  @Test @available(macOS 15.0, *)
  func aKilledBuildIsUndoneByTheNext() async {
    let site = Site()
    site.memory.write("/site/Public/.git/HEAD", "ref\n")
    let writer = site.writer()
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    _ = staging.stage(OutputFile(path: "en/left-over/index.html", text: "half a site"))
    writer.abandon(staging)
    #expect(await site.build().succeeded)
    #expect(!site.exists("Public/en/left-over/index.html"))
    #expect(!site.exists("Public/" + OutputWriter.stagingName))
    #expect(site.text("Public/.git/HEAD") == "ref\n")
    #expect(site.exists("Public/en/about/index.html"))
  }

  /// What the next build writes after a first build of the mini site (see `WriterSafetyTests`).
  static let nextBuild = [
    OutputFile(path: "en/about/index.html", text: "changed"),
    OutputFile(path: "en/brand-new/deep/index.html", text: "new"),
    OutputFile(path: "en/notes/extra.html", text: "extra"),
    OutputFile(path: "sitemap.xml", text: "<urlset/>"),
  ]

  @Test(arguments: Array(1...30)) @available(macOS 15.0, *)
  func aRenameThatFailsMidCommitIsUndone(failAt: Int) async {
    let site = Site()
    site.memory.write("/site/Public/.git/HEAD", "ref\n")
    #expect(await site.build().succeeded)
    let before = site.entries
    let faulty = FaultyFileSystem(site.memory)
    faulty.fail(.rename, call: failAt, with: EXDEV)
    let writer = site.writer(faulty)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    let report = await writer.commit(staging, staged: [], files: Self.nextBuild)
    if faulty.calls(.rename) >= failAt {
      #expect(
        report.diagnostics.contains {
          $0.message.hasSuffix(
            "Invalid cross-device link; every file already moved was put back, so the output folder is as it was"
          )
        })
      #expect(site.entries == before)
    } else {
      #expect(!report.diagnostics.hasErrors)
      #expect(site.text("Public/en/about/index.html") == "changed")
      #expect(site.text("Public/.git/HEAD") == "ref\n")
    }
    #expect(!site.exists("Public/" + OutputWriter.stagingName))
    #expect(!site.memory.isLocked)
  }

  /// A hard link that cannot be made (a file system without them): the file is moved aside instead,
  /// and a failure after that is still undone, the file moved aside included (before the undo took
  /// in the operation that failed, a failure right after the move aside lost the replaced page).
  @Test(arguments: [1, 2, 3, 4, 5]) @available(macOS 15.0, *)
  func withoutHardLinksAFailedCommitIsStillUndone(failAt: Int) async {
    let site = Site()
    #expect(await site.build().succeeded)
    let before = site.entries
    // The whole last build again, one page changed and one new: nothing is retired, so the renames
    // are: the old page aside, the new in; the new page in; the old manifest aside, the new in.
    var files = site.memory.files(below: site.output).filter { $0.key != OutputWriter.manifestName }.map {
      OutputFile(path: $0.key, bytes: $0.value)
    }
    files.removeAll { $0.path == "en/about/index.html" }
    files += [
      OutputFile(path: "en/about/index.html", text: "changed"),
      OutputFile(path: "en/brand-new/index.html", text: "new"),
    ]
    let faulty = FaultyFileSystem(site.memory)
    for call in 1...200 { faulty.fail(.hardLink, call: call, with: EPERM) }
    faulty.fail(.rename, call: failAt, with: ENOSPC)
    let writer = site.writer(faulty)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    let report = await writer.commit(staging, staged: [], files: files.sorted { $0.path < $1.path })
    #expect(faulty.calls(.hardLink) > 0)
    #expect(faulty.calls(.rename) >= failAt)
    #expect(report.diagnostics.hasErrors)
    #expect(site.entries == before)
  }

  @Test(arguments: Array(0...25)) @available(macOS 15.0, *)
  func aCommitKilledAfterAnyRenameIsUndoneByTheNextBuild(killAfter: Int) async {
    let site = Site()
    site.memory.write("/site/Public/.git/HEAD", "ref\n")
    #expect(await site.build().succeeded)
    let before = site.entries
    let faulty = FaultyFileSystem(site.memory)
    faulty.kill(afterRenames: killAfter)
    let dying = site.writer(faulty)
    guard case .success(let staging) = dying.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    _ = await dying.commit(staging, staged: [], files: Self.nextBuild)
    if faulty.isKilled {
      #expect(site.exists("Public/.bund-staging/journal"))
      let next = site.writer()
      guard case .success(let again) = next.beginStaging() else {
        Issue.record("could not start staging after the kill")
        return
      }
      next.discard(again)
      #expect(site.entries == before)
    } else {
      // The commit needed fewer renames: it finished.
      #expect(site.text("Public/en/about/index.html") == "changed")
    }
    // Either way the next whole build gives the site back.
    #expect(await site.build().succeeded)
    #expect(site.text("Public/en/about/index.html")?.contains("About") == true)
    #expect(site.text("Public/.git/HEAD") == "ref\n")
    #expect(!site.exists("Public/en/brand-new"))
  }

  @Test @available(macOS 15.0, *)
  func twoBuildsAtOnceOnOneFolderAreRefused() async {
    let site = Site()
    #expect(await site.build().succeeded)
    let writer = site.writer()
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

  @Test @available(macOS 15.0, *)
  func aStagedFileThatCannotBeWrittenLeavesTheOutputAsItWas() async {
    let site = Site()
    #expect(await site.build().succeeded)
    let before = site.entries
    site.memory.write("/site/Content/about.en.md", "---\ntitle: About, changed\n---\nChanged.\n")
    let faulty = FaultyFileSystem(site.memory)
    faulty.fail(.createFile, call: 3, with: ENOSPC)
    let report = await site.build(through: faulty)
    #expect(!report.succeeded)
    #expect(site.summaries(report).contains { $0.contains("No space left on device") })
    #expect(site.entries == before)
    #expect(!site.exists("Public/" + OutputWriter.stagingName))
  }
}
