import BundBuild
import BundCore
import BundTestSupport
import Foundation
import Testing

/// Loading's hostile cases (links out of Content/, link loops, a page that cannot be read, a link
/// to a folder outside) in memory: each must fail with its message, leave the output folder as it
/// was, and change nothing anywhere else in the file system, which in memory can be checked whole.
/// The disk versions stay in `HostileInputTests` (the loader's permission checks need a real disk).
@Suite struct InMemoryHostileInputTests {
  @available(macOS 15.0, *)
  func expectFailure(
    _ change: (InMemoryFileSystem) -> Void, errors expected: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) async {
    let memory = InMemoryFileSystem.fixture("mini")
    memory.write("/etc/passwd", "root:x:0:0::/root:/bin/sh\n")
    memory.write("/elsewhere/notes/secret.en.md", "---\ntitle: Secret\n---\nNot for publishing.\n")
    var options = BuildOptions(
      contentDirectory: "/site/Content", templatesDirectory: "/site/Templates",
      outputDirectory: "/site/Public")
    options.fileSystem = memory
    #expect(await Builder(options: options).build().succeeded, sourceLocation: sourceLocation)
    change(memory)
    let before = memory.entries(below: "/")
    let report = await Builder(options: options).build()
    #expect(!report.succeeded, sourceLocation: sourceLocation)
    let errors = report.diagnostics.map { $0.summary.replacingOccurrences(of: "/site/", with: "") }
      .filter { $0.contains(": error: ") || $0.hasPrefix("error: ") }
    #expect(errors == expected, sourceLocation: sourceLocation)
    // Not one file, folder or link changed: in the output folder, the sources or anywhere else.
    let after = memory.entries(below: "/")
    let changed = Set(before.keys).symmetricDifference(after.keys)
      .union(before.keys.filter { after[$0] != nil && after[$0] != before[$0] })
    #expect(changed.isEmpty, "changed by a failed build: \(changed.sorted())", sourceLocation: sourceLocation)
    #expect(!memory.isLocked, sourceLocation: sourceLocation)
  }

  @Test @available(macOS 15.0, *)
  func aLinkOutOfContentIsRefused() async {
    await expectFailure(
      { $0.makeLink("/site/Content/notes/passwd.en.md", to: "/etc/passwd") },
      errors: [
        "Content/notes/passwd.en.md: error: symbolic link 'notes/passwd.en.md' points outside Content (to /etc/passwd); copy the file in instead"
      ])
  }

  @Test @available(macOS 15.0, *)
  func aLinkToAFolderOutsideIsRefused() async {
    await expectFailure(
      { $0.makeLink("/site/Content/more", to: "/elsewhere/notes") },
      errors: [
        "Content/more: error: symbolic link 'more' points outside Content (to /elsewhere/notes); copy the folder in instead"
      ])
  }

  @Test @available(macOS 15.0, *)
  func aLinkLoopIsRefused() async {
    await expectFailure(
      { memory in
        memory.makeLink("/site/Content/notes/a.en.md", to: "b.en.md")
        memory.makeLink("/site/Content/notes/b.en.md", to: "a.en.md")
      },
      errors: [
        "Content/notes/a.en.md: error: symbolic link 'notes/a.en.md' is broken or loops; remove it or point it at a file inside Content",
        "Content/notes/b.en.md: error: symbolic link 'notes/b.en.md' is broken or loops; remove it or point it at a file inside Content",
      ])
  }

  @Test @available(macOS 15.0, *)
  func anUnreadablePageIsNamed() async {
    await expectFailure(
      { memory in
        memory.write("/site/Content/notes/locked.en.md", "---\ntitle: Locked\n---\nx\n")
        memory.makeUnreadable("/site/Content/notes/locked.en.md")
      },
      errors: [
        "Content/notes/locked.en.md: error: cannot read the file: Permission denied; make it readable (chmod a+r) or move it out of the folder"
      ])
  }
}
