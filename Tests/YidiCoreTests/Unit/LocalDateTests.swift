import Testing

@testable import YidiCore

@Suite("Dates and times as XSD reads them")
struct LocalDateTests {
    @Test(
        "real dates only",
        arguments: [
            "2025-02-30", "2025-02-29", "2100-02-29", "2025-13-01", "2025-00-10",
            "2025-1-01", "25-01-01", "2025-01-01Z", "2025/01/01"
        ])
    func invalidDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func validDates() {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate(" 2025-01-26\n")?.description == "2025-01-26")
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
        #expect(LocalDate("1970-01-01")!.dayNumber == 0)
        #expect(LocalDate("2025-01-26")!.isoWeekday == 7)  // a Sunday
        #expect(LocalDate("2025-01-28")!.isoWeekday == 2)
    }

    @Test func descriptionsArePaddedAndReadBack() {
        // 0099-… to 6349-…: four-digit years, months and days written with their leading zeros
        for n in stride(from: -683_000, through: 1_600_000, by: 7_919) {
            let date = LocalDate(dayNumber: n)
            let padded = LocalDate.pad(date.year, 4) + "-" + LocalDate.pad(date.month, 2) + "-" + LocalDate.pad(date.day, 2)
            #expect(date.description == padded)
            #expect(LocalDate(date.description) == date)
        }
        #expect(LocalDate(dayNumber: -800_000).description == "-221-09-04")  // no year of ours: written plainly
        for time in ["2026-01-05T00:00:00", "0999-12-31T23:59:59", "2026-11-25T09:05:07"] {
            #expect(LocalDateTime(time)?.description == time)
        }
    }

    @Test func dateTimes() {
        #expect(LocalDateTime("2026-11-25T01:10:00")?.description == "2026-11-25T01:10:00")
        #expect(LocalDateTime("2026-11-25T24:00:00") == nil)
        #expect(LocalDateTime("2026-11-25T01:10:00+08:00") == nil)
        #expect(LocalDateTime("2026-11-25 01:10:00") == nil)
        #expect(LocalDateTime("2026-11-25T01:10:00")! < LocalDateTime("2026-11-25T01:10:01")!)
    }
}
