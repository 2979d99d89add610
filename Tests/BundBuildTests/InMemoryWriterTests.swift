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
  func aSymlinkedFolderInTheOutputIsNotWrittenThrough() async throws {
    let site = Site()
    #expect(await site.build().succeeded)
    try site.memory.rename("/site/Public/en", to: "/site/elsewhere")
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

  /// What the next build writes after a first build of the mini site (see `WriterSafetyTests`):
  /// one page changed, one new page in a new folder, one in an existing folder, a folder where the
  /// last build wrote the static file `dl`, a file where it wrote the static folder `pkg/`;
  /// everything else of the last build is stale.
  static let nextBuild = [
    OutputFile(path: "dl/readme.txt", text: "a folder now"),
    OutputFile(path: "pkg", text: "a file now"),
    OutputFile(path: "en/about/index.html", text: "changed"),
    OutputFile(path: "en/brand-new/deep/index.html", text: "new"),
    OutputFile(path: "en/notes/extra.html", text: "extra"),
    OutputFile(path: "sitemap.xml", text: "<urlset/>"),
  ]

  /// The mini site built once, with a foreign `.git/HEAD` and the static file `dl`.
  @available(macOS 15.0, *)
  static func builtSite() async -> Site {
    let site = Site()
    site.memory.write("/site/Public/.git/HEAD", "ref\n")
    site.memory.write("/site/Content/static/dl", "a file at first")
    site.memory.write("/site/Content/static/pkg/v1/notes.txt", "a folder at first")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    #expect(site.entries["dl"] == .file(Data("a file at first".utf8)))
    return site
  }

  /// Commits `nextBuild` over a built site through a `FaultyFileSystem` set up by `faults`, and
  /// gives the report and the file system (whose counts say how many calls were made).
  @available(macOS 15.0, *)
  static func commitNextBuild(
    on site: Site, files: [OutputFile] = nextBuild, _ faults: (FaultyFileSystem) -> Void = { _ in }
  ) async -> (OutputWriter.Report, FaultyFileSystem)? {
    let faulty = FaultyFileSystem(site.memory)
    faults(faulty)
    let writer = site.writer(faulty)
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return nil
    }
    return (await writer.commit(staging, staged: [], files: files), faulty)
  }

  /// How many renames a commit of `nextBuild` makes without faults (every call counted, a first
  /// attempt that fails for want of a folder included).
  @available(macOS 15.0, *)
  static func renamesOfACleanCommit(
    files: [OutputFile] = nextBuild, _ faults: @escaping (FaultyFileSystem) -> Void = { _ in }
  ) async -> Int {
    let site = await builtSite()
    guard let (report, faulty) = await commitNextBuild(on: site, files: files, faults) else { return 0 }
    #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.map(\.summary))")
    return faulty.calls(.rename)
  }

  /// Every rename of the commit in turn fails; each failure is undone whole. One more than the
  /// commit makes is never reached, and the commit succeeds.
  @Test @available(macOS 15.0, *)
  func aRenameThatFailsAtAnyPointOfTheCommitIsUndone() async {
    let renames = await Self.renamesOfACleanCommit()
    #expect(renames > 30)
    for failAt in 1...renames + 1 {
      let site = await Self.builtSite()
      let before = site.entries
      guard
        let (report, faulty) = await Self.commitNextBuild(
          on: site, { $0.fail(.rename, call: failAt, with: EXDEV) })
      else { return }
      if failAt <= renames {
        #expect(faulty.calls(.rename) >= failAt)
        #expect(
          report.diagnostics.contains {
            $0.message.hasSuffix(
              "Invalid cross-device link; every file already moved was put back, so the output folder is as it was"
            )
          }, "rename \(failAt): \(report.diagnostics.map(\.summary))")
        #expect(site.entries == before, "rename \(failAt) of \(renames)")
      } else {
        #expect(faulty.calls(.rename) == renames)
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.map(\.summary))")
        #expect(site.text("Public/en/about/index.html") == "changed")
        #expect(site.text("Public/dl/readme.txt") == "a folder now")
        #expect(site.text("Public/pkg") == "a file now")
        #expect(site.text("Public/.git/HEAD") == "ref\n")
      }
      #expect(!site.exists("Public/" + OutputWriter.stagingName), "rename \(failAt)")
      #expect(!site.memory.isLocked)
      // The next whole build works.
      if failAt <= renames { #expect(await site.build().succeeded, "after rename \(failAt)") }
    }
  }

  /// A hard link that cannot be made (a file system without them): the file is moved aside instead,
  /// and a failure after that is still undone, the file moved aside included (before the undo took
  /// in the operation that failed, a failure right after the move aside lost the replaced page).
  @Test @available(macOS 15.0, *)
  func withoutHardLinksAFailedCommitIsStillUndone() async {
    let noLinks: @Sendable (FaultyFileSystem) -> Void = { faulty in
      for call in 1...400 { faulty.fail(.hardLink, call: call, with: EPERM) }
    }
    let renames = await Self.renamesOfACleanCommit(noLinks)
    #expect(renames > 30)
    for failAt in 1...renames + 1 {
      let site = await Self.builtSite()
      let before = site.entries
      guard
        let (report, faulty) = await Self.commitNextBuild(
          on: site,
          {
            noLinks($0)
            $0.fail(.rename, call: failAt, with: ENOSPC)
          })
      else { return }
      if failAt <= renames {
        #expect(report.diagnostics.hasErrors, "rename \(failAt)")
        #expect(site.entries == before, "rename \(failAt) of \(renames)")
      } else {
        #expect(faulty.calls(.hardLink) > 0)
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.map(\.summary))")
        #expect(site.text("Public/en/about/index.html") == "changed")
      }
      #expect(!site.exists("Public/" + OutputWriter.stagingName), "rename \(failAt)")
    }
  }

  /// The process dies after each rename of the commit in turn; the next build undoes what it did.
  /// Dying after the last rename leaves a finished commit.
  @Test @available(macOS 15.0, *)
  func aCommitKilledAfterAnyRenameIsUndoneByTheNextBuild() async {
    let renames = await Self.renamesOfACleanCommit()
    #expect(renames > 30)
    for killAfter in 0...renames {
      let site = await Self.builtSite()
      let before = site.entries
      guard let (_, faulty) = await Self.commitNextBuild(on: site, { $0.kill(afterRenames: killAfter) })
      else { return }
      if killAfter < renames {
        #expect(faulty.isKilled, "kill after \(killAfter)")
        #expect(site.exists("Public/.bund-staging/journal"), "kill after \(killAfter)")
        let next = site.writer()
        guard case .success(let again) = next.beginStaging() else {
          Issue.record("could not start staging after a kill after \(killAfter) renames")
          continue
        }
        next.discard(again)
        #expect(site.entries == before, "kill after \(killAfter) of \(renames)")
        // The next whole build gives the site back.
        #expect(await site.build().succeeded, "after a kill after \(killAfter)")
        #expect(site.text("Public/en/about/index.html")?.contains("About") == true)
        #expect(site.text("Public/.git/HEAD") == "ref\n")
        #expect(!site.exists("Public/en/brand-new"))
      } else {
        #expect(!faulty.isKilled)
        #expect(site.text("Public/en/about/index.html") == "changed")
        #expect(site.text("Public/dl/readme.txt") == "a folder now")
        #expect(!site.exists("Public/" + OutputWriter.stagingName))
        // And back: the whole build of the site turns each again.
        let back = await site.build()
        #expect(back.succeeded, "\(site.summaries(back))")
        #expect(site.text("Public/dl") == "a file at first")
        #expect(site.text("Public/pkg/v1/notes.txt") == "a folder at first")
      }
    }
  }

  /// A commit fails at its last rename (the manifest) and is undone; the process then dies while
  /// staging is being removed, after each file removal in turn, with folders listed in either
  /// order. The next build must find the output as it was: a journal replayed after its steps were
  /// undone and their sources removed moved live files into staging, and removed them with it.
  @Test(arguments: [false, true]) @available(macOS 15.0, *)
  func aBuildKilledWhileRemovingStagingAfterAFailedCommitLeavesTheOutputAsItWas(reverse: Bool) async {
    let renames = await Self.renamesOfACleanCommit()
    let failing: @Sendable (FaultyFileSystem) -> Void = { $0.fail(.rename, call: renames, with: EXDEV) }
    let removals: Int
    do {
      let site = await Self.builtSite()
      site.memory.listInReverse(reverse)
      guard let (report, faulty) = await Self.commitNextBuild(on: site, failing) else { return }
      #expect(report.diagnostics.hasErrors)
      removals = faulty.calls(.removeFile)
    }
    #expect(removals > 5)
    for killAfter in 0...removals {
      let site = await Self.builtSite()
      site.memory.listInReverse(reverse)
      let before = site.entries
      guard
        let (report, faulty) = await Self.commitNextBuild(
          on: site,
          {
            failing($0)
            $0.kill(after: killAfter, of: .removeFile)
          })
      else { return }
      #expect(report.diagnostics.hasErrors)
      #expect(faulty.isKilled == (killAfter < removals), "kill after \(killAfter) of \(removals) removals")
      let next = site.writer()
      guard case .success(let again) = next.beginStaging() else {
        Issue.record("could not start staging after a kill after \(killAfter) removals")
        continue
      }
      next.discard(again)
      #expect(site.entries == before, "kill after \(killAfter) of \(removals) removals")
      #expect(await site.build().succeeded, "after a kill after \(killAfter) removals")
    }
  }

  /// The journal is what makes a commit final; one that cannot be removed would have the next
  /// build undo a build reported as done. The commit is undone now instead, and says so.
  @Test @available(macOS 15.0, *)
  func aJournalThatCannotBeRemovedUndoesTheCommit() async {
    let site = await Self.builtSite()
    let before = site.entries
    guard
      let (report, _) = await Self.commitNextBuild(on: site, { $0.fail(.removeFile, call: 1, with: EROFS) })
    else { return }
    #expect(
      report.diagnostics.map(\.summary) == [
        "error: cannot remove the journal '/site/Public/.bund-staging/journal' that makes the build final: Read-only file system; every file moved was put back, so the output folder is as it was. Fix the cause (permissions, a read-only disk) and build again"
      ])
    #expect(site.entries == before)
    #expect(await site.build().succeeded)
  }

  /// Staging that cannot be set up (its folders, or the file that marks it as bund's) is taken
  /// away again: left without its mark, it blocked every later build as "not made by this version".
  @Test(arguments: [
    (FaultyFileSystem.Operation.makeFolder, 1), (.makeFolder, 2), (.createFile, 1),
  ])
  @available(macOS 15.0, *)
  func stagingThatCannotBeSetUpIsRemovedAndTheNextBuildWorks(operation: FaultyFileSystem.Operation, call: Int)
    async
  {
    let site = await Self.builtSite()
    let before = site.entries
    let faulty = FaultyFileSystem(site.memory)
    faulty.fail(operation, call: call, with: ENOSPC)
    guard case .failure(let problem) = site.writer(faulty).beginStaging() else {
      Issue.record("staging was set up although \(operation) \(call) failed")
      return
    }
    #expect(problem.message.contains("No space left on device"))
    #expect(site.entries == before)
    #expect(!site.memory.isLocked)
    let next = await site.build()
    #expect(next.succeeded, "\(site.summaries(next))")
  }

  /// A build into a folder that does not exist yet, whose staging cannot be set up, leaves no
  /// empty output folder behind.
  @Test @available(macOS 15.0, *)
  func anOutputFolderMadeForABuildThatCannotStageIsRemoved() async {
    let site = Site()
    let faulty = FaultyFileSystem(site.memory)
    faulty.fail(.createFile, call: 1, with: ENOSPC)
    guard case .failure = site.writer(faulty).beginStaging() else {
      Issue.record("staging was set up although its mark could not be written")
      return
    }
    #expect(!site.exists("Public"))
    #expect(await site.build().succeeded)
  }

  /// A lock the file system refuses (`flock` failing, as on some network file systems) is worded
  /// as a lock failure, not as a folder that cannot be opened.
  @Test(arguments: [EOPNOTSUPP, EINVAL, ENOLCK]) @available(macOS 15.0, *)
  func aFolderThatCannotBeLockedSaysSo(code: Int32) async {
    let site = Site()
    site.memory.makeFolder(site.output)
    let faulty = FaultyFileSystem(site.memory)
    faulty.fail(.lockFolder, call: 1, with: code)
    guard case .failure(let problem) = site.writer(faulty).beginStaging() else {
      Issue.record("the folder was locked")
      return
    }
    #expect(
      problem.summary
        == "error: cannot lock the output folder '/site/Public': \(FileError.reason(code)); bund locks it so that two builds never write it at once. Choose an output folder on a file system that supports locks (flock), such as a local disk"
    )
  }

  /// A journal cut short by a kill while it was written (before any rename): its last line, cut
  /// in the middle, may name another file, here one the output holds and staging does not. Only
  /// lines whole to their newline are read, so nothing is moved.
  @Test @available(macOS 15.0, *)
  func aJournalCutShortIsReadToItsLastWholeLine() async {
    let site = await Self.builtSite()
    let writer = site.writer()
    guard case .success(let staging) = writer.beginStaging() else {
      Issue.record("could not start staging")
      return
    }
    let before = site.entries
    #expect(site.exists("Public/robots.txt"))
    // Cut from "place\t0\trobots.txt.gz\n".
    site.memory.write("/site/Public/.bund-staging/journal", "retire\t1\ten/gone.html\nplace\t0\trobots.txt")
    writer.abandon(staging)
    guard case .success(let again) = writer.beginStaging() else {
      Issue.record("could not start staging after the kill")
      return
    }
    writer.discard(again)
    #expect(
      site.entries.filter { !$0.key.hasPrefix(OutputWriter.stagingName) }
        == before.filter { !$0.key.hasPrefix(OutputWriter.stagingName) })
    #expect(site.exists("Public/robots.txt"))
  }

  /// A folder where a file is written now is moved aside whole only when everything in it is the
  /// last build's: a file someone put there keeps it, and the build fails saying so.
  @Test @available(macOS 15.0, *)
  func aFolderHoldingAForeignFileIsNotReplacedByAFile() async {
    let site = await Self.builtSite()
    site.memory.write("/site/Public/pkg/v1/mine.txt", "mine")
    let before = site.entries
    guard let (report, _) = await Self.commitNextBuild(on: site) else { return }
    #expect(
      report.diagnostics.map(\.summary) == [
        "error: cannot write '/site/Public/pkg': the output folder holds a folder there that bund did not make; move it away and build again"
      ])
    #expect(site.entries == before)
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
