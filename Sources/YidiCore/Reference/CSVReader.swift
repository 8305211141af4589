#if canImport(Glibc)
    import Glibc
#endif

/// Reads RFC 4180 CSV (comma, optional double quotes, `""` inside quotes, LF or CRLF, UTF-8,
/// a leading byte order mark ignored) row by row, streaming from a file.
struct CSVReader {
    /// One data row with the line it starts on (the header is line 1).
    struct Row {
        let line: Int
        let fields: [String]
    }

    let path: String

    /// Calls `body` with the header row, then with each data row.
    ///
    /// - Throws: ``YidiError`` with kind `config` for a missing file or broken quoting, or what `body` throws.
    func read(header: ([String]) throws(YidiError) -> Void, row body: (Row) throws(YidiError) -> Void) throws(YidiError) {
        let fd: Int32
        switch FileType.openRegular(path, followLinks: true) {
        case .success(let opened): fd = opened
        case .failure(let failure): throw YidiError(.config, "\(path): cannot be read: \(failure.message)")
        }
        defer { close(fd) }
        var scanner = Scanner(path: path)
        var first = true, sawAny = false

        func deliver(_ row: Row) throws(YidiError) {
            if row.fields.count == 1 && row.fields[0].isEmpty { return }  // blank line
            if first {
                first = false
                try header(row.fields)
            } else {
                try body(row)
            }
        }

        try Paths.forEachChunk(of: fd, path: path, size: 64 * 1024, failure: .config) { (buffer) throws(YidiError) in
            var start = 0
            if !sawAny, buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            sawAny = true
            for i in start..<buffer.count {
                if let row = try scanner.take(buffer[i]) { try deliver(row) }
            }
        }
        if let row = try scanner.finish() { try deliver(row) }
        if first { throw YidiError(.config, zh: "\(path): 文件为空，缺少表头行", en: "\(path): empty file, the header row is missing") }
    }

    /// The quoting state machine, a byte at a time.
    private struct Scanner {
        let path: String
        var field: [UInt8] = []
        var fields: [String] = []
        var inQuotes = false, quoteSeen = false, atFieldStart = true
        var line = 1, rowLine = 1
        var pendingCR = false

        init(path: String) { self.path = path }

        /// Takes one byte; returns the row it ends, if it ends one.
        mutating func take(_ b: UInt8) throws(YidiError) -> Row? {
            if pendingCR {
                pendingCR = false
                if b == 0x0A { return nil }
            }
            if inQuotes {
                if b == 0x22 {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                return nil
            }
            switch b {
            case 0x22:
                if quoteSeen {
                    field.append(0x22)
                    inQuotes = true
                    quoteSeen = false
                }  // "" inside quotes
                else if atFieldStart {
                    inQuotes = true
                } else {
                    throw YidiError(.config, zh: "\(path):\(line): 未加引号的字段中出现引号", en: "\(path):\(line): a quote inside an unquoted field")
                }
                atFieldStart = false
            case 0x2C:
                endField()
                atFieldStart = true
                quoteSeen = false
            case 0x0D, 0x0A:
                let row = endRow()
                if b == 0x0D { pendingCR = true }
                line += 1
                rowLine = line
                atFieldStart = true
                quoteSeen = false
                return row
            default:
                if quoteSeen {
                    throw YidiError(.config, zh: "\(path):\(line): 右引号之后还有文字", en: "\(path):\(line): text after a closing quote")
                }
                field.append(b)
                atFieldStart = false
            }
            return nil
        }

        /// The last row, if the file does not end with a line break.
        mutating func finish() throws(YidiError) -> Row? {
            if inQuotes {
                throw YidiError(.config, zh: "\(path):\(rowLine): 加引号的字段没有结束", en: "\(path):\(rowLine): a quoted field is never closed")
            }
            return !field.isEmpty || !fields.isEmpty || quoteSeen ? endRow() : nil
        }

        private mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        private mutating func endRow() -> Row {
            endField()
            defer { fields.removeAll(keepingCapacity: true) }
            return Row(line: rowLine, fields: fields)
        }
    }
}
