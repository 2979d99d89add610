import BundBuild
import BundCore
import Foundation
import Testing

@testable import BundServe

/// The router answers only paths inside the served site (the output folder's own rule).
struct RouterTests {
  func router() async -> Router {
    let site = ServedSite(basePath: "/invest/")
    await site.update(
      report: BuildReport(), problems: [],
      files: [
        OutputFile(path: "index.html", text: "<html><body>home</body></html>"),
        OutputFile(path: "en/a/index.html", text: "<html><body>a</body></html>"),
        OutputFile(path: "robots.txt", text: "User-agent: *\n"),
      ])
    return Router(site: site)
  }

  @Test(arguments: [
    "/invest/en/a/", "/invest/en/a", "/invest/", "/invest/robots.txt",
  ])
  func pathsInsideTheSiteAreServed(path: String) async {
    let response = await router().respond(method: "GET", to: path)
    #expect([200, 301].contains(response.status), "\(path)")
  }

  @Test(arguments: [
    "/invest/../invest/robots.txt", "/invest/en/../robots.txt", "/invest/./robots.txt",
    "/invest/en//a/", "/invest/en/a/..", "/invest/%2e%2e/robots.txt",
  ])
  func pathsWithDotSegmentsOrEmptyOnesAreNotFound(path: String) async {
    let response = await router().respond(method: "GET", to: path)
    #expect(response.status == 404, "\(path)")
  }
}
