import BundMarkdown

/// Bund's version, printed by `bund --version` with the libcmark it renders Markdown with.
public enum BundVersion {
  /// Raised with every release of the generator.
  public static let number = "0.5.0"

  public static var description: String { "bund \(number) (libcmark \(MarkdownRenderer.libcmarkVersion))" }
}
