import BundCore
import Yams

/// Reads `Content/site.yaml`.
enum SiteConfigLoader {
  static let knownKeys = [
    "base_url", "default_language", "languages", "menu", "allow_raw_html", "latest_count", "paginate",
    "publisher", "contact",
  ]
  static let languageKeys = ["code", "tag", "name", "title", "description"]

  static func load(_ text: String, path: String) -> (SiteConfig?, [Diagnostic]) {
    var reader = YAMLReader(file: path)
    guard let root = reader.parse(text) else {
      if reader.diagnostics.isEmpty {
        reader.diagnostics.append(
          .error(
            "site.yaml is empty; it needs base_url, default_language and languages",
            at: SourceLocation(file: path)))
      }
      return (nil, reader.diagnostics)
    }
    guard let pairs = reader.mapping(root, what: "site.yaml") else { return (nil, reader.diagnostics) }
    var baseURL: String?
    var defaultLanguage: String?
    var defaultLanguageNode: Node?
    var languages: [Language] = []
    var menu: [MenuEntry] = []
    var allowRaw = false
    var latestCount = 5
    var paginate = 0
    var publisher: [String: String] = [:]
    var contact: String?
    var contactNode: Node?
    for (key, keyNode, value) in pairs {
      switch key {
      case "base_url":
        if let text = reader.string(value, what: "base_url") {
          if let problem = URLRules.baseURLProblem(text) {
            reader.error(problem.replacingOccurrences(of: "the base URL", with: "base_url"), at: value)
          } else {
            baseURL = text
          }
        }
      case "default_language":
        defaultLanguage = reader.string(value, what: "default_language")
        defaultLanguageNode = value
      case "languages":
        languages = loadLanguages(value, reader: &reader)
      case "menu":
        menu = loadMenu(value, reader: &reader, languages: languageCodes(in: pairs, reader: reader))
      case "allow_raw_html":
        allowRaw = reader.bool(value, what: "allow_raw_html") ?? false
      case "latest_count":
        latestCount = reader.int(value, what: "latest_count") ?? 5
      case "paginate":
        if let number = reader.int(value, what: "paginate") {
          if number >= 0 {
            paginate = number
          } else {
            reader.error(
              "paginate is the number of pages a list shows on one page, or 0 for all; found \(number)",
              at: value)
          }
        }
      case "publisher":
        for (code, _, name) in reader.mapping(value, what: "publisher") ?? [] {
          if let text = reader.string(name, what: "publisher.\(code)") { publisher[code] = text }
        }
      case "contact":
        contact = reader.string(value, what: "contact")
        contactNode = value
      default:
        reader.error(
          "unknown key '\(key)' in site.yaml\(Suggestions.hint(for: key, in: knownKeys))", at: keyNode,
          notes: ["valid keys: \(knownKeys.joined(separator: ", "))"])
      }
    }
    if baseURL == nil && !pairs.contains(where: { $0.key == "base_url" }) {
      reader.error("site.yaml has no base_url; add 'base_url: https://example.org/'", at: root)
    }
    if languages.isEmpty && !pairs.contains(where: { $0.key == "languages" }) {
      reader.error("site.yaml declares no languages; add a 'languages:' list", at: root)
    }
    if let address = contact, isPlaceholder(address) {
      reader.warning(
        "contact '\(address)' in site.yaml is a placeholder; set the address readers write to for corrections",
        at: contactNode, notes: ["until it is set, pages say that no corrections address has been set yet"])
      contact = nil
    }
    let codes = languages.map(\.code)
    if let code = defaultLanguage, !codes.isEmpty, !codes.contains(code) {
      reader.error(
        "default_language '\(code)' is not one of the declared languages\(Suggestions.hint(for: code, in: codes))",
        at: defaultLanguageNode, notes: ["declared: \(codes.joined(separator: ", "))"])
    }
    guard let baseURL, !languages.isEmpty, !reader.diagnostics.hasErrors else {
      return (nil, reader.diagnostics)
    }
    var config = SiteConfig(
      baseURL: baseURL, defaultLanguage: defaultLanguage ?? languages[0].code, languages: languages,
      menu: menu,
      allowRawHTML: allowRaw, latestCount: latestCount, publisher: publisher, contact: contact)
    config.paginate = paginate
    return (config, reader.diagnostics)
  }

  /// The language codes declared in site.yaml, read ahead so a menu link's title can be checked.
  static func languageCodes(in pairs: [(key: String, keyNode: Node, value: Node)], reader: YAMLReader)
    -> [String]
  {
    guard let languages = pairs.first(where: { $0.key == "languages" })?.value,
      case .sequence(let items) = languages
    else { return [] }
    return items.compactMap { item in
      guard case .mapping(let mapping) = item else { return nil }
      return mapping.first(where: { $0.key.scalar?.string == "code" })?.value.scalar?.string
    }
  }

  /// `menu:` entries: a page key (`briefings`), or `{title: {en: …, zh: …}, url: https://…}` for
  /// another site, whose URL must be absolute http(s) or mailto.
  static func loadMenu(_ node: Node, reader: inout YAMLReader, languages: [String]) -> [MenuEntry] {
    guard let items = reader.sequence(node, what: "menu") else { return [] }
    return items.compactMap { item -> MenuEntry? in
      if case .scalar = item { return reader.string(item, what: "each menu entry").map(MenuEntry.page) }
      guard let pairs = reader.mapping(item, what: "a menu link") else { return nil }
      var title: LocalizedText?
      var url: String?
      for (key, keyNode, value) in pairs {
        switch key {
        case "title": title = reader.localized(value, what: "the menu link's title", languages: languages)
        case "url":
          guard let text = reader.string(value, what: "the menu link's url") else { continue }
          let lower = text.lowercased()
          if let problem = URLRules.linkProblem(text) {
            reader.error("menu link url: \(problem)", at: value)
          } else if !(lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"))
          {
            reader.error(
              "a menu link leads to another site: write its full URL (https://…); for a page of this site write its key, such as briefings",
              at: value)
          } else {
            url = text
          }
        default:
          reader.error("unknown menu link field '\(key)'; a menu link has title and url", at: keyNode)
        }
      }
      let named = Set(pairs.map(\.key))
      guard let title, let url else {
        // A field that is there but wrong was reported at it; a missing one is reported here.
        let missing = ["title", "url"].filter { !named.contains($0) }
        if !missing.isEmpty {
          reader.error(
            "a menu link needs \(missing.joined(separator: " and ")): {title: {…}, url: https://…}", at: item)
        }
        return nil
      }
      return .link(title: title, url: url)
    }
  }

  /// A language's `text:` rules over the defaults of its tag: `{words: characters, sentences:
  /// full_width, smart_punctuation: false, summary_length: 120, reading_speed: 400, formats: zh,
  /// search: characters}`, any of them.
  static func textRules(_ node: Node, base: TextRules, reader: inout YAMLReader) -> TextRules {
    var rules = base
    guard let pairs = reader.mapping(node, what: "a language's text") else { return rules }
    func choice(_ value: Node, _ key: String, _ yes: String, _ no: String) -> Bool? {
      guard let text = reader.string(value, what: "text.\(key)") else { return nil }
      if text == yes { return true }
      if text == no { return false }
      reader.error("text.\(key) is \(yes) or \(no), found '\(text)'", at: value)
      return nil
    }
    for (key, keyNode, value) in pairs {
      switch key {
      case "words":
        rules.countsCharacters = choice(value, key, "characters", "spaces") ?? rules.countsCharacters
      case "sentences":
        rules.fullWidthSentences = choice(value, key, "full_width", "latin") ?? rules.fullWidthSentences
      case "smart_punctuation":
        rules.smartPunctuation = reader.bool(value, what: "text.smart_punctuation") ?? rules.smartPunctuation
      case "summary_length":
        rules.summaryLength = reader.int(value, what: "text.summary_length") ?? rules.summaryLength
      case "reading_speed":
        rules.readingSpeed = max(1, reader.int(value, what: "text.reading_speed") ?? rules.readingSpeed)
      case "formats": rules.chineseFormats = choice(value, key, "zh", "en") ?? rules.chineseFormats
      case "line_breaks": rules.joinsCJKLines = choice(value, key, "join", "space") ?? rules.joinsCJKLines
      case "search":
        rules.searchesCharacters = choice(value, key, "characters", "words") ?? rules.searchesCharacters
      default:
        let keys = TextRules.keys.map(\.key)
        reader.error(
          "unknown text rule '\(key)'\(Suggestions.hint(for: key, in: keys))", at: keyNode,
          notes: ["text rules: " + TextRules.keys.map { "\($0.key) (\($0.takes))" }.joined(separator: ", ")])
      }
    }
    return rules
  }

  static func loadLanguages(_ node: Node, reader: inout YAMLReader) -> [Language] {
    guard let items = reader.sequence(node, what: "languages") else { return [] }
    var languages: [Language] = []
    for item in items {
      guard let pairs = reader.mapping(item, what: "each language") else { continue }
      var fields: [String: String] = [:]
      var textNode: Node?
      for (key, keyNode, value) in pairs {
        if key == "text" {
          textNode = value
          continue
        }
        guard languageKeys.contains(key) else {
          reader.error(
            "unknown key '\(key)' in a language\(Suggestions.hint(for: key, in: languageKeys))", at: keyNode,
            notes: ["valid keys: \(languageKeys.joined(separator: ", "))"])
          continue
        }
        fields[key] = reader.string(value, what: "language \(key)")
      }
      let written = Set(pairs.map(\.key))
      let missing = languageKeys.filter { !written.contains($0) }
      if !missing.isEmpty {
        reader.error("a language is missing \(missing.joined(separator: ", "))", at: item)
        continue
      }
      guard let code = fields["code"], let tag = fields["tag"], let name = fields["name"],
        let title = fields["title"], let description = fields["description"]
      else { continue }
      if !code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) || code.isEmpty {
        reader.error("language code '\(code)' must be lowercase ASCII letters, e.g. en or zh", at: item)
        continue
      }
      if languages.contains(where: { $0.code == code }) {
        reader.error("language '\(code)' is declared twice", at: item)
        continue
      }
      var language = Language(code: code, tag: tag, name: name, title: title, description: description)
      if let textNode { language.rules = textRules(textNode, base: language.rules, reader: &reader) }
      languages.append(language)
    }
    return languages
  }

  /// Whether an address is a stand-in (an example or reserved domain, or empty) rather than a real one.
  static func isPlaceholder(_ address: String) -> Bool {
    let host = address.split(separator: "@").last.map { $0.lowercased() } ?? ""
    let reserved = ["example.org", "example.com", "example.net", "example", "invalid", "test", "localhost"]
    return address.isEmpty || !address.contains("@")
      || reserved.contains { host == $0 || host.hasSuffix("." + $0) }
  }
}
