import BundCore
import BundSearch
import BundTemplates

/// Builds the Mustache context of each page (see docs/templates.md). Values that do not depend on the
/// page are made once per language; URLs are made relative to the page being rendered.
package struct ContextBuilder: Sendable {
  let index: SiteIndex
  let rendered: [RenderedPage]
  let figures: FigureRenderer
  /// Output path of each asset by its name in templates (`style_css` → `assets/style.1a2b3c4d.css`).
  let assetPaths: [String: String]
  let lastUpdated: SimpleDate?
  /// Tells which values a page's template can read; the others (long lists) are left out.
  var templates: TemplateSet?

  /// The page's own frame of the context (rendered over the language's `sharedContext`): objects,
  /// lists, strings and booleans (an absent value is `false`, never missing).
  func context(for view: PageView, root overrideRoot: String? = nil) -> [String: TemplateValue] {
    let site = index.site
    let language = view.language
    let code = language.code
    let root = overrideRoot ?? URLPaths.root(from: view.urlPath)
    func url(_ target: String) -> String {
      overrideRoot != nil ? root + target : URLPaths.relative(from: view.urlPath, to: target)
    }
    func absolute(_ path: String) -> String { URLPaths.absolute(site.config.baseURL, path) }
    // A date's value, its `_display` and its `_time_display`, written into the dictionary literals
    // (added afterwards, they would make each dictionary grow and rehash). An absent date is `false`
    // (so `{{#page.date}}` skips it) rather than missing, which strict rendering would report as a typo.
    func dateFields(_ date: SimpleDate?) -> (
      value: TemplateValue, display: TemplateValue, time: TemplateValue
    ) {
      guard let date else { return (false, "", "") }
      return (
        .string(date.datetime), .string(LocalFormat.date(date, in: language.rules)),
        .string(LocalFormat.time(date, in: language.rules))
      )
    }
    func tagList(_ tags: [String]) -> TemplateValue {
      .list(
        tags.map { tag in
          [
            "id": .string(tag), "name": .string(site.tagNames[tag]?[code] ?? tag),
            "url": .string(url(SiteIndex.tagPath(tag, language: code))),
          ]
        })
    }
    func listItem(_ position: Int) -> TemplateValue {
      let page = site.pages[position]
      let date = dateFields(page.frontMatter.date)
      let item: [String: TemplateValue] = [
        "title": .string(page.frontMatter.title), "url": .string(url(page.urlPath)),
        "summary": .string(rendered[position].summary), "tags": tagList(page.frontMatter.tags),
        "date": date.value, "date_display": date.display, "date_time_display": date.time,
      ]
      return .object(item)
    }

    // Lists no template of this page reads are left empty: a section's list of pages or the
    // language's tags are long, and made for every page they would be most of the context's cost.
    func reads(topLevel key: String) -> Bool { templates?.mayRead(topLevel: key, in: view.template) ?? true }
    func reads(anywhere key: String) -> Bool { templates?.mayRead(anywhere: key, in: view.template) ?? true }
    let toc = view.headings.filter { $0.level == 2 || $0.level == 3 }
    let date = dateFields(view.date)
    let updated = dateFields(view.updated)
    let pageContext: [String: TemplateValue] = [
      "title": .string(view.title), "short_title": .string(view.shortTitle), "summary": .string(view.summary),
      "content": .string(view.contentHTML),
      "kind": .string(view.kind.rawValue), "is_\(view.kind.rawValue)": true, "key": .string(view.key),
      "section": .string(view.section),
      "toc": .list(
        toc.map {
          [
            "id": .string($0.id), "title": .string($0.text), "level": .int($0.level),
            "is_h3": .bool($0.level == 3),
          ]
        }),
      "has_toc": .bool(toc.count >= 2),
      "pagination": pagination(view, url: url),
      "word_count": .int(view.wordCount),
      "reading_minutes": .int(
        max(1, Int((Double(view.wordCount) / Double(language.rules.readingSpeed)).rounded(.up)))),
      "tags": tagList(view.tags), "has_tags": .bool(!view.tags.isEmpty),
      "pages": .list(reads(anywhere: "pages") ? view.listed.map(listItem) : []),
      "has_pages": .bool(!view.listed.isEmpty),
      "translation_missing": .bool(view.versions.count < site.config.languages.count),
      "translation_stale": .bool(view.translationStale),
      "url": "./", "permalink": .string(absolute(view.urlPath)),
      "date": date.value, "date_display": date.display, "date_time_display": date.time,
      "updated": updated.value, "updated_display": updated.display, "updated_time_display": updated.time,
    ]

    var alternates: [TemplateValue] = site.config.languages.compactMap { other in
      view.versions[other.code].map { ["hreflang": .string(other.tag), "href": .string(absolute($0))] }
    }
    let xDefault = view.defaultVersion ?? view.versions[site.config.defaultLanguage] ?? view.urlPath
    alternates.append(["hreflang": "x-default", "href": .string(absolute(xDefault))])

    // A language with no pages yet (being added) has nowhere to send readers: not offered.
    let languages: [TemplateValue] = site.config.languages.filter {
      $0.code == code || index.pagesByLanguage[$0.code]?.isEmpty == false
    }.map { other in
      let target = view.versions[other.code]
      return [
        "code": .string(other.code), "tag": .string(other.tag), "name": .string(other.name),
        "current": .bool(other.code == code), "missing": .bool(target == nil),
        "url": .string(url(target ?? "\(other.code)/")),
      ]
    }
    let nav: [TemplateValue] = site.config.menu.compactMap { entry in
      let key: String
      switch entry {
      case .link(let title, let url):
        // Another site: marked, so readers know they leave this one.
        return [
          "title": .string(title.text(in: code)), "url": .string(url), "current": false, "external": true,
        ]
      case .page(let pageKey):
        key = pageKey
      }
      guard
        let page = index.page(key, in: code)
          ?? index.site.config.languages.lazy.compactMap({
            index.page(key, in: $0.code)
          }).first
      else { return nil }
      let current = view.key == key || (!key.isEmpty && view.key.hasPrefix(key + "/"))
      return [
        "title": .string(page.frontMatter.shortTitle ?? page.frontMatter.title),
        "url": .string(url(page.urlPath)),
        "current": .bool(current), "external": false,
      ]
    }
    var assets: [String: TemplateValue] = [:]
    for (name, path) in assetPaths { assets[name] = .string(url(path)) }
    let tags: [TemplateValue] = (reads(topLevel: "tags") ? (index.tagged[code] ?? [:]).keys.sorted() : []).map
    { tag in
      [
        "id": .string(tag), "name": .string(site.tagNames[tag]?[code] ?? tag),
        "url": .string(url(SiteIndex.tagPath(tag, language: code))),
        "count": .int(index.tagged[code]?[tag]?.count ?? 0),
      ]
    }
    let latest = (reads(topLevel: "latest") ? index.latest(in: code, count: site.config.latestCount) : [])
      .compactMap {
        index.byLanguageAndKey[$0.language]?[$0.key]
      }.map(listItem)

    return [
      "root": .string(root), "home_url": .string(url("\(code)/")),
      "feed_url": .string(url("\(code)/feed.xml")),
      "search_url": .string(url("\(code)/search/")),
      "canonical": .string(absolute(view.urlPath)), "alternates": .list(alternates),
      "languages": .list(languages),
      "nav": .list(nav),
      "breadcrumbs": .list(view.breadcrumbs.map { ["title": .string($0.0), "url": .string(url($0.1))] }),
      "has_breadcrumbs": .bool(!view.breadcrumbs.isEmpty),
      "assets": .object(assets), "page": .object(pageContext), "tags": .list(tags), "latest": .list(latest),
    ]
  }

  /// `page.pagination` of a list split over pages: its number, the total, the label ("Page 2 of 7"
  /// from the UI string `page_of`) and the URLs of the pages before and after; false otherwise.
  func pagination(_ view: PageView, url: (String) -> String) -> TemplateValue {
    guard let pagination = view.pagination else { return false }
    let label = (index.site.strings[view.language.code]?.values["page_of"] ?? "")
      .replacingOccurrences(of: "{n}", with: String(pagination.number))
      .replacingOccurrences(of: "{total}", with: String(pagination.total))
    var context: [String: TemplateValue] = [
      "number": .int(pagination.number), "total": .int(pagination.total), "label": .string(label),
      "first_url": .string(url(pagination.first)), "prev_url": false, "next_url": false,
    ]
    if pagination.number > 1 {
      context["prev_url"] = .string(url(pagination.urlPath(of: pagination.number - 1)))
    }
    if pagination.number < pagination.total {
      context["next_url"] = .string(url(pagination.urlPath(of: pagination.number + 1)))
    }
    return .object(context)
  }

  /// The parts of the context that are the same on every page of a language: made once per batch,
  /// the frame under each page's own.
  package func sharedContext(for language: Language) -> TemplateValue {
    let site = index.site
    let code = language.code
    // Glossary entries get the `anchor` the search index links to (`id="{{anchor}}"`).
    var dataContext = site.data.mapValues(Self.templateValue)
    if let glossary = site.data["glossary"] {
      dataContext["glossary"] = Self.templateValue(GlossarySearch.addingAnchors(to: glossary))
    }
    // Entries get a flag per value of these fields (`zh_confidence_medium`, `kind_plan`): Mustache
    // cannot compare, and the glossary marks and timeline labels depend on the value. A field some
    // entries leave out (`source_en`) is `false` in those, so strict rendering can test for it.
    for (file, field) in [("glossary", "zh_confidence"), ("timeline", "kind")] {
      if case .list(let entries)? = dataContext[file] {
        dataContext[file] = .list(Self.fillingAbsentFields(entries.map { Self.flagging($0, field: field) }))
      }
    }
    func strings(_ values: [String: String]) -> TemplateValue { .object(values.mapValues { .string($0) }) }
    var context: [String: TemplateValue] = [
      "site": [
        "title": .string(language.title), "description": .string(language.description),
        "base_url": .string(site.config.baseURL),
        "publisher": .string(site.config.publisher[code] ?? ""),
        "contact": site.config.contact.map { .string($0) } ?? false,
      ],
      "lang": [
        "code": .string(code), "tag": .string(language.tag), "name": .string(language.name),
        "is_\(code)": true,
        "og_locale": .string(language.openGraphLocale),
      ],
      "t": strings(site.strings[code]?.values ?? [:]),
      "i18n": .object(site.strings.mapValues { strings($0.values) }),
      "figures": .object(
        Dictionary(
          uniqueKeysWithValues: figures.figures.map {
            ($0.key, .string(figures.text($0, language: language)))
          })),
      "figure_list": .list(figures.figures.map { figureItem($0, language: language) }),
      "data": .object(dataContext), "noindex": false,
    ]
    context["last_updated"] = lastUpdated.map { .string($0.iso) } ?? false
    context["last_updated_display"] = .string(
      lastUpdated.map { LocalFormat.date($0, in: language.rules) } ?? "")
    return .object(context)
  }

  /// An entry with `field: value` also gets `field_value: true` (`zh_confidence: medium` gives
  /// `zh_confidence_medium`), so a template can show what depends on the value.
  static func flagging(_ entry: TemplateValue, field: String) -> TemplateValue {
    guard case .object(var fields) = entry, case .string(let value)? = fields[field] else { return entry }
    fields["\(field)_\(value)"] = true
    return .object(fields)
  }

  /// The entries with every field that any of them has: absent ones are `false`.
  static func fillingAbsentFields(_ entries: [TemplateValue]) -> [TemplateValue] {
    var names: Set<String> = []
    for case .object(let fields) in entries { names.formUnion(fields.keys) }
    return entries.map { entry in
      guard case .object(var fields) = entry else { return entry }
      for name in names where fields[name] == nil { fields[name] = false }
      return .object(fields)
    }
  }

  /// `style.css` → `style_css`, the name templates use under `assets`.
  static func assetKey(_ path: String) -> String {
    path.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "-", with: "_")
  }

  func figureItem(_ figure: Figure, language: Language) -> TemplateValue {
    let code = language.code
    var item: [String: TemplateValue] = [
      "key": .string(figure.key), "group": .string(figure.group),
      "label": .string(figure.label.text(in: code)),
      "value": .string(figures.text(figure, language: language)),
      "period": .string(figure.period.text(in: code)),
      "note": .string(figure.note?[code] ?? ""), "source_title": "", "source_publisher": "", "source_url": "",
    ]
    if let source = figures.sources[figure.source] {
      item["source_title"] = .string(source.title.text(in: code))
      item["source_publisher"] = .string(source.publisher.text(in: code))
      item["source_url"] = .string(source.url)
    }
    return .object(item)
  }

  /// Data values as Mustache reads them: maps become objects, nulls are left out.
  static func templateValue(_ value: DataValue) -> TemplateValue {
    switch value {
    case .string(let text): return .string(text)
    case .int(let number): return .int(number)
    case .double(let number): return .double(number)
    case .bool(let flag): return .bool(flag)
    case .null: return false
    case .list(let items): return .list(items.map(templateValue))
    case .map(let entries):
      var dictionary: [String: TemplateValue] = [:]
      for entry in entries where entry.value != .null { dictionary[entry.key] = templateValue(entry.value) }
      return .object(dictionary)
    }
  }
}
