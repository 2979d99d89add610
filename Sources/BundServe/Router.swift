import BundCore
import Foundation

/// What the dev server sends back: a status, headers, and either bytes or a stream of events.
struct Response: Sendable {
  enum Body: Sendable {
    case bytes(Data)
    case events(AsyncStream<[UInt8]>)
  }

  var status: Int
  var reason: String
  var headers: [(String, String)]
  var body: Body

  static func text(_ status: Int, _ reason: String, _ message: String) -> Response {
    Response(
      status: status, reason: reason, headers: [("Content-Type", "text/plain; charset=utf-8")],
      body: .bytes(Data((message + "\n").utf8)))
  }
}

/// Answers requests from the site in memory under the base path, adding the reload script and the
/// latest build's problems (the error overlay, or the warnings panel) to every HTML page.
struct Router: Sendable {
  let site: ServedSite

  static let eventsPath = "/__bund/events"

  func respond(method: String, to requestPath: String) async -> Response {
    guard method == "GET" || method == "HEAD" else {
      var response = Response.text(405, "Method Not Allowed", "bund serve answers GET and HEAD only")
      response.headers.append(("Allow", "GET, HEAD"))
      return response
    }
    if requestPath == Self.eventsPath { return await events() }
    // The site lives under its base URL's path (`/` or, say, `/invest/`).
    let basePath = await site.basePath
    guard requestPath.hasPrefix(basePath) else {
      if requestPath == "/" || basePath.hasPrefix(requestPath + "/") {
        return Response(status: 302, reason: "Found", headers: [("Location", basePath)], body: .bytes(Data()))
      }
      return await notFound(requestPath)
    }
    let files = await site.files
    var path = String(requestPath.dropFirst(basePath.count))
    while path.hasPrefix("/") { path.removeFirst() }
    if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
    // The output folder's own rule: no `..`, `.` or empty segment, so nothing is looked up outside.
    guard PathRules.isInside(path) else { return await notFound(requestPath) }
    if files[path] == nil, files[path + "/index.html"] != nil {
      return Response(
        status: 301, reason: "Moved Permanently", headers: [("Location", basePath + path + "/")],
        body: .bytes(Data()))
    }
    guard let bytes = files[path] else { return await notFound(requestPath) }
    if path.hasSuffix(".html") {
      return await html(bytes, status: 200, reason: "OK", requestPath: requestPath)
    }
    return Response(
      status: 200, reason: "OK",
      headers: [("Content-Type", Self.contentType(path)), ("Cache-Control", "no-store")],
      body: .bytes(bytes))
  }

  private func events() async -> Response {
    Response(
      status: 200, reason: "OK",
      headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")],
      body: .events(await site.subscribe()))
  }

  private func notFound(_ requestPath: String) async -> Response {
    let page = await site.files["404.html"] ?? Data("<!doctype html><title>404</title><p>Not found</p>".utf8)
    return await html(page, status: 404, reason: "Not Found", requestPath: requestPath)
  }

  /// The page with the panels and the reload script added; the panels speak the page's language,
  /// or, for a page without one (the bare 404 before any build), the language its path starts with.
  private func html(_ bytes: Data, status: Int, reason: String, requestPath: String) async -> Response {
    var text = String(decoding: bytes, as: UTF8.self)
    let basePath = await site.basePath
    let relative = requestPath.hasPrefix(basePath) ? requestPath.dropFirst(basePath.count) : requestPath[...]
    let pathLanguage = relative.split(separator: "/").first
    let strings = ProblemPanel.strings(
      forLanguage: ProblemPanel.language(ofPage: text) ?? pathLanguage.map(String.init))
    let panel = ProblemPanel.html(
      problems: await site.problems, failed: await site.failed, hasGoodBuild: await site.hasGoodBuild,
      strings: strings)
    let injection = panel + Self.reloadScript
    if let end = text.range(of: "</body>", options: .backwards) {
      text.insert(contentsOf: injection, at: end.lowerBound)
    } else {
      text += injection
    }
    return Response(
      status: status, reason: reason,
      headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
      body: .bytes(Data(text.utf8)))
  }

  /// Added in serve mode only, never written to Public/.
  static let reloadScript = """
    <script>(function(){var s=new EventSource("\(eventsPath)");var v=null;\
    s.addEventListener("hello",function(e){if(v!==null&&v!==e.data){location.reload();}v=e.data;});\
    s.addEventListener("reload",function(){location.reload();});})();</script>
    """

  static func contentType(_ path: String) -> String {
    switch (path as NSString).pathExtension.lowercased() {
    case "html": return "text/html; charset=utf-8"
    case "css": return "text/css; charset=utf-8"
    case "js": return "text/javascript; charset=utf-8"
    case "json": return "application/json"
    case "xml": return "application/xml"
    case "svg": return "image/svg+xml"
    case "png": return "image/png"
    case "jpg", "jpeg": return "image/jpeg"
    case "ico": return "image/x-icon"
    case "csv": return "text/csv; charset=utf-8"
    case "txt": return "text/plain; charset=utf-8"
    default: return "application/octet-stream"
    }
  }
}
