import BundCore
import Foundation

/// The HTML that serve adds to a page to show the latest build's problems: a full overlay for
/// errors, a dismissible panel for warnings. Each problem shows `file:line:column`, the message, and
/// the source line with a caret, as the terminal does. Its own words follow the page's language.
struct ProblemPanel {
  /// A diagnostic with the source line it points at, read when the build finished.
  struct Problem: Sendable, Equatable {
    var diagnostic: Diagnostic
    var sourceLine: String? = nil
  }

  /// The errors and warnings of a build, each with the source line it points at.
  static func problems(_ diagnostics: [Diagnostic]) -> [Problem] {
    var files: [String: [Substring]] = [:]
    return diagnostics.filter { $0.severity == .error || $0.severity == .warning }.map { diagnostic in
      guard let location = diagnostic.location, location.line > 0 else {
        return Problem(diagnostic: diagnostic)
      }
      if files[location.file] == nil, let data = FileManager.default.contents(atPath: location.file) {
        files[location.file] = String(decoding: data, as: UTF8.self).split(
          separator: "\n", omittingEmptySubsequences: false)
      }
      guard let lines = files[location.file], location.line <= lines.count else {
        return Problem(diagnostic: diagnostic)
      }
      return Problem(
        diagnostic: diagnostic, sourceLine: lines[location.line - 1].replacingOccurrences(of: "\r", with: ""))
    }
  }

  /// The panel's own words in one language.
  struct Strings: Sendable {
    var failed: String
    var failedNothingBuilt: String
    var fix: String
    var warnings: @Sendable (Int) -> String
    var dismiss: String
    var more: @Sendable (Int) -> String
  }

  /// At most this many problems of a kind are listed in a page; the terminal has them all.
  static let limit = 50

  static let english = Strings(
    failed: "bund: the build failed; this is the last good version of the page",
    failedNothingBuilt: "bund: the build failed; nothing has been built yet",
    fix: "Fix the file and save: the page reloads by itself.",
    warnings: { $0 == 1 ? "bund: 1 warning" : "bund: \($0) warnings" },
    dismiss: "Hide",
    more: { "… and \($0) more: the terminal lists them all" })

  static let chinese = Strings(
    failed: "bund：生成失败；当前显示的是本页上一次成功生成的版本",
    failedNothingBuilt: "bund：生成失败；还没有成功生成过的版本",
    fix: "修改文件并保存后，页面会自动刷新。",
    warnings: { "bund：\($0)条警告" },
    dismiss: "隐藏",
    more: { "……另有\($0)条，完整列表见终端" })

  /// The strings for a page whose `<html lang>` is `tag` (English when unknown).
  static func strings(forLanguage tag: String?) -> Strings {
    tag?.lowercased().hasPrefix("zh") == true ? chinese : english
  }

  /// The `lang` of a page's `<html>` element, if it has one near the start.
  static func language(ofPage html: String) -> String? {
    guard let start = html.range(of: "<html"),
      let lang = html[start.upperBound...].prefix(300).range(of: "lang=")
    else { return nil }
    let rest = html[lang.upperBound...].drop { $0 == "\"" || $0 == "'" }
    let value = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != ">" }
    return value.isEmpty ? nil : String(value)
  }

  /// The overlay (when the build failed) or the warnings panel (when it has warnings), or "".
  static func html(problems: [Problem], failed: Bool, hasGoodBuild: Bool, strings: Strings) -> String {
    let warnings = problems.filter { $0.diagnostic.severity == .warning }
    if failed {
      let errors = problems.filter { $0.diagnostic.isError }
      // The warnings come after the errors, under their own heading, as in the terminal.
      let warningList =
        warnings.isEmpty
        ? ""
        : "<h3>\(TextKit.escapeHTML(strings.warnings(warnings.count)))</h3>\(list(warnings, strings: strings))"
      return """
        \(style)<div id="bund-error-overlay" class="bund-panel" role="alert">\
        <h2>\(TextKit.escapeHTML(hasGoodBuild ? strings.failed : strings.failedNothingBuilt))</h2>\
        \(list(errors, strings: strings))<p>\(TextKit.escapeHTML(strings.fix))</p>\(warningList)</div>
        """
    }
    guard !warnings.isEmpty else { return "" }
    return """
      \(style)<div id="bund-warnings" class="bund-panel" role="status">\
      <button type="button" onclick="this.parentNode.remove()">\(TextKit.escapeHTML(strings.dismiss))</button>\
      <h2>\(TextKit.escapeHTML(strings.warnings(warnings.count)))</h2>\(list(warnings, strings: strings))</div>
      """
  }

  private static func list(_ problems: [Problem], strings: Strings) -> String {
    let more =
      problems.count > limit ? "<p>\(TextKit.escapeHTML(strings.more(problems.count - limit)))</p>" : ""
    return problems.prefix(limit).map { problem in
      var text = TextKit.escapeHTML(problem.diagnostic.summary)
      if let line = problem.sourceLine, let location = problem.diagnostic.location {
        // The line does not wrap, and the caret stands after an invisible copy of the text before
        // the column: it lines up whatever the width of the font's Chinese characters.
        text += "<span class=\"bund-source\">    " + TextKit.escapeHTML(line)
        if location.column > 0 {
          let prefix = TextKit.escapeHTML(String(line.prefix(location.column - 1)))
          text += "\n    <span class=\"bund-pad\">\(prefix)</span><span class=\"bund-caret\">^</span>"
        }
        text += "</span>"
      }
      for note in problem.diagnostic.notes { text += "\n    note: " + TextKit.escapeHTML(note) }
      return "<pre>\(text)</pre>"
    }.joined() + more
  }

  /// Styles of their own, scoped to the panels, so the site's CSS does not change them. Contrast
  /// (WCAG 2): light, text #1a1a1a on #fff 17.4:1 and on #f2f2f2 15.6:1, headings #a3001b 8.2:1 and
  /// #6b4500 8.5:1, caret #1b6b1b 5.9:1; dark, text #f2f2f2 on #1c1c1c 15.2:1 and on #2a2a2a
  /// 12.8:1, headings #ff9e94 8.6:1 and #ffc857 11.1:1, caret #7fd67f 8.1:1. All pass AA (4.5:1).
  static let style = """
    <style>.bund-panel{all:initial;display:block;box-sizing:border-box;z-index:2147483647;overflow:auto;\
    background:#fff;color:#1a1a1a;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:1.5rem}\
    #bund-error-overlay{position:fixed;inset:0}\
    #bund-warnings{position:fixed;right:1rem;bottom:1rem;max-width:min(48rem,calc(100vw - 2rem));max-height:50vh;\
    border:2px solid #8a5a00;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.3)}\
    .bund-panel h2{all:initial;display:block;font:bold 16px/1.4 ui-monospace,monospace;color:#a3001b;margin:0 0 1rem}\
    .bund-panel h3{all:initial;display:block;font:bold 15px/1.4 ui-monospace,monospace;color:#6b4500;margin:1.5rem 0 .75rem}\
    #bund-warnings h2{color:#6b4500}\
    .bund-panel pre{all:initial;display:block;white-space:pre-wrap;font:inherit;color:#1a1a1a;background:#f2f2f2;\
    border-left:4px solid #a3001b;padding:.5rem .75rem;margin:0 0 .75rem}\
    #bund-warnings pre,.bund-panel h3~pre{border-left-color:#8a5a00}\
    .bund-panel p{all:initial;display:block;font:inherit;color:#1a1a1a}\
    .bund-source{display:block;white-space:pre;overflow-x:auto}.bund-pad{visibility:hidden}\
    .bund-caret{color:#1b6b1b;font-weight:bold}\
    .bund-panel button{all:initial;float:right;cursor:pointer;font:14px ui-monospace,monospace;color:#1a1a1a;\
    background:#f2f2f2;border:1px solid #1a1a1a;border-radius:4px;padding:.25rem .75rem}\
    @media (prefers-color-scheme:dark){.bund-panel{background:#1c1c1c;color:#f2f2f2}\
    .bund-panel h2{color:#ff9e94}#bund-warnings h2,.bund-panel h3{color:#ffc857}\
    .bund-panel pre{color:#f2f2f2;background:#2a2a2a;border-left-color:#ff9e94}#bund-warnings pre,.bund-panel h3~pre{border-left-color:#ffc857}\
    .bund-panel p{color:#f2f2f2}.bund-caret{color:#7fd67f}\
    .bund-panel button{color:#f2f2f2;background:#2a2a2a;border-color:#f2f2f2}}</style>
    """
}
