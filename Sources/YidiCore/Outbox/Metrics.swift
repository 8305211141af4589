/// `metrics/yidi.prom` (outputs.md, Metrics): Prometheus text format for node_exporter's
/// textfile collector. Counters are totals kept in the ledger, so they survive restarts.
public enum Metrics {
    /// The counter increments one attempt brings; committed with the attempt, so counted exactly once.
    static func increments(for attempt: AttemptRecord, errors: DropErrorLog?, inflatedBytes: Int64) -> [MetricIncrement] {
        let kind = attempt.kind?.rawValue ?? "unknown"
        var out = [MetricIncrement(name: "yidi_drops_total", labels: "kind=\"\(kind)\",outcome=\"\(attempt.status.rawValue)\"", value: 1)]
        if attempt.status == .accepted {
            let records = attempt.kind == .manualReimbursement ? "yidi_claims_total" : "yidi_settlements_total"
            out.append(MetricIncrement(name: records, value: Int64(attempt.recordCount)))
            out.append(MetricIncrement(name: "yidi_lines_total", value: Int64(attempt.lineCount)))
        }
        if inflatedBytes > 0 { out.append(MetricIncrement(name: "yidi_inflated_bytes_total", value: inflatedBytes)) }
        for (code, count) in errors?.countsByCode ?? [:] {
            out.append(MetricIncrement(name: "yidi_errors_total", labels: "code=\"\(code.rawValue)\"", value: Int64(count)))
        }
        return out
    }

    static let help: [(name: String, type: String, help: String)] = [
        ("yidi_drops_total", "counter", "Drop attempts processed, by kind and outcome."),
        ("yidi_settlements_total", "counter", "Settlements and reversals accepted."),
        ("yidi_claims_total", "counter", "Manual-reimbursement claims accepted."),
        ("yidi_lines_total", "counter", "Fee lines accepted."),
        ("yidi_inflated_bytes_total", "counter", "Inflated bytes of the drops read."),
        ("yidi_errors_total", "counter", "Errors found in drops, by code."),
        ("yidi_outbox_failures_total", "counter", "Times an outbox entry (a file move or an output) failed and was kept pending."),
    ]

    /// The metrics file's text.
    static func render(counters: [MetricIncrement], runDurationSeconds: Double, lastSuccess: Int64?, outboxPending: Int) -> String {
        var text = ""
        for (name, type, help) in help {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            let rows = counters.filter { $0.name == name }
            if rows.isEmpty && !name.hasSuffix("errors_total") && name != "yidi_drops_total" { text += "\(name) 0\n" }
            for row in rows { text += row.labels.isEmpty ? "\(name) \(row.value)\n" : "\(name){\(row.labels)} \(row.value)\n" }
        }
        text += "# HELP yidi_run_duration_seconds Duration of the last command.\n# TYPE yidi_run_duration_seconds gauge\n"
        text += "yidi_run_duration_seconds \(formatSeconds(runDurationSeconds))\n"
        text += "# HELP yidi_last_success_timestamp_seconds When a command last finished with exit 0 (Unix time).\n"
        text += "# TYPE yidi_last_success_timestamp_seconds gauge\n"
        text += "yidi_last_success_timestamp_seconds \(lastSuccess ?? 0)\n"
        text += "# HELP yidi_outbox_pending Outbox entries not yet carried out.\n# TYPE yidi_outbox_pending gauge\n"
        text += "yidi_outbox_pending \(outboxPending)\n"
        return text
    }

    private static func formatSeconds(_ s: Double) -> String {
        let millis = Int((s * 1000).rounded())
        return "\(millis / 1000).\(String(millis % 1000).leftPadded(3))"
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension LocalDateTime {
    /// Unix time of this China local time (UTC+8).
    public var unixTime: Int64 { Int64(date.dayNumber) * 86_400 + Int64(secondOfDay) - 8 * 3600 }
}
