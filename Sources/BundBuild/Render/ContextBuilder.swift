import BundCore
import BundSearch

/// Builds the Mustache context of each page (see docs/templates.md). Values that do not depend on the
/// page are made once per language; URLs are made relative to the page being rendered.
struct ContextBuilder: Sendable {
  let index: SiteIndex
  let rendered: [RenderedPage]
  let figures: FigureRenderer
  /// Output path of each asset (`style.css` → `assets/style.1a2b3c4d.css`).
  let assetPaths: [String: String]
  let lastUpdated: SimpleDate?

  /// The context of one page, as dictionaries, arrays, strings and booleans (no optionals inside).
  func context(for view: PageView, root overrideRoot: String? = nil, shared: [String: Any]? = nil) -> [String:
    Any]
  {
    let site = index.site
    let language = view.language
    let code = language.code
    let chinese = language.isChinese
    let root = overrideRoot ?? URLPaths.root(from: view.urlPath)
    func url(_ target: String) -> String {
      overrideRoot != nil ? root + target : URLPaths.relative(from: view.urlPath, to: target)
    }
    func absolute(_ path: String) -> String { site.config.baseURL + path }
    func dateFields(_ prefix: String, _ date: SimpleDate?, into dictionary: inout [String: Any]) {
      // An absent date is `false` (so `{{#page.date}}` skips it) rather than missing, which strict
      // rendering would report as a typo.
      guard let date else {
        dictionary[prefix] = false
        dictionary["\(prefix)_display"] = ""
        return
      }
      dictionary[prefix] = date.iso
      dictionary["\(prefix)_display"] = LocalFormat.date(date, chinese: chinese)
    }
    func tagList(_ tags: [String]) -> [[String: Any]] {
      tags.map { tag in
        [
          "id": tag, "name": site.tagNames[tag]?[code] ?? tag,
          "url": url(SiteIndex.tagPath(tag, language: code)),
        ]
      }
    }
    func listItem(_ position: Int) -> [String: Any] {
      let page = site.pages[position]
      var item: [String: Any] = [
        "title": page.frontMatter.title, "url": url(page.urlPath), "summary": rendered[position].summary,
        "tags": tagList(page.frontMatter.tags),
      ]
      dateFields("date", page.frontMatter.date, into: &item)
      return item
    }

    var pageContext: [String: Any] = [
      "title": view.title, "short_title": view.shortTitle, "summary": view.summary,
      "content": view.contentHTML,
      "kind": view.kind.rawValue, "is_\(view.kind.rawValue)": true, "key": view.key, "section": view.section,
      "toc": view.headings.filter { $0.level == 2 || $0.level == 3 }.map {
        ["id": $0.id, "title": $0.text, "level": $0.level, "is_h3": $0.level == 3] as [String: Any]
      },
      "has_toc": view.headings.filter { $0.level == 2 || $0.level == 3 }.count >= 2,
      "word_count": view.wordCount,
      "reading_minutes": max(1, Int((Double(view.wordCount) / (chinese ? 400 : 220)).rounded(.up))),
      "tags": tagList(view.tags), "has_tags": !view.tags.isEmpty,
      "pages": view.listed.map(listItem), "has_pages": !view.listed.isEmpty,
      "translation_missing": view.versions.count < site.config.languages.count,
      "translation_stale": view.translationStale,
      "url": "./", "permalink": absolute(view.urlPath),
    ]
    dateFields("date", view.date, into: &pageContext)
    dateFields("updated", view.updated, into: &pageContext)

    var alternates: [[String: Any]] = site.config.languages.compactMap { other in
      view.versions[other.code].map { ["hreflang": other.tag, "href": absolute($0)] }
    }
    let xDefault = view.defaultVersion ?? view.versions[site.config.defaultLanguage] ?? view.urlPath
    alternates.append(["hreflang": "x-default", "href": absolute(xDefault)])

    let languages: [[String: Any]] = site.config.languages.map { other in
      let target = view.versions[other.code]
      return [
        "code": other.code, "tag": other.tag, "name": other.name, "current": other.code == code,
        "missing": target == nil, "url": url(target ?? "\(other.code)/"),
      ]
    }
    let nav: [[String: Any]] = site.config.menu.compactMap { key in
      guard
        let page = index.page(key, in: code)
          ?? index.site.config.languages.lazy.compactMap({
            index.page(key, in: $0.code)
          }).first
      else { return nil }
      let current = view.key == key || (!key.isEmpty && view.key.hasPrefix(key + "/"))
      return [
        "title": page.frontMatter.shortTitle ?? page.frontMatter.title, "url": url(page.urlPath),
        "current": current,
      ]
    }
    var assets: [String: Any] = [:]
    for (name, path) in assetPaths { assets[Self.assetKey(name)] = url(path) }
    let tags: [[String: Any]] = (index.tagged[code] ?? [:]).keys.sorted().map { tag in
      [
        "id": tag, "name": site.tagNames[tag]?[code] ?? tag,
        "url": url(SiteIndex.tagPath(tag, language: code)),
        "count": index.tagged[code]?[tag]?.count ?? 0,
      ]
    }
    let latest = index.latest(in: code, count: site.config.latestCount).compactMap {
      index.byLanguageAndKey[$0.language]?[$0.key]
    }.map(listItem)

    var context = shared ?? sharedContext(for: language)
    let pageSpecific: [String: Any] = [
      "root": root, "home_url": url("\(code)/"), "feed_url": url("\(code)/feed.xml"),
      "search_url": url("\(code)/search/"),
      "canonical": absolute(view.urlPath), "alternates": alternates, "languages": languages, "nav": nav,
      "breadcrumbs": view.breadcrumbs.map { ["title": $0.0, "url": url($0.1)] },
      "has_breadcrumbs": !view.breadcrumbs.isEmpty,
      "assets": assets, "page": pageContext, "tags": tags, "latest": latest,
    ]
    context.merge(pageSpecific) { _, new in new }
    return context
  }

  /// The parts of the context that are the same on every page of a language: made once per batch.
  func sharedContext(for language: Language) -> [String: Any] {
    let site = index.site
    let code = language.code
    // Glossary entries get the `anchor` the search index links to (`id="{{anchor}}"`).
    var dataContext = site.data.mapValues(Self.mustacheValue)
    if let glossary = site.data["glossary"] {
      dataContext["glossary"] = Self.mustacheValue(GlossarySearch.addingAnchors(to: glossary))
    }
    var context: [String: Any] = [
      "site": [
        "title": language.title, "description": language.description, "base_url": site.config.baseURL,
      ],
      "lang": [
        "code": code, "tag": language.tag, "name": language.name, "is_\(code)": true,
        "og_locale": language.openGraphLocale,
      ],
      "t": site.strings[code]?.values ?? [:],
      "i18n": site.strings.mapValues { $0.values },
      "figures": Dictionary(
        uniqueKeysWithValues: figures.figures.map { ($0.key, figures.text($0, language: language)) }),
      "figure_list": figures.figures.map { figureItem($0, language: language) },
      "data": dataContext, "noindex": false,
    ]
    context["last_updated"] = lastUpdated?.iso ?? false
    context["last_updated_display"] =
      lastUpdated.map { LocalFormat.date($0, chinese: language.isChinese) } ?? ""
    return context
  }

  /// `style.css` → `style_css`, the name templates use under `assets`.
  static func assetKey(_ path: String) -> String {
    path.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "-", with: "_")
  }

  func figureItem(_ figure: Figure, language: Language) -> [String: Any] {
    let code = language.code
    var item: [String: Any] = [
      "key": figure.key, "group": figure.group, "label": figure.label.text(in: code),
      "value": figures.text(figure, language: language), "period": figure.period.text(in: code),
      "note": figure.note?[code] ?? "", "source_title": "", "source_publisher": "", "source_url": "",
    ]
    if let source = figures.sources[figure.source] {
      item["source_title"] = source.title.text(in: code)
      item["source_publisher"] = source.publisher.text(in: code)
      item["source_url"] = source.url
    }
    return item
  }

  /// Data values as Mustache reads them: maps become dictionaries, nulls are left out.
  static func mustacheValue(_ value: DataValue) -> Any {
    switch value {
    case .string(let text): return text
    case .int(let number): return number
    case .double(let number): return number
    case .bool(let flag): return flag
    case .null: return false
    case .list(let items): return items.map(mustacheValue)
    case .map(let entries):
      var dictionary: [String: Any] = [:]
      for entry in entries where entry.value != .null { dictionary[entry.key] = mustacheValue(entry.value) }
      return dictionary
    }
  }
}
