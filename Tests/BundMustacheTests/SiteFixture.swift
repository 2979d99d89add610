import BundMustache

/// A small site in the shape of Bund's templates: a base layout with blocks, a child page that
/// fills them, partials, and a list rendered with `first()` and `last()`.
enum SiteFixture {
  static let templates: [String: String] = [
    "base": """
    <!doctype html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <title>{{$title}}{{site.title}}{{/title}}</title>
    {{> partials/meta}}
    </head>
    <body>
    {{$header}}
    {{> partials/header}}
    {{/header}}
    <main>
    {{$main}}{{/main}}
    </main>
    {{> partials/footer}}
    </body>
    </html>

    """,
    "partials/meta": """
    <meta name="description" content="{{page.summary}}">

    """,
    "partials/header": """
    <header><a href="{{site.url}}">{{site.title}}</a></header>

    """,
    "partials/footer": """
    <footer>
      <p>{{site.footer}}</p>
    </footer>

    """,
    "partials/item": """
    <li class="entry">
      <a href="{{url}}">{{title}}</a>{{#tags}} <span>{{.}}</span>{{/tags}}
    </li>

    """,
    "list": """
    {{<base}}
    {{$title}}{{page.title}} · {{site.title}}{{/title}}
    {{$main}}
    <h1>{{page.title}}</h1>
    {{{page.intro}}}
    {{#page.items}}
    {{#first()}}
    <ul>
    {{/first()}}
    {{> partials/item}}
    {{#last()}}
    </ul>
    {{/last()}}
    {{/page.items}}
    {{^page.items}}
    <p>Nothing yet.</p>
    {{/page.items}}
    {{/main}}
    {{/base}}

    """,
  ]

  static let site: MustacheValue = [
    "title": "Tom & Jerry's <Site>", "url": "/", "footer": "© 2025 \"Bund\" & friends", "lang": "en",
  ]

  static func page(items count: Int, intro: String = "<p>Intro</p>") -> MustacheValue {
    [
      "title": "Ünïcode \"quotes\" & more", "summary": "a < b > c", "intro": .string(intro),
      "items": .list(
        (0..<count).map { index in
          [
            "url": .string("/p/\(index)/"), "title": .string("Item \(index) & <co>"),
            "tags": index % 3 == 0 ? ["x", "y's"] : [],
          ]
        }),
    ]
  }
}
