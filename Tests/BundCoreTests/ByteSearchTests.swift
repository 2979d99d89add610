import BundCore
import Testing

@Suite struct ByteSearchTests {
  @Test func containsBytesFindsByteSequences() {
    #expect("a {{fig x}} b".containsBytes("{{"))
    #expect(!"a { {fig x} } b".containsBytes("{{"))
    #expect("line\r\nnext".containsBytes("\r"), "a CR inside a CRLF pair counts (Character search misses it)")
    #expect(!"plain\ntext".containsBytes("\r"))
    #expect("上海{{fig a}}".containsBytes("}}"))
    #expect(!"上海{{fig a}".containsBytes("}}"))
    #expect("上海{{fig a}}".containsBytes("a}}"))
    #expect("上海".containsBytes("海"))
    #expect(!"".containsBytes("x"))
    #expect("x".containsBytes(""))
    #expect("ab"[...].dropFirst().containsBytes("b"))
    #expect(!"ab"[...].dropFirst().containsBytes("a"), "a substring only searches its own bytes")
  }

  @Test func linesKeepEmptyLines() {
    #expect("a\n\nb\n".lines() == ["a", "", "b", ""])
  }
}
