import BundMustache
import Foundation
import Testing

/// Runs every case of the mustache/spec modules vendored in `Spec/`.
@Suite struct SpecTests {
  /// The spec modules BundMustache implements, with their number of cases, so that a file that
  /// fails to load cannot pass by running nothing.
  static let modules: [(name: String, cases: Int)] = [
    ("interpolation", 42), ("sections", 34), ("inverted", 22), ("comments", 12), ("partials", 12),
    ("delimiters", 14), ("~inheritance", 27),
  ]

  @Test(arguments: modules)
  func specModule(_ module: (name: String, cases: Int)) throws {
    let cases = try Self.loadCases(module.name)
    #expect(cases.count == module.cases, "\(module.name).json should hold \(module.cases) cases")
    var passed = 0
    for specCase in cases {
      let actual: String
      do {
        var templates = specCase.partials
        templates[Self.templateName] = specCase.template
        let library = try MustacheLibrary(templates: templates, missingTemplates: .renderNothing)
        actual = try #require(try library.renderString(Self.templateName, frames: [specCase.data]))
      } catch {
        Issue.record("\(module.name) › \(specCase.name): threw \(error)")
        continue
      }
      if actual == specCase.expected {
        passed += 1
      } else {
        Issue.record(
          """
          \(module.name) › \(specCase.name) (\(specCase.description))
            template: \(specCase.template.debugDescription)
            expected: \(specCase.expected.debugDescription)
            actual:   \(actual.debugDescription)
          """)
      }
    }
    print("mustache spec \(module.name): \(passed)/\(cases.count) passed")
  }

  static let templateName = "spec template"

  struct SpecCase {
    var name: String
    var description: String
    var data: MustacheValue
    var template: String
    var partials: [String: String]
    var expected: String
  }

  static func loadCases(_ module: String) throws -> [SpecCase] {
    let url = try #require(
      Bundle.module.url(forResource: module, withExtension: "json", subdirectory: "Spec"))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let tests = try #require(root["tests"] as? [[String: Any]])
    return try tests.map { test in
      SpecCase(
        name: try #require(test["name"] as? String),
        description: test["desc"] as? String ?? "",
        data: mustacheValue(fromJSON: test["data"] ?? NSNull()),
        template: try #require(test["template"] as? String),
        partials: test["partials"] as? [String: String] ?? [:],
        expected: try #require(test["expected"] as? String))
    }
  }

  /// Converts what `JSONSerialization` returns; a JSON boolean is an `NSNumber` of type `c`.
  static func mustacheValue(fromJSON json: Any) -> MustacheValue {
    switch json {
    case let string as String:
      return .string(string)
    case let number as NSNumber:
      switch String(cString: number.objCType) {
      case "c": return .bool(number.boolValue)
      case "d", "f": return .double(number.doubleValue)
      default: return .int(number.intValue)
      }
    case let array as [Any]:
      return .list(array.map(mustacheValue(fromJSON:)))
    case let object as [String: Any]:
      return .object(object.mapValues(mustacheValue(fromJSON:)))
    default:
      return .null
    }
  }
}
