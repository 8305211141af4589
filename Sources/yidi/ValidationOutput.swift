import YidiCore

/// How `validate` prints its findings (outputs.md, "validate output").
enum ValidationOutput {
    /// One error of one file, for `--json`.
    struct Record {
        var file: String
        var error: DropError
    }

    /// `FILE:LINE: CODE message` per error, then the file's summary line.
    static func printText(_ result: DropCheckResult, file: String, language: Language) {
        for error in result.errors {
            print("\(file.oneLine):\(error.line ?? 0): \(error.code) \(message(error, language).oneLine)")
        }
        let kind = result.parse.kind?.rawValue ?? "unknown kind"
        let p = result.parse
        if result.isValid {
            let records = p.kind?.recordsNoun(p.recordCount, language) ?? "\(p.recordCount)"
            print(
                "\(file.oneLine): "
                    + Phrase(
                        zh: "有效（\(kind)，\(records)，明细 \(p.lineCount) 条，sha256 \(result.intake.sha256)）",
                        en: "valid (\(kind), \(records), \(p.lineCount) line\(p.lineCount == 1 ? "" : "s"), sha256 \(result.intake.sha256))"
                    ).text(in: language))
        } else {
            let n = result.errorCount, shown = result.errors.count
            print(
                "\(file.oneLine): "
                    + Phrase(
                        zh: "无效（\(kind)，\(n) 个错误\(n > shown ? "，列出 \(shown) 个" : "")）",
                        en: "invalid (\(kind), \(n) error\(n == 1 ? "" : "s")\(n > shown ? ", \(shown) listed" : ""))"
                    ).text(in: language))
        }
    }

    /// An error's message with what it is about and what it follows from, as one text line:
    /// `message (setl_id S1, field cnt; caused by B004 at line 50)`.
    static func message(_ error: DropError, _ language: Language) -> String {
        var parts = error.context.map { "\($0.name) \($0.value)" }
        if let cause = error.causedBy {
            parts.append(
                Phrase(zh: "由第 \(cause.line) 行的 \(cause.code) 引起", en: "caused by \(cause.code) at line \(cause.line)").text(in: language))
        }
        let text = error.message.text(in: language)
        return parts.isEmpty ? text : text + " (" + parts.joined(separator: ", ") + ")"
    }

    /// An error as JSON, the one convention of every command: `line` (null when the error is
    /// not about a place in the XML), `code`, `message`, then the context keys that are known
    /// (`setl_id`, `claim_id`, `feedetl_sn`, `field`, `expected`, `found`); unknown ones are
    /// left out.
    static func jsonFields(_ e: DropError, _ language: Language) -> [(String, JSONValue)] {
        let cause: [(String, JSONValue)] =
            e.causedBy.map { c in
                [("caused_by", .object([("code", .string(c.code.rawValue)), ("line", .int(c.line))]))]
            } ?? []
        return [
            ("line", e.line.map { .int($0) } ?? .null), ("code", .string(e.code.rawValue)),
            ("message", .string(e.message.text(in: language)))
        ]
            + e.context.map { ($0.name, .string($0.value)) } + cause
    }

    /// One JSON array of error objects with the keys of outputs.md.
    static func json(_ records: [Record], language: Language) -> String {
        let objects = records.map { record -> String in
            JSONValue.object([("file", .string(record.file))] + jsonFields(record.error, language)).rendered
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }
}
