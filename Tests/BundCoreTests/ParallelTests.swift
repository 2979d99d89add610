import BundCore
import Testing

/// The one bounded parallel map: every item, results in the items' order, progress for each.
struct ParallelTests {
  @Test(arguments: [0, 1, 7, 100])
  func everyItemInOrderWithProgressForEach(count: Int) async {
    let items = Array(0..<count)
    var done: [Int] = []
    var finished: [Int] = []
    let results = await Parallel.map(
      items, width: 3,
      progress: { count, position in
        done.append(count)
        finished.append(position)
      }
    ) { item in
      // Later items finish sooner, so finishing order differs from the items' order.
      try? await Task.sleep(for: .microseconds((count - item) * 20))
      return item * 2
    }
    #expect(results == items.map { $0 * 2 })
    #expect(done == Array(1...max(1, count)).prefix(count).map { $0 })
    #expect(finished.sorted() == items)
  }
}
