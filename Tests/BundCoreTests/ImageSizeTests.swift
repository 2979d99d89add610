import BundCore
import Testing

struct ImageSizeTests {
  static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }

  @Test func png() {
    let bytes =
      [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + Self.be32(1200)
      + Self.be32(630) + [8, 6, 0, 0, 0]
    #expect(ImageSize.read(bytes) == ImageSize(width: 1200, height: 630))
  }

  @Test func gif() {
    #expect(
      ImageSize.read(Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00]) == ImageSize(width: 320, height: 240))
  }

  @Test func jpeg() {
    // SOI, an APP0 segment of 16 bytes, then SOF0: length, precision, height 480, width 640.
    let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array(repeating: 0, count: 14)
    let sof: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]
    #expect(
      ImageSize.read([0xFF, 0xD8] + app0 + sof + Array(repeating: 0, count: 16))
        == ImageSize(width: 640, height: 480))
  }

  @Test func webpExtended() {
    var bytes = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array("VP8X".utf8) + [10, 0, 0, 0]
    bytes += [0, 0, 0, 0]  // flags and reserved
    bytes += [0x1F, 0x03, 0x00, 0x57, 0x02, 0x00]  // width 800 - 1, height 600 - 1, 24-bit little endian
    bytes += Array(repeating: 0, count: 4)
    #expect(ImageSize.read(bytes) == ImageSize(width: 800, height: 600))
  }

  @Test(arguments: [
    (
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80px\">",
      ImageSize(width: 120, height: 80)
    ),
    (
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 32\">",
      ImageSize(width: 64, height: 32)
    ),
  ])
  func svg(text: String, size: ImageSize) {
    #expect(ImageSize.read(Array(text.utf8)) == size)
  }

  @Test func notAnImage() {
    #expect(ImageSize.read(Array("plain text".utf8)) == nil)
    #expect(ImageSize.read([0xFF, 0xD8, 0xFF]) == nil)
  }
}
