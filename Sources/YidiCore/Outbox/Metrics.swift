import Prometheus

/// `metrics/yidi.prom` (outputs.md, Metrics): Prometheus text format for node_exporter's
/// textfile collector. Counters are totals kept in the ledger, so they survive restarts.
enum Metrics {
    /// The counter increments one attempt brings; committed with the attempt, so counted exactly once.
    static func increments(for attempt: AttemptRecord, errors: DropErrorLog?, inflatedBytes: Int64) -> [MetricIncrement] {
        let kind = attempt.kind?.rawValue ?? "unknown"
        var out = [MetricIncrement(name: "yidi_drops_total", labels: "kind=\"\(kind)\",outcome=\"\(attempt.status.rawValue)\"", value: 1)]
        if attempt.status == .accepted, let records = attempt.kind.flatMap(recordsCounter) {
            out.append(MetricIncrement(name: records, value: Int64(attempt.recordCount)))
            out.append(MetricIncrement(name: "yidi_lines_total", value: Int64(attempt.lineCount)))
        }
        if inflatedBytes > 0 { out.append(MetricIncrement(name: "yidi_inflated_bytes_total", value: inflatedBytes)) }
        for (code, count) in errors?.countsByCode ?? [:] {
            out.append(MetricIncrement(name: "yidi_errors_total", labels: "code=\"\(code.rawValue)\"", value: Int64(count)))
        }
        return out
    }

    /// The counter of a kind's accepted records (a feedback drop's lines are counted at clearing,
    /// `yidi_recon_entries_total`).
    private static func recordsCounter(_ kind: DropKind) -> String? {
        switch kind {
        case .feeDetail: "yidi_settlements_total"
        case .manualReimbursement: "yidi_claims_total"
        case .reconFeedback: nil
        }
    }

    /// The counters kept in the ledger, in the order the file lists them.
    static let counters: [(name: String, help: String, alwaysShown: Bool)] = [
        ("yidi_drops_total", "Drop attempts processed, by kind and outcome.", false),
        ("yidi_settlements_total", "Settlements and reversals accepted.", true),
        ("yidi_claims_total", "Manual-reimbursement claims accepted.", true),
        ("yidi_lines_total", "Fee lines accepted.", true),
        ("yidi_inflated_bytes_total", "Inflated bytes of the drops read.", true),
        ("yidi_errors_total", "Errors found in drops, by code.", false),
        ("yidi_outbox_failures_total", "Times an outbox entry (a file move or an output) failed and was kept pending.", true),
        ("yidi_command_exits_total", "Commands that ended, by command and exit status.", false),
        ("yidi_recon_entries_total", "Candidates of reconciled months at their clearing, by state (deducted ones are included too).", false)
    ]

    /// The label sets of the counters whose values are known in advance, written at 0 until
    /// they are counted.
    static let knownSeries: [String: [String]] = [
        "yidi_drops_total": DropKind.allCases.flatMap { kind in
            [AttemptStatus.accepted, .rejected, .duplicate].map { "kind=\"\(kind.rawValue)\",outcome=\"\($0.rawValue)\"" }
        },
        "yidi_recon_entries_total": ["included", "excluded", "deducted"].map { "state=\"\($0)\"" }
    ]

    /// reconciliation.md, Metrics: a reconciled month's candidates as its clearing decided them.
    static func reconIncrements(candidates: Int, outcomes: [ReconOutcome]) -> [MetricIncrement] {
        let excluded = outcomes.filter { $0.state == .excluded }.count
        let deducted = outcomes.filter { $0.state == .deducted }.count
        return [("included", candidates - excluded), ("excluded", excluded), ("deducted", deducted)].map { state, count in
            MetricIncrement(name: "yidi_recon_entries_total", labels: "state=\"\(state)\"", value: Int64(count))
        }
    }

    /// The metrics file's text, named, labelled and rendered by swift-prometheus: one registry
    /// per family so that the families come in a fixed order.
    static func render(
        counters rows: [MetricIncrement], commands: [CommandOutcome], outboxPending: Int,
        backlog: InboxBacklog
    ) -> String {
        var bytes: [UInt8] = []
        for (name, help, alwaysShown) in counters {
            let registry = PrometheusCollectorRegistry()
            var family = rows.filter { $0.name == name }
            // the series a query or an alert expects are there at 0 before their first count
            for labels in knownSeries[name] ?? [] where !family.contains(where: { $0.labels == labels }) {
                family.append(MetricIncrement(name: name, labels: labels, value: 0))
            }
            if family.isEmpty && alwaysShown { _ = registry.makeCounter(name: name, help: help) }
            for row in family {
                registry.makeCounter(name: name, labels: labels(row.labels), help: help).increment(by: row.value)
            }
            registry.emit(into: &bytes)
        }
        let gauges = PrometheusCollectorRegistry()
        // the duration of the latest run or reprocess: what the name promises
        let lastRun = commands.filter { CommandKind(rawValue: $0.command)?.processesDrops == true }.max { $0.finishedAt < $1.finishedAt }
        gauges.makeGauge(name: "yidi_run_duration_seconds", help: "Duration of the latest run or reprocess.")
            .set(Double(lastRun?.durationMilliseconds ?? 0) / 1000)
        gauges.emit(into: &bytes)
        let success = PrometheusCollectorRegistry()
        for c in commands {
            success.makeGauge(
                name: "yidi_last_success_timestamp_seconds", labels: [("command", c.command)],
                help: "When a command last did its job (run, reprocess: exit 0 or 1; others: exit 0), Unix time."
            )
            .set(c.lastSuccess?.unixTime ?? 0)
        }
        success.emit(into: &bytes)
        let durations = PrometheusCollectorRegistry()
        for c in commands {
            durations.makeGauge(
                name: "yidi_command_duration_seconds", labels: [("command", c.command)],
                help: "How long a command last took."
            )
            .set(Double(c.durationMilliseconds) / 1000)
        }
        durations.emit(into: &bytes)
        let exits = PrometheusCollectorRegistry()
        for c in commands {
            exits.makeGauge(
                name: "yidi_last_exit_status", labels: [("command", c.command)],
                help: "The exit status a command last ended with (1 for run: a drop was rejected)."
            )
            .set(Int64(c.exitCode))
        }
        exits.emit(into: &bytes)
        let pending = PrometheusCollectorRegistry()
        pending.makeGauge(name: "yidi_outbox_pending", help: "Outbox entries not yet carried out.").set(Int64(outboxPending))
        pending.emit(into: &bytes)
        let inbox = PrometheusCollectorRegistry()
        inbox.makeGauge(name: "yidi_inbox_files", help: "Drops waiting in inbox/ when the metrics were written.").set(Int64(backlog.files))
        inbox.makeGauge(name: "yidi_inbox_bytes", help: "Their compressed bytes.").set(backlog.bytes)
        inbox.makeGauge(name: "yidi_inbox_oldest_timestamp_seconds", help: "When the oldest of them arrived (Unix time; 0: none).")
            .set(backlog.oldest ?? 0)
        inbox.emit(into: &bytes)
        let build = PrometheusCollectorRegistry()
        build.makeGauge(
            name: "yidi_build_info",
            labels: [
                ("version", Version.product), ("sqlite_ledger", String(Version.sqliteLedger)),
                ("postgres_ledger", String(Version.postgresLedger))
            ],
            help: "The yidi that wrote this file."
        ).set(Int64(1))
        build.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `kind="fee_detail",outcome="accepted"` as the ledger keeps it → label pairs (values hold
    /// no quote or comma: kinds, outcomes, codes and command names).
    static func labels(_ text: String) -> [(String, String)] {
        text.split(separator: ",").compactMap { pair -> (String, String)? in
            guard let eq = pair.firstIndex(of: "=") else { return nil }
            return (String(pair[..<eq]), pair[pair.index(after: eq)...].strippingQuotes())
        }
    }
}

extension Substring {
    /// The text without the double quotes around it.
    func strippingQuotes() -> String {
        var text = self
        if text.first == "\"" { text = text.dropFirst() }
        if text.last == "\"" { text = text.dropLast() }
        return String(text)
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
