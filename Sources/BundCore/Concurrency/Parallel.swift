import Foundation

/// The one bounded parallel map every stage uses (pages read, Markdown, HTML): a fixed number of
/// tasks at a time, results in the items' order.
public enum Parallel {
  /// Number of cores to spread work over.
  public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// `transform` applied to every item, at most `width` at a time; `progress` hears, after each one
  /// finishes, how many are done and the position of the one that finished (on the caller's task,
  /// in the order they finish).
  public static func map<Item: Sendable, Output: Sendable>(
    _ items: [Item], width: Int = cores, progress: ((_ done: Int, _ finished: Int) -> Void)? = nil,
    _ transform: @escaping @Sendable (Item) async -> Output
  ) async -> [Output] {
    guard !items.isEmpty else { return [] }
    var results: [Output?] = Array(repeating: nil, count: items.count)
    await withTaskGroup(of: (Int, Output).self) { group in
      var next = 0
      func schedule() {
        guard next < items.count else { return }
        let position = next
        let item = items[position]
        next += 1
        group.addTask { (position, await transform(item)) }
      }
      for _ in 0..<max(1, min(width, items.count)) { schedule() }
      var done = 0
      for await (position, output) in group {
        results[position] = output
        done += 1
        progress?(done, position)
        schedule()
      }
    }
    return results.compactMap { $0 }
  }
}
