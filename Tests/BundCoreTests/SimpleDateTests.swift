import Testing

@testable import BundCore

struct SimpleDateTests {
  @Test(arguments: [
    ("2023-01-29", "2023-01-29", "2023-01-29T00:00:00Z"),
    ("2023-04", "2023-04", "2023-04-01T00:00:00Z"),
    ("2023-01-29T15:45", "2023-01-29T15:45:00", "2023-01-29T15:45:00Z"),
    ("2023-01-29 15:45:00", "2023-01-29T15:45:00", "2023-01-29T15:45:00Z"),
    ("2023-01-29T15:45:00+08:00", "2023-01-29T15:45:00+08:00", "2023-01-29T15:45:00+08:00"),
    ("2023-01-29T07:45:00Z", "2023-01-29T07:45:00Z", "2023-01-29T07:45:00Z"),
    ("2021-02-24t11:14:00.250+0800", "2021-02-24T11:14:00+08:00", "2021-02-24T11:14:00+08:00"),
    ("2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43-05:00", "2001-12-14T21:59:43-05:00"),
  ])
  func acceptedForms(text: String, datetime: String, rfc3339: String) throws {
    let date = try #require(SimpleDate(text))
    #expect(date.datetime == datetime)
    #expect(date.rfc3339 == rfc3339)
  }

  @Test(arguments: [
    "2023-02-30", "2023-13-01", "29/01/2023", "2023-01-29T25:00", "2023-01-29T15:45+25:00", "2023-01-29T15",
    "2023-01-29 at noon", "2023-01-29T15:45:00+08:00 extra", "2023-1-29",
  ])
  func malformedValuesAreRefused(text: String) {
    #expect(SimpleDate(text) == nil)
  }

  @Test func datesSortByTheInstantTheyName() throws {
    let shanghaiMorning = try #require(SimpleDate("2023-01-29T01:00:00+08:00"))  // 28 Jan, 17:00 UTC
    let utcEvening = try #require(SimpleDate("2023-01-28T20:00:00Z"))
    #expect(shanghaiMorning < utcEvening)
    let month = try #require(SimpleDate("2023-01"))
    let firstDay = try #require(SimpleDate("2023-01-01"))
    #expect(month < firstDay)
    #expect(try #require(SimpleDate("2022-12-31")) < month)
  }

  @Test func timesInEachLanguagesStyle() throws {
    let date = try #require(SimpleDate("2023-01-29T15:45:00+08:00"))
    #expect(LocalFormat.time(date, in: .english) == "3:45 PM")
    #expect(LocalFormat.time(date, in: .chinese) == "15:45")
    #expect(LocalFormat.time(try #require(SimpleDate("2023-01-29T00:05")), in: .english) == "12:05 AM")
    #expect(LocalFormat.time(try #require(SimpleDate("2023-01-29")), in: .english) == "")
  }
}
