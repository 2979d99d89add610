/// Resolving partial and parent names once all templates are compiled.
extension Program {
  /// Points every partial and parent tag at its template, or fails on the first missing one.
  mutating func link(missingTemplates: MustacheLibrary.MissingTemplates) throws(MustacheError) {
    for index in partialSites.indices {
      let site = partialSites[index]
      if let template = templateIndex[site.name] {
        partialSites[index].template = template
      } else if missingTemplates == .fail {
        throw missingTemplateError(site)
      }
    }
    for index in templates.indices {
      templates[index].capacityHint = textReachable(from: index)
    }
  }

  private func missingTemplateError(_ site: PartialSite) -> MustacheError {
    let kind = site.isParent ? "parent" : "partial"
    let names = templateIndex.keys.sorted()
    var message = "\(kind) '\(site.name)' is not a template"
    if let suggestion = names.min(by: { editDistance($0, site.name) < editDistance($1, site.name) }),
      editDistance(suggestion, site.name) <= max(2, site.name.count / 3)
    {
      message += " (did you mean '\(suggestion)'?)"
    }
    message += "; templates: " + names.joined(separator: ", ")
    return MustacheError(
      templateName: site.templateName, line: site.line, column: site.column, message: message)
  }

  /// The bytes of literal text in a template and every template it can include.
  private func textReachable(from start: Int) -> Int {
    var seen: Set<Int> = [start]
    var pending = [start]
    var total = 0
    while let template = pending.popLast() {
      for node in nodes[templates[template].nodes] {
        switch node {
        case .text(let slice):
          total += slice.count
        case .partial(let site), .parent(let site, _):
          if let included = partialSites[site].template, seen.insert(included).inserted {
            pending.append(included)
          }
        default:
          break
        }
      }
    }
    return total
  }
}

/// The Levenshtein distance between two names, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.utf8)
  let b = Array(b.utf8)
  guard !a.isEmpty else { return b.count }
  guard !b.isEmpty else { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
