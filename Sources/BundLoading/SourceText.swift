import BundCore
import Foundation

/// Turns file bytes into text: UTF-8 only, a leading BOM dropped, CRLF and CR made LF, and no
/// character that HTML or XML cannot carry (NUL and other C0 controls, U+FFFE, U+FFFF).
enum SourceText {
  static func decode(_ bytes: Data, path: String) -> Result<String, Diagnostic> {
    var slice = bytes[...]
    if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
    guard let text = String(validating: slice, as: UTF8.self) else {
      let (line, column) = firstInvalidPosition(in: slice)
      return .failure(
        .error(
          "the file is not valid UTF-8; save it as UTF-8 (without another encoding such as GBK)",
          at: SourceLocation(file: path, line: line, column: column)))
    }
    let lines =
      text.containsBytes("\r")
      ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
    if let (scalar, offset) = ControlCharacters.firstForbidden(in: lines) {
      let prefix = lines.prefix(offset)
      let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
      let column =
        prefix.count
        - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
      return .failure(
        .error(
          "the file holds the control character \(ControlCharacters.name(scalar)), which web pages and feeds cannot carry; delete it (it often comes with text pasted from another program)",
          at: SourceLocation(file: path, line: line, column: column)))
    }
    return .success(lines)
  }

  /// Line and column (characters) of the first byte that is not valid UTF-8.
  static func firstInvalidPosition(in bytes: Data.SubSequence) -> (Int, Int) {
    var index = bytes.startIndex
    let end = bytes.endIndex
    while index < end {
      let byte = bytes[index]
      let length =
        byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
      guard length > 0, index + length <= end,
        (1..<length).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 })
      else { break }
      index += length
    }
    let prefix = String(decoding: bytes[bytes.startIndex..<index], as: UTF8.self)
    let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.count, (lines.last?.count ?? 0) + 1)
  }
}
