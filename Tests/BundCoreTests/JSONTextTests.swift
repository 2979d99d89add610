import BundCore
import Testing

struct JSONTextTests {
  @Test(arguments: [
    ("plain text", "\"plain text\""),
    ("“引号”与中文", "\"“引号”与中文\""),
    ("say \"hi\"", "\"say \\\"hi\\\"\""),
    ("back\\slash", "\"back\\\\slash\""),
    ("tab\tnew\nline\r", "\"tab\\tnew\\nline\\r\""),
    ("bell\u{07}", "\"bell\\u0007\""),
    ("line\u{2028}para\u{2029}", "\"line\\u2028para\\u2029\""),
    ("", "\"\""),
  ])
  func stringsAreEscapedOnlyWhereJSONNeedsIt(text: String, literal: String) {
    #expect(JSONText.string(text) == literal)
  }
}
