import Logging

/// What a night has done and what it still owes: the run's summary, the outbox it carries out,
/// and the drops committed but not yet reported. Both night drivers (``GroupedNight`` alone,
/// ``ClaimedNight`` beside other workers) keep theirs in one of these.
///
/// **A drop is reported only after its outputs.** A committed drop enters through
/// ``committed(_:)`` and is counted, logged and shown only by ``carryOut()`` (or
/// ``carryOut(after:)``), after its acknowledgement and move were carried out — so that what the
/// operator reads as done is on disk, and what a crash loses in between is an outbox entry the
/// next run carries out, never a drop reported but not answered.
struct NightState {
    private(set) var summary: RunSummary
    private var flusher: OutboxFlusher
    /// Committed drops whose acknowledgements and moves wait to be carried out, in commit order.
    private var committedDrops: [DropOutcome] = []
    /// When the oldest of ``committedDrops`` was committed.
    private var since = ContinuousClock.now
    private let logger: Logger
    private let progress: RunProgress?
    private let report: (DropOutcome) -> Void

    /// At most this many committed drops wait for their acknowledgements and moves…
    static let reportEvery = 32
    /// …nor longer than this.
    static let reportWithin: Duration = .seconds(1)

    /// - Parameters:
    ///   - ownRuns: whose outbox entries this night carries out (a worker beside others: its
    ///     own run's); nil, every entry.
    init(
        summary: RunSummary, flusher: OutboxFlusher, ownRuns: ((Int64) -> Bool)?, logger: Logger,
        progress: RunProgress?, report: @escaping (DropOutcome) -> Void
    ) {
        self.summary = summary
        self.flusher = flusher
        self.flusher.runs = ownRuns
        self.logger = logger
        self.progress = progress
        self.report = report
    }

    /// The run's province files, written by the last flush.
    mutating func write(provinceFilesFrom spool: ProvinceSpool) { flusher.spool = spool }

    /// Carries out the outbox entries a crashed run left pending: of the runs `runs` names
    /// (dead workers), or this night's own.
    mutating func replayPending(of runs: ((Int64) -> Bool)? = nil) throws(YidiError) {
        let own = flusher.runs
        if let runs { flusher.runs = runs }
        defer { flusher.runs = own }
        let replayed = try flusher.flush()
        if replayed.done > 0 { logger.notice("carried out pending outbox entries", metadata: ["entries": "\(replayed.done)"]) }
        summary.noteFailures(replayed)
    }

    /// The inbox files that pending moves still have to take away (not drops to process again).
    func pendingInboxSources() throws(YidiError) -> Set<String> { try flusher.pendingInboxSources() }

    /// Drops now durable in the ledger, to be reported once their outputs are carried out.
    mutating func committed(_ outcomes: [DropOutcome]) {
        if committedDrops.isEmpty { since = .now }
        committedDrops += outcomes
    }

    /// Whether the committed drops have waited long enough to be carried out together.
    var isReportDue: Bool {
        committedDrops.count >= Self.reportEvery || ContinuousClock.now - since >= Self.reportWithin
    }

    /// Carries out the committed drops' acknowledgements and moves (one read of the pending
    /// entries, one sync and one mark for all of them), then reports each drop.
    mutating func carryOut() throws(YidiError) {
        summary.noteFailures(try flusher.flush(kinds: [.move, .ack]))
        reportCommitted()
    }

    /// After `error` stopped the night: the committed drops are still reported; their entries, if
    /// they cannot be carried out now, stay pending for the next run.
    mutating func carryOut(after error: YidiError) {
        guard !committedDrops.isEmpty else { return }
        do {
            summary.noteFailures(try flusher.flush(kinds: [.move, .ack]))
        } catch let second {
            logger.error(
                "the committed drops' acknowledgements and moves stay pending for the next run",
                metadata: ["failure": "\(error.message)", "cause": "\(second.message)"])
        }
        reportCommitted()
    }

    /// Carries out every entry left: the province files, and whatever failed to flush before.
    mutating func carryOutAll() throws(YidiError) {
        summary.noteFailures(try flusher.flush())
    }

    /// A file left in the inbox because it could not be read: the rest of the night goes on.
    mutating func leftUnreadable(_ name: String) { summary.unreadable.append(name) }

    /// A signal stopped the night between drops.
    mutating func interrupted() { summary.interrupted = true }

    /// Counts, logs and shows each committed drop, in commit order.
    private mutating func reportCommitted() {
        for outcome in committedDrops {
            summary.outcomes.append(outcome)
            progress?.finish(
                acceptedRecords: outcome.attempt.status == .accepted ? outcome.attempt.recordCount : 0,
                bytes: outcome.compressedBytes)
            NightlyRun.log(outcome, to: logger)
            report(outcome)
        }
        committedDrops.removeAll()
    }
}
