import YidiCore

/// How `validate` prints its findings (outputs.md, "validate output").
enum ValidationOutput {
    /// One error of one file, for `--json`.
    struct Record {
        var file: String
        var error: DropError
    }

    /// `FILE:LINE: CODE message` per error, then the file's summary line.
    static func printText(_ result: DropCheckResult, file: String) {
        for error in result.errors {
            print("\(file.oneLine):\(error.line ?? 0): \(error.code) \(error.message.oneLine)\(context(error).oneLine)")
        }
        let kind = result.parse.kind?.rawValue ?? "unknown kind"
        let records = result.parse.kind?.recordsNoun ?? "settlements"
        if result.isValid {
            print("\(file.oneLine): valid (\(kind), \(result.parse.recordCount) \(records), \(result.parse.lineCount) lines, "
                  + "sha256 \(result.intake.sha256))")
        } else {
            let listed = result.errorCount > result.errors.count ? ", \(result.errors.count) listed" : ""
            print("\(file.oneLine): invalid (\(kind), \(result.errorCount) error\(result.errorCount == 1 ? "" : "s")\(listed))")
        }
    }

    /// The parts of an error beyond its message, e.g. ` (setl_id S1, field cnt)`.
    static func context(_ error: DropError) -> String {
        let parts = error.context.map { "\($0.name) \($0.value)" }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// An error as JSON, the one convention of every command: `line` (null when the error is
    /// not about a place in the XML), `code`, `message`, then the context keys that are known
    /// (`setl_id`, `claim_id`, `feedetl_sn`, `field`, `expected`, `found`); unknown ones are
    /// left out.
    static func jsonFields(_ e: DropError) -> [(String, JSONValue)] {
        [("line", e.line.map { .int($0) } ?? .null), ("code", .string(e.code.rawValue)), ("message", .string(e.message))]
            + e.context.map { ($0.name, .string($0.value)) }
    }

    /// One JSON array of error objects with the keys of outputs.md.
    static func json(_ records: [Record]) -> String {
        let objects = records.map { record -> String in
            JSONValue.object([("file", .string(record.file))] + jsonFields(record.error)).rendered
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }
}
