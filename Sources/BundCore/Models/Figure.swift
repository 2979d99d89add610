/// One figure from `Content/data/figures.yaml`: a single value with its unit, qualifier and source.
public struct Figure: Sendable, Hashable {
  public enum Unit: String, Sendable, Hashable, CaseIterable {
    case rmbBillion = "rmb_billion"
    case rmbTrillion = "rmb_trillion"
    case percent
    case count
  }

  public enum Qualifier: String, Sendable, Hashable, CaseIterable {
    /// A precise value (a target count, a rate to one decimal).
    case exactly
    /// A plain number as the source states it, which the source may itself have rounded.
    case asStated = "as_stated"
    case about
    case moreThan = "more_than"
  }

  public var key: String
  public var group: String
  /// The value as written in the data file (`170`, `11.1`), so no digit is lost or invented.
  public var value: String
  public var unit: Unit
  public var qualifier: Qualifier
  /// The Chinese measure word for counts (`个`, `项`).
  public var counterZh: String
  public var period: LocalizedText
  public var label: LocalizedText
  public var note: LocalizedText?
  public var source: String
  public var location: SourceLocation

  public init(
    key: String, group: String, value: String, unit: Unit, qualifier: Qualifier, counterZh: String = "个",
    period: LocalizedText, label: LocalizedText, note: LocalizedText? = nil, source: String,
    location: SourceLocation
  ) {
    self.key = key
    self.group = group
    self.value = value
    self.unit = unit
    self.qualifier = qualifier
    self.counterZh = counterZh
    self.period = period
    self.label = label
    self.note = note
    self.source = source
    self.location = location
  }
}

/// Where figures come from: one entry of `Content/data/sources.yaml`.
public struct FigureSource: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var publisher: LocalizedText
  public var url: String
  public var date: SimpleDate?
  public var location: SourceLocation

  public init(
    id: String, title: LocalizedText, publisher: LocalizedText, url: String, date: SimpleDate?,
    location: SourceLocation
  ) {
    self.id = id
    self.title = title
    self.publisher = publisher
    self.url = url
    self.date = date
    self.location = location
  }
}
