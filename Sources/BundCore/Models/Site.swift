/// Everything loaded from `Content/` and `Templates/`: the input of validation and rendering.
public struct Site: Sendable {
  public var config: SiteConfig
  public var configPath: String
  public var pages: [Page]
  /// Free-form tables by name (`glossary` for `data/glossary.yaml`).
  public var data: [String: DataValue]
  public var figures: [Figure]
  public var sources: [FigureSource]
  /// Tag id → name per language.
  public var tagNames: [String: LocalizedText]
  public var templates: [SourceFile]
  /// UI strings per language code, with the location of each key.
  public var strings: [String: UIStrings]
  public var assets: [SourceFile]
  public var staticFiles: [SourceFile]
  /// Pages that failed to load, as `key.language`: links to them are not reported a second time.
  public var unloadedPages: Set<String> = []
  /// Keys of figures written in figures.yaml that failed to load (`*`: the file itself could not
  /// be read): their `{{fig}}` uses are not reported again, the error at the definition is the one.
  public var unloadedFigures: Set<String> = []
  /// Pages left out because their `publish_at` or `date` is still to come, as `key.language`, with
  /// that date and their file: links to them say so, and the build and `bund status` list them.
  public var scheduledPages: [String: (date: SimpleDate, file: String)] = [:]
  /// Data tables whose file failed to load: templates naming them are not reported again.
  public var unloadedData: Set<String> = []
  /// Data files not read yet (their bytes are empty, `diskPath` says where they are): tables no page
  /// shows, which are read only if a template names them (`SiteLoader.readTables(namedByTemplates:into:)`).
  public var unreadTables: [SourceFile] = []

  public init(
    config: SiteConfig, configPath: String, pages: [Page], data: [String: DataValue] = [:],
    figures: [Figure] = [], sources: [FigureSource] = [], tagNames: [String: LocalizedText] = [:],
    templates: [SourceFile] = [], strings: [String: UIStrings] = [:], assets: [SourceFile] = [],
    staticFiles: [SourceFile] = []
  ) {
    self.config = config
    self.configPath = configPath
    self.pages = pages
    self.data = data
    self.figures = figures
    self.sources = sources
    self.tagNames = tagNames
    self.templates = templates
    self.strings = strings
    self.assets = assets
    self.staticFiles = staticFiles
  }
}

/// The UI strings of one language, from `Templates/i18n/<code>.yaml`.
public struct UIStrings: Sendable, Hashable {
  public var path: String
  public var values: [String: String]
  public var locations: [String: SourceLocation]

  public init(path: String, values: [String: String], locations: [String: SourceLocation] = [:]) {
    self.path = path
    self.values = values
    self.locations = locations
  }
}
