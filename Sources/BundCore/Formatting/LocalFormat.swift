/// Formats numbers, figures and dates in a language's own style, in one place for the whole site.
public enum LocalFormat {
  static let englishMonths = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
  ]

  /// `29 January 2023` / `2023年1月29日`; a month alone: `April 2023` / `2023年4月`.
  public static func date(_ date: SimpleDate, in rules: TextRules) -> String {
    if rules.chineseFormats {
      return date.day == 0 ? "\(date.year)年\(date.month)月" : "\(date.year)年\(date.month)月\(date.day)日"
    }
    let month = englishMonths[date.month - 1]
    return date.day == 0 ? "\(month) \(date.year)" : "\(date.day) \(month) \(date.year)"
  }

  /// The time of day of a date, in the language's style: `3:45 PM` / `15:45`; "" without a time.
  public static func time(_ date: SimpleDate, in rules: TextRules) -> String {
    guard let time = date.time else { return "" }
    let minute = time.minute < 10 ? "0\(time.minute)" : "\(time.minute)"
    if rules.chineseFormats { return "\(time.hour):\(minute)" }
    let hour = time.hour % 12 == 0 ? 12 : time.hour % 12
    return "\(hour):\(minute) \(time.hour < 12 ? "AM" : "PM")"
  }

  /// A figure as text: `more than RMB 170 billion` / `超1700亿元`.
  public static func figure(_ figure: Figure, in rules: TextRules) -> String {
    rules.chineseFormats ? chineseFigure(figure) : englishFigure(figure)
  }

  static func englishFigure(_ figure: Figure) -> String {
    let number = groupThousands(figure.value)
    let amount: String
    switch figure.unit {
    case .rmbBillion: amount = "RMB \(number) billion"
    case .rmbTrillion: amount = "RMB \(number) trillion"
    case .percent: amount = "\(number)%"
    case .count: amount = number
    }
    switch figure.qualifier {
    case .exactly, .asStated: return amount
    case .about: return "about \(amount)"
    case .moreThan: return "more than \(amount)"
    }
  }

  static func chineseFigure(_ figure: Figure) -> String {
    switch figure.unit {
    case .percent:
      let amount = "\(figure.value)%"
      switch figure.qualifier {
      case .exactly, .asStated: return amount
      case .about: return "\(amount)左右"
      case .moreThan: return "超\(amount)"
      }
    case .count:
      switch figure.qualifier {
      case .exactly, .asStated: return "\(figure.value)\(figure.counterZh)"
      case .about: return "约\(figure.value)\(figure.counterZh)"
      case .moreThan: return "\(figure.value)余\(figure.counterZh)"
      }
    case .rmbBillion, .rmbTrillion:
      let amount = chineseYuan(figure.value, unit: figure.unit)
      switch figure.qualifier {
      case .exactly, .asStated: return amount
      case .about: return "约\(amount)"
      case .moreThan: return "超\(amount)"
      }
    }
  }

  /// RMB amounts in 亿元 or 万亿元: 170 billion → `1700亿元`, 4 trillion → `4万亿元`.
  public static func chineseYuan(_ value: String, unit: Figure.Unit) -> String {
    // 1 billion = 10 亿; 1 trillion = 1 万亿 = 10000 亿.
    let yi = DecimalText(value).shifted(by: unit == .rmbTrillion ? 4 : 1)
    if yi.integerDigits >= 5 {
      return "\(yi.shifted(by: -4).text)万亿元"
    }
    return "\(yi.text)亿元"
  }

  /// `1500` → `1,500`; decimals kept as written.
  public static func groupThousands(_ value: String) -> String {
    var integer = Substring(value)
    var rest = Substring("")
    if let dot = value.firstIndex(of: ".") {
      integer = value[..<dot]
      rest = value[dot...]
    }
    var sign = ""
    if integer.first == "-" || integer.first == "+" {
      sign = String(integer.removeFirst())
    }
    guard integer.count > 3 else {
      return value
    }
    var grouped = ""
    for (index, digit) in integer.reversed().enumerated() {
      if index > 0 && index % 3 == 0 { grouped.append(",") }
      grouped.append(digit)
    }
    return sign + String(grouped.reversed()) + rest
  }
}

/// A non-negative decimal number kept as digits, so scaling by powers of ten never loses precision.
struct DecimalText {
  var digits: [Character]
  /// Number of digits after the decimal point.
  var scale: Int

  init(_ text: String) {
    let parts = text.split(separator: ".", maxSplits: 1)
    let whole = parts.first.map(String.init) ?? "0"
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    digits = Array(whole + fraction)
    scale = fraction.count
  }

  /// Multiplies by 10^power (negative divides).
  func shifted(by power: Int) -> DecimalText {
    var copy = self
    copy.scale -= power
    if copy.scale < 0 {
      copy.digits += Array(repeating: "0", count: -copy.scale)
      copy.scale = 0
    }
    while copy.digits.count <= copy.scale { copy.digits.insert("0", at: 0) }
    return copy.normalised()
  }

  func normalised() -> DecimalText {
    var copy = self
    while copy.scale > 0, copy.digits.last == "0" {
      copy.digits.removeLast()
      copy.scale -= 1
    }
    while copy.digits.count > copy.scale + 1, copy.digits.first == "0" { copy.digits.removeFirst() }
    return copy
  }

  var integerDigits: Int { digits.count - scale }

  var text: String {
    if scale == 0 { return String(digits) }
    let split = digits.count - scale
    return String(digits[..<split]) + "." + String(digits[split...])
  }
}
