import Foundation

/// The pixel size of an image from the first bytes of its file: PNG, GIF, JPEG, WebP and SVG
/// (its width and height, else its viewBox). Pages give `<img>` a width and height from it, so the
/// text does not jump while images load.
public struct ImageSize: Sendable, Hashable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// How many bytes of a file `read` needs to find the size of most images.
  public static let headerLength = 65_536

  /// File names whose size is looked for.
  public static func isImage(_ name: String) -> Bool {
    let lower = name.lowercased()
    return [".png", ".gif", ".jpg", ".jpeg", ".webp", ".svg"].contains { lower.hasSuffix($0) }
  }

  /// The size from the file's first bytes, or nil when they do not say it.
  public static func read(_ bytes: [UInt8]) -> ImageSize? {
    func be16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
    func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func be32(_ at: Int) -> Int { be16(at) << 16 | be16(at + 2) }
    func le24(_ at: Int) -> Int { le16(at) | Int(bytes[at + 2]) << 16 }
    func valid(_ width: Int, _ height: Int) -> ImageSize? {
      width > 0 && height > 0 ? ImageSize(width: width, height: height) : nil
    }
    let count = bytes.count
    // PNG: the signature, then the IHDR chunk's width and height.
    if count >= 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
      return valid(be32(16), be32(20))
    }
    // GIF87a / GIF89a.
    if count >= 10, bytes[0..<4].elementsEqual(Array("GIF8".utf8)) { return valid(le16(6), le16(8)) }
    // JPEG: walk the segments to the first start-of-frame.
    if count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
      var at = 2
      while at + 9 < count {
        guard bytes[at] == 0xFF else { return nil }
        let marker = bytes[at + 1]
        if marker == 0xFF {
          at += 1
          continue
        }
        let length = be16(at + 2)
        let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
        if isFrame { return valid(be16(at + 7), be16(at + 5)) }
        at += 2 + length
      }
      return nil
    }
    // WebP: RIFF, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
    if count >= 30, bytes[0..<4].elementsEqual(Array("RIFF".utf8)),
      bytes[8..<12].elementsEqual(Array("WEBP".utf8))
    {
      let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
      switch chunk {
      case "VP8 ": return valid(le16(26) & 0x3FFF, le16(28) & 0x3FFF)
      case "VP8L":
        let bits = Int(bytes[21]) | Int(bytes[22]) << 8 | Int(bytes[23]) << 16 | Int(bytes[24]) << 24
        return valid((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
      case "VP8X": return valid(le24(24) + 1, le24(27) + 1)
      default: return nil
      }
    }
    return svgSize(String(decoding: bytes.prefix(8192), as: UTF8.self))
  }

  /// An SVG's `width` and `height` in pixels (plain numbers or px), else its viewBox.
  static func svgSize(_ text: String) -> ImageSize? {
    guard let open = text.range(of: "<svg") else { return nil }
    guard let close = text[open.upperBound...].firstIndex(of: ">") else { return nil }
    let tag = String(text[open.upperBound..<close])
    func attribute(_ name: String) -> String? {
      for quote in ["\"", "'"] {
        guard let start = tag.range(of: " \(name)=\(quote)") ?? tag.range(of: "\n\(name)=\(quote)") else {
          continue
        }
        let rest = tag[start.upperBound...]
        if let end = rest.firstIndex(of: Character(quote)) { return String(rest[..<end]) }
      }
      return nil
    }
    func whole(_ number: Double) -> Int? {
      // Infinite, NaN or absurd sizes (`1e999`) are no size: never a trap converting them.
      guard number.isFinite, number > 0, number < 1_000_000 else { return nil }
      return Int(number.rounded())
    }
    func pixels(_ value: String?) -> Int? {
      guard var value = value?.trimmingCharacters(in: .whitespaces) else { return nil }
      if value.hasSuffix("px") { value.removeLast(2) }
      return Double(value).flatMap(whole)
    }
    if let width = pixels(attribute("width")), let height = pixels(attribute("height")), width > 0, height > 0
    {
      return ImageSize(width: width, height: height)
    }
    let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap {
      Double($0)
    }
    guard box.count == 4, let width = whole(box[2]), let height = whole(box[3]) else { return nil }
    return ImageSize(width: width, height: height)
  }
}
