/// A record's category totals and fee lines as the ledger keeps them: one `record_detail` row
/// per settlement or claim rather than a row per line (a busy night has millions of lines, and
/// only the province files read them back).
///
/// Plain text a person can read with `sqlite3`: fields separated by the ASCII unit separator
/// (0x1F), entries by the record separator (0x1E), amounts in fen. No field can hold either
/// byte: codes, decimals and times are checked against their patterns before they get here.
enum RecordDetail {
    static let fieldSeparator: UInt8 = 0x1F
    static let entrySeparator: UInt8 = 0x1E

    /// `med_chrgitm_type` and amount of each category total.
    static func encode(categories: [(category: ExpenseCategory, amount: Amount)], into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        for (i, c) in categories.enumerated() {
            if i > 0 { bytes.append(entrySeparator) }
            bytes.append(contentsOf: c.category.rawValue.utf8)
            bytes.append(fieldSeparator)
            appendFen(c.amount, to: &bytes)
        }
    }

    /// The classified lines in document order, thirteen fields each (those of `fee` in a
    /// province file).
    static func encode(lines: [FeeLine], classified: [ClassifiedLine?], into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        var first = true
        for (i, line) in lines.enumerated() {
            guard i < classified.count, let c = classified[i] else { continue }
            if !first { bytes.append(entrySeparator) }
            first = false
            append(line.serialNumber, to: &bytes)
            bytes.append(fieldSeparator)
            appendTime(line.occurredAt, to: &bytes)
            bytes.append(fieldSeparator)
            append(line.hospitalItemCode, to: &bytes)
            bytes.append(fieldSeparator)
            append(c.nationalCode, to: &bytes)
            bytes.append(fieldSeparator)
            append(c.category.rawValue, to: &bytes)
            bytes.append(fieldSeparator)
            append(c.itemClass.rawValue, to: &bytes)
            bytes.append(fieldSeparator)
            append(line.quantityText, to: &bytes)
            bytes.append(fieldSeparator)
            append(line.unitPriceText, to: &bytes)
            bytes.append(fieldSeparator)
            appendFen(line.amount, to: &bytes)
            bytes.append(fieldSeparator)
            appendFen(c.parts.fullySelfPaid, to: &bytes)
            bytes.append(fieldSeparator)
            appendFen(c.parts.overCap, to: &bytes)
            bytes.append(fieldSeparator)
            appendFen(c.parts.firstSelfPaid, to: &bytes)
            bytes.append(fieldSeparator)
            appendFen(c.parts.inScope, to: &bytes)
        }
    }

    /// The category totals of `text`; a malformed entry is a broken ledger (70), never a zero.
    static func categories(_ text: String) throws(YidiError) -> [(category: String, amount: Amount)] {
        var result: [(category: String, amount: Amount)] = []
        for f in entries(text) {
            guard f.count == 2, let fen = Int64(f[1]) else { throw malformed("a category total", f) }
            result.append((f[0], Amount(fen: Int128(fen))))
        }
        return result
    }

    /// The fee lines of `text`; a malformed entry is a broken ledger (70), never a guess.
    static func lines(_ text: String) throws(YidiError) -> [FeeLineEntry] {
        var result: [FeeLineEntry] = []
        for f in entries(text) {
            guard f.count == 13, let occurred = LocalDateTime(f[1]) else { throw malformed("a fee line", f) }
            var amounts: [Amount] = []
            for i in 8...12 {
                guard let fen = Int64(f[i]) else { throw malformed("a fee line", f) }
                amounts.append(Amount(fen: Int128(fen)))
            }
            var parts = ScopeParts()
            parts.fullySelfPaid = amounts[1]
            parts.overCap = amounts[2]
            parts.firstSelfPaid = amounts[3]
            parts.inScope = amounts[4]
            result.append(
                FeeLineEntry(
                    serialNumber: f[0], occurredAt: occurred, hospitalItemCode: f[2], nationalCode: f[3],
                    category: f[4], itemClass: f[5], quantityText: f[6], unitPriceText: f[7],
                    amount: amounts[0], parts: parts))
        }
        return result
    }

    private static func malformed(_ what: String, _ fields: [String]) -> YidiError {
        YidiError(.internalError, "the ledger holds \(what) that does not read back (\(fields.count) fields): record_detail is broken")
    }

    private static func entries(_ text: String) -> [[String]] {
        guard !text.isEmpty else { return [] }
        return text.utf8.split(separator: entrySeparator, omittingEmptySubsequences: false).map { entry in
            entry.split(separator: fieldSeparator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static func appendFen(_ amount: Amount, to bytes: inout [UInt8]) {
        let fen = Int64(clamping: amount.fen)
        if fen < 0 { bytes.append(0x2D) }
        var rest = fen.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = 0
            repeat {
                digits[19 - n] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                n += 1
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - n)...]))
        }
    }

    /// `YYYY-MM-DDThh:mm:ss`, as ``LocalDateTime/description`` writes it.
    private static func appendTime(_ t: LocalDateTime, to bytes: inout [UInt8]) {
        func two(_ v: Int) {
            bytes.append(0x30 + UInt8(v / 10 % 10))
            bytes.append(0x30 + UInt8(v % 10))
        }
        let d = t.date, s = t.secondOfDay
        two(d.year / 100)
        two(d.year % 100)
        bytes.append(0x2D)
        two(d.month)
        bytes.append(0x2D)
        two(d.day)
        bytes.append(0x54)
        two(s / 3600)
        bytes.append(0x3A)
        two(s / 60 % 60)
        bytes.append(0x3A)
        two(s % 60)
    }
}
