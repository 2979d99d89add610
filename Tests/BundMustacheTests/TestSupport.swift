import BundMustache
import Testing

/// Compiles `templates` and renders `name` (default: the only or `page` template) as a string.
func render(
  _ templates: [String: String], _ name: String = "page", frames: [MustacheValue],
  sourceLocation: SourceLocation = #_sourceLocation
) throws -> String {
  let library = try MustacheLibrary(templates: templates)
  return try #require(try library.renderString(name, frames: frames), sourceLocation: sourceLocation)
}

/// Renders a single template over one frame.
func render(
  _ template: String, _ frame: MustacheValue = [:], sourceLocation: SourceLocation = #_sourceLocation
)
  throws -> String
{
  try render(["page": template], frames: [frame], sourceLocation: sourceLocation)
}
