import BundCore
import FlyingFox
import Foundation

/// Answers requests from the site in memory, adding the reload script (and, after a failed build,
/// the error overlay) to every HTML page.
struct Router: Sendable {
  let site: ServedSite

  func events() async -> HTTPResponse {
    let stream = await site.subscribe()
    return HTTPResponse(
      statusCode: .ok,
      headers: [.contentType: "text/event-stream", .init("Cache-Control"): "no-store"],
      body: HTTPBodySequence(from: EventStream(chunks: stream), suggestedBufferSize: 1024))
  }

  func respond(to requestPath: String) async -> HTTPResponse {
    let files = await site.files
    var path = requestPath
    while path.hasPrefix("/") { path.removeFirst() }
    if path.split(separator: "/").contains("..") { return notFound(files: files, extra: await overlay()) }
    if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
    if files[path] == nil, files[path + "/index.html"] != nil {
      return HTTPResponse(statusCode: .movedPermanently, headers: [.location: "/" + path + "/"])
    }
    guard let bytes = files[path] else { return notFound(files: files, extra: await overlay()) }
    if path.hasSuffix(".html") {
      return html(bytes, status: .ok, extra: await overlay())
    }
    return HTTPResponse(
      statusCode: .ok, headers: [.contentType: Self.contentType(path), .init("Cache-Control"): "no-store"],
      body: bytes)
  }

  private func notFound(files: [String: Data], extra: String) -> HTTPResponse {
    html(
      files["404.html"] ?? Data("<!doctype html><title>404</title><p>Not found</p>".utf8), status: .notFound,
      extra: extra)
  }

  private func html(_ bytes: Data, status: HTTPStatusCode, extra: String) -> HTTPResponse {
    var text = String(decoding: bytes, as: UTF8.self)
    let injection = extra + Self.reloadScript
    if let end = text.range(of: "</body>", options: .backwards) {
      text.insert(contentsOf: injection, at: end.lowerBound)
    } else {
      text += injection
    }
    return HTTPResponse(
      statusCode: status,
      headers: [.contentType: "text/html; charset=utf-8", .init("Cache-Control"): "no-store"],
      body: Data(text.utf8))
  }

  /// The diagnostics of a failed build, shown over the last good page.
  private func overlay() async -> String {
    guard await site.failed else { return "" }
    let lines = await site.diagnostics.filter(\.isError).map { TextKit.escapeHTML($0.summary) }
    return """
      <div id="bund-error-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;\
      background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem">\
      <h2 style="color:#ff8a80;margin:0 0 1rem">bund: the build failed; this is the last good version</h2>\
      <pre style="white-space:pre-wrap">\(lines.joined(separator: "\n"))</pre>\
      <p>Fix the file and save: the page reloads by itself.</p></div>
      """
  }

  /// Added in serve mode only, never written to Public/.
  static let reloadScript = """
    <script>(function(){var s=new EventSource("/__bund/events");var v=null;\
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
