import BundTestSupport
import Foundation
import Testing

/// Images get their width and height from the file, and loading="lazy" after the first (issue 15).
struct ImageAttributesTests {
  @Test func imagesCarryTheirSize() async throws {
    let site = try TestSite(fixture: "mini")
    let png =
      [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
      + ImageSizeBytes.be32(300) + ImageSizeBytes.be32(200) + [8, 6, 0, 0, 0]
    try Data(png).write(
      to: site.root.appendingPathComponent("Content/static/images/chart one.png").creatingFolder())
    try site.write(
      "Content/static/images/mark.svg",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"></svg>\n")
    try site.write(
      "Content/notes/pictures.en.md",
      "---\ntitle: Pictures\n---\n![A chart](../static/images/chart%20one.png \"Chart\")\n\n![Mark](/images/mark.svg) ![Far](https://example.org/x.png)\n"
    )
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let html = try site.read("Public/en/notes/pictures/index.html")
    #expect(
      html.contains(
        "<img src=\"../../../images/chart%20one.png\" alt=\"A chart\" title=\"Chart\" width=\"300\" height=\"200\" />"
      ))
    #expect(
      html.contains(
        "<img src=\"../../../images/mark.svg\" alt=\"Mark\" width=\"40\" height=\"20\" loading=\"lazy\" />"))
    #expect(html.contains("<img src=\"https://example.org/x.png\" alt=\"Far\" loading=\"lazy\" />"))
  }
}

enum ImageSizeBytes {
  static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
}

extension URL {
  func creatingFolder() throws -> URL {
    try FileManager.default.createDirectory(
      at: deletingLastPathComponent(), withIntermediateDirectories: true)
    return self
  }
}
