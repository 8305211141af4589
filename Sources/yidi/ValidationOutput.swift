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
            print("\(file):\(error.line ?? 0): \(error.code) \(error.message.oneLine)\(context(error).oneLine)")
        }
        let kind = result.parse.kind?.rawValue ?? "unknown kind"
        let records = result.parse.kind == .manualReimbursement ? "claims" : "settlements"
        if result.isValid {
            print("\(file): valid (\(kind), \(result.parse.recordCount) \(records), \(result.parse.lineCount) lines, "
                  + "sha256 \(result.intake.sha256))")
        } else {
            let listed = result.errorCount > result.errors.count ? ", \(result.errors.count) listed" : ""
            print("\(file): invalid (\(kind), \(result.errorCount) error\(result.errorCount == 1 ? "" : "s")\(listed))")
        }
    }

    /// The parts of an error beyond its message, e.g. ` (setl_id S1, field cnt)`.
    static func context(_ error: DropError) -> String {
        var parts: [String] = []
        if let v = error.setlID { parts.append("setl_id \(v)") }
        if let v = error.claimID { parts.append("claim_id \(v)") }
        if let v = error.feedetlSN { parts.append("feedetl_sn \(v)") }
        if let v = error.field { parts.append("field \(v)") }
        if let v = error.expected { parts.append("expected \(v)") }
        if let v = error.found { parts.append("found \(v)") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// One JSON array of error objects with the keys of outputs.md.
    static func json(_ records: [Record]) -> String {
        let objects = records.map { record -> String in
            let e = record.error
            var fields: [(String, JSONValue)] = [("file", .string(record.file))]
            fields.append(("line", e.line.map { .int($0) } ?? .null))
            fields.append(("code", .string(e.code.rawValue)))
            fields.append(("message", .string(e.message)))
            let optional: [(String, String?)] = [
                ("setl_id", e.setlID), ("claim_id", e.claimID), ("feedetl_sn", e.feedetlSN),
                ("field", e.field), ("expected", e.expected), ("found", e.found),
            ]
            for case let (key, value?) in optional { fields.append((key, .string(value))) }
            return JSONValue.object(fields).rendered
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }
}
