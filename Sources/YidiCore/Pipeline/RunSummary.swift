/// What a run did, for its summary and exit code.
public struct RunSummary: Sendable {
    public var runID: Int64
    public var outcomes: [DropOutcome] = []
    /// Files left in the inbox because they could not be read.
    public var unreadable: [String] = []
    /// A signal stopped the run between drops.
    public var interrupted = false
    /// Outbox entries (file moves, outputs) that failed and stay pending, with their errors.
    public var outboxFailures: [(entry: OutboxEntry, error: YidiError)] = []
    /// The copy of a reference file into `reference-history/` that could not be written (a
    /// full disk): the night went on, and the next run writes it.
    public var historyFailure: YidiError?

    /// operations.md: 0 every drop accepted or a duplicate, 1 one was rejected, 74 a file or output
    /// failed (70 if an output would have overwritten other bytes), 75 interrupted.
    /// Why the run did not do all of its job, for `yidi status` (nil when it did).
    public var failure: String? {
        var reasons: [String] = []
        if !unreadable.isEmpty {
            reasons.append(
                "\(unreadable.count) inbox entr\(unreadable.count == 1 ? "y" : "ies") left unreadable: "
                    + unreadable.prefix(5).map(\.oneLine).joined(separator: ", ") + (unreadable.count > 5 ? ", …" : ""))
        }
        if let first = outboxFailures.first {
            reasons.append("\(outboxFailures.count) output(s) kept pending: \(first.error.message.oneLine)")
        }
        if let historyFailure { reasons.append("reference history not kept: \(historyFailure.message.oneLine)") }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    public var exitCode: Int32 {
        if interrupted { return 75 }
        if outboxFailures.contains(where: { $0.error.kind == .internalError }) { return 70 }
        if !unreadable.isEmpty || !outboxFailures.isEmpty || historyFailure != nil { return 74 }
        return outcomes.contains { $0.attempt.status == .rejected } ? 1 : 0
    }
}

extension RunSummary {
    /// Keeps the latest failure of each outbox entry (an entry retried within a run counts once).
    mutating func noteFailures(_ report: OutboxFlusher.Report) {
        for failure in report.failed {
            outboxFailures.removeAll { $0.entry.id == failure.entry.id }
            outboxFailures.append(failure)
        }
    }
}
