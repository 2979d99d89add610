import BundBuild
import BundCore
import Foundation

/// Prints diagnostics like a compiler: `path:line:column: error: message`, the source line and a caret.
/// Colour only on a terminal, and never when NO_COLOR is set.
struct DiagnosticPrinter {
  let colour: Bool

  init() {
    let environment = ProcessInfo.processInfo.environment
    colour = isatty(2) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
  }

  /// Prints every diagnostic, or with `all: false` at most 20 of one kind and a count of the rest.
  func print(_ diagnostics: [Diagnostic], quiet: Bool, all: Bool = false) {
    var cache: [String: [Substring]] = [:]
    let (shown, more) = DiagnosticSummary.limit(
      diagnostics.filter { !quiet || $0.isError }, perKind: all ? diagnostics.count + 1 : 20)
    defer {
      for (example, count) in more {
        let line =
          "… and \(LocalFormat.groupThousands(String(count))) more like this: \(example.severity.rawValue): \(ControlCharacters.visible(example.message))\n"
        FileHandle.standardError.write(Data(dim(line).utf8))
      }
    }
    for diagnostic in shown {
      var text = ""
      // Paths, messages and source lines come from content: no control character reaches the terminal.
      if let location = diagnostic.location {
        text += bold(ControlCharacters.visible(location.description) + ": ")
      }
      text += severity(diagnostic.severity) + bold(ControlCharacters.visible(diagnostic.message)) + "\n"
      if let location = diagnostic.location, location.line > 0 {
        if cache[location.file] == nil, let data = FileManager.default.contents(atPath: location.file) {
          cache[location.file] = String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        }
        if let lines = cache[location.file], location.line <= lines.count {
          let line = ControlCharacters.visible(
            lines[location.line - 1].replacingOccurrences(of: "\r", with: ""))
          text += "    \(line)\n"
          if location.column > 0 {
            let prefix = line.prefix(location.column - 1).map {
              TextKit.isCJK($0) ? "  " : ($0 == "\t" ? "\t" : " ")
            }
            text += "    \(prefix.joined())\(green("^"))\n"
          }
        }
      }
      for note in diagnostic.notes { text += "    \(dim("note: " + ControlCharacters.visible(note)))\n" }
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  func failure(_ diagnostics: [Diagnostic], what: String) {
    let errors = diagnostics.filter(\.isError).count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    FileHandle.standardError.write(Data("\(what) (\(counts))\n".utf8))
  }

  func line(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
  }

  func error(_ message: String) {
    FileHandle.standardError.write(Data((severity(.error) + ControlCharacters.visible(message) + "\n").utf8))
  }

  func warning(_ message: String) {
    FileHandle.standardError.write(Data((severity(.warning) + message + "\n").utf8))
  }

  /// Diagnostics as JSON, for CI.
  static func json(_ diagnostics: [Diagnostic]) -> String {
    let items = diagnostics.map { diagnostic -> String in
      var fields = [
        "\"severity\": \(JSONText.string(diagnostic.severity.rawValue))",
        "\"message\": \(JSONText.string(diagnostic.message))",
      ]
      if let location = diagnostic.location {
        fields.append("\"file\": \(JSONText.string(location.file))")
        if location.line > 0 { fields.append("\"line\": \(location.line)") }
        if location.column > 0 { fields.append("\"column\": \(location.column)") }
      }
      if !diagnostic.notes.isEmpty {
        fields.append("\"notes\": [" + diagnostic.notes.map(JSONText.string).joined(separator: ", ") + "]")
      }
      return "    {" + fields.joined(separator: ", ") + "}"
    }
    let errors = diagnostics.filter(\.isError).count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    return "{\n  \"errors\": \(errors),\n  \"warnings\": \(warnings),\n  \"diagnostics\": [\n"
      + items.joined(separator: ",\n") + "\n  ]\n}\n"
  }

  private func severity(_ severity: Diagnostic.Severity) -> String {
    switch severity {
    case .error: return paint("error: ", "1;31")
    case .warning: return paint("warning: ", "1;35")
    case .note: return paint("note: ", "1;36")
    }
  }

  private func bold(_ text: String) -> String { paint(text, "1") }
  private func green(_ text: String) -> String { paint(text, "1;32") }
  private func dim(_ text: String) -> String { paint(text, "2") }
  private func paint(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
