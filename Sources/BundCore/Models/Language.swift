/// One language of the site, as declared in `site.yaml`.
public struct Language: Sendable, Hashable {
  /// Code used in URLs and file suffixes: `en`, `zh`.
  public var code: String
  /// BCP 47 tag for `lang` and `hreflang`: `en`, `zh-Hans`.
  public var tag: String
  /// Name shown in the language switcher: `English`, `中文`.
  public var name: String
  public var title: String
  public var description: String
  /// How its text is counted, cut, punctuated, searched and formatted.
  public var rules: TextRules

  public init(
    code: String, tag: String, name: String, title: String, description: String, rules: TextRules? = nil
  ) {
    self.code = code
    self.tag = tag
    self.name = name
    self.title = title
    self.description = description
    let chinese = tag.lowercased().hasPrefix("zh") || code.lowercased().hasPrefix("zh")
    self.rules = rules ?? (chinese ? .chinese : .english)
  }

  /// Whether the language is written in Chinese script (its tag or code starts with `zh`): for
  /// telling which runs of a table cell are in the other language, and the OpenGraph locale.
  public var isChinese: Bool { tag.lowercased().hasPrefix("zh") || code.lowercased().hasPrefix("zh") }

  /// The OpenGraph locale (`en_US`, `zh_CN`).
  public var openGraphLocale: String {
    if isChinese { return tag.lowercased().contains("hant") ? "zh_TW" : "zh_CN" }
    if tag.lowercased() == "en" { return "en_US" }
    return tag.replacingOccurrences(of: "-", with: "_")
  }
}
