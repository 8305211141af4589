#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A local time of China (UTC+8), `YYYY-MM-DDThh:mm:ss`, without a zone suffix.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    /// Seconds since midnight.
    let secondOfDay: Int

    /// Creates a date and time; `nil` if the time of day is out of range.
    public init?(date: LocalDate, hour: Int, minute: Int, second: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        secondOfDay = hour * 3600 + minute * 60 + second
    }

    /// Seconds since 1970-01-01T00:00:00 (local), a compact form for comparing.
    var ordinal: Int64 { Int64(date.dayNumber) * 86_400 + Int64(secondOfDay) }

    /// The time `ordinal` seconds after 1970-01-01T00:00:00 (local).
    init(ordinal: Int64) {
        let days = ordinal >= 0 ? ordinal / 86_400 : (ordinal - 86_399) / 86_400
        self.init(date: LocalDate(dayNumber: Int(days)), secondOfDay: Int(ordinal - days * 86_400))
    }

    /// The same time of day on another date.
    init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    /// Parses `YYYY-MM-DDThh:mm:ss`, ignoring surrounding XML whitespace.
    public init?(_ text: String) {
        var copy = text
        guard let d = copy.withUTF8({ LocalDateTime(bytes: $0) }) else { return nil }
        self = d
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        var s = 0, e = bytes.count
        while s < e, ScaledDecimal.isXMLSpace(bytes[s]) { s += 1 }
        while e > s, ScaledDecimal.isXMLSpace(bytes[e - 1]) { e -= 1 }
        guard e - s == 19, bytes[s + 10] == UInt8(ascii: "T"), bytes[s + 13] == UInt8(ascii: ":"),
            bytes[s + 16] == UInt8(ascii: ":"),
            let date = LocalDate(bytes: UnsafeBufferPointer(rebasing: bytes[s..<(s + 10)])),
            let h = LocalDate.number(bytes, s + 11, 2), let m = LocalDate.number(bytes, s + 14, 2),
            let sec = LocalDate.number(bytes, s + 17, 2)
        else { return nil }
        self.init(date: date, hour: h, minute: m, second: sec)
    }

    /// `YYYY-MM-DDThh:mm:ss`.
    public var description: String {
        let h = secondOfDay / 3600, m = secondOfDay / 60 % 60, s = secondOfDay % 60
        guard (0...9999).contains(date.year), (0..<24).contains(h) else {
            return "\(date)T" + LocalDate.pad(h, 2) + ":" + LocalDate.pad(m, 2) + ":" + LocalDate.pad(s, 2)
        }
        return String(unsafeUninitializedCapacity: 19) { text in
            date.write(into: text)
            text[10] = UInt8(ascii: "T")
            LocalDate.write(h, width: 2, into: text, at: 11)
            text[13] = UInt8(ascii: ":")
            LocalDate.write(m, width: 2, into: text, at: 14)
            text[16] = UInt8(ascii: ":")
            LocalDate.write(s, width: 2, into: text, at: 17)
            return 19
        }
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.date, a.secondOfDay) < (b.date, b.secondOfDay)
    }

    /// The current time in China (UTC+8), whatever the machine's zone.
    public static func nowInChina() -> LocalDateTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let seconds = Int(ts.tv_sec) + 8 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = LocalDate(dayNumber: days)
        let rest = seconds - days * 86_400
        return LocalDateTime(date: date, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)!
    }
}
