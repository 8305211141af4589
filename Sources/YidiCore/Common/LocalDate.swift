/// A calendar date (`YYYY-MM-DD`), as XSD's `xs:date` reads it, without a zone.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date; `nil` unless it exists in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, ignoring surrounding XML whitespace.
    public init?(_ text: String) {
        var copy = text
        guard let d = copy.withUTF8({ LocalDate(bytes: $0) }) else { return nil }
        self = d
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        var s = 0, e = bytes.count
        while s < e, ScaledDecimal.isXMLSpace(bytes[s]) { s += 1 }
        while e > s, ScaledDecimal.isXMLSpace(bytes[e - 1]) { e -= 1 }
        guard e - s == 10, bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-"),
            let y = LocalDate.number(bytes, s, 4), let m = LocalDate.number(bytes, s + 5, 2),
            let d = LocalDate.number(bytes, s + 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard (0...9999).contains(year) else {
            return LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) + "-" + LocalDate.pad(day, 2)
        }
        // written as ASCII digits into the string's own storage: every record's dates go
        // through here on the thread that records the drops (perf: 1 % of it with the padding)
        return String(unsafeUninitializedCapacity: 10) { text in
            write(into: text)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` into the first 10 bytes of `text` (a year of at most four digits).
    func write(into text: UnsafeMutableBufferPointer<UInt8>) {
        Self.write(year, width: 4, into: text, at: 0)
        text[4] = UInt8(ascii: "-")
        Self.write(month, width: 2, into: text, at: 5)
        text[7] = UInt8(ascii: "-")
        Self.write(day, width: 2, into: text, at: 8)
    }

    /// Writes `value` (0 ≤ value < 10^width) as `width` ASCII digits at `offset`.
    static func write(_ value: Int, width: Int, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for i in stride(from: offset + width - 1, through: offset, by: -1) {
            text[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// Days since 1970-01-01 (negative before), for date arithmetic.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Monday is 1 … Sunday is 7.
    var isoWeekday: Int {
        let n = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (4)
        return (n < 0 ? n + 7 : n) + 1
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
