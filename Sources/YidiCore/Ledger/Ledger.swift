/// The outcome of one drop attempt.
public enum AttemptStatus: String, Sendable, Codable {
    case accepted, rejected, duplicate
}

/// One processed file under a `drop_id` (or under its file name when its header could not be read).
public struct AttemptRecord: Sendable, Equatable {
    /// The ledger's row id.
    public var id: Int64
    /// `drop_id`, or `_unknown/<file name>` when the header cannot name the drop
    /// (``DropHeader/trustedDropID``).
    public var dropKey: String
    /// How the key of a drop known by its file name begins.
    static let unknownKeyPrefix = "_unknown/"
    public var dropID: String?
    public var institutionCode: String?
    /// 1, 2, … per drop key.
    public var attempt: Int
    public var runID: Int64
    public var fileName: String
    public var sha256: String
    public var receivedAt: String
    public var status: AttemptStatus
    public var kind: DropKind?
    /// `setl_cnt` or `claim_cnt` as counted.
    public var recordCount: Int
    public var lineCount: Int
    public var controlSum: Amount
    /// Every error, listed or not.
    public var errorCount: Int
    /// Where the file lives now, relative to the workspace.
    public var storedPath: String
}

/// A file to write or move once the ledger transaction that asked for it is committed.
public struct OutboxEntry: Sendable, Equatable {
    /// What kind of task an entry is, as the ledger stores it.
    public enum Kind: String, Sendable {
        case ack, move, settlement, reimbursement, recon
    }

    /// What to do, with exactly what that needs.
    public enum Task: Sendable, Equatable {
        /// Write the acknowledgement of an attempt.
        case acknowledge(attemptID: Int64)
        /// Move the file an attempt read from `from` to `to` (workspace-relative).
        case move(attemptID: Int64, from: String, to: String)
        /// Write the run's settlement file for an insured province.
        case settlementFile(province: String)
        /// Write the run's reimbursement file for an insured province.
        case reimbursementFile(province: String)
        /// Write a province's statement of a month's reconciliation.
        case reconStatement(period: ClearingPeriod, province: String)

        public var kind: Kind {
            switch self {
            case .acknowledge: .ack
            case .move: .move
            case .settlementFile: .settlement
            case .reimbursementFile: .reimbursement
            case .reconStatement: .recon
            }
        }

        /// The attempt an acknowledgement or a move is about.
        var attemptID: Int64? {
            switch self {
            case .acknowledge(let id), .move(let id, _, _): id
            case .settlementFile, .reimbursementFile, .reconStatement: nil
            }
        }
    }

    public var id: Int64
    public var runID: Int64
    public var task: Task
    /// How often carrying it out has failed so far.
    public var failures: Int = 0
    /// Why it last failed.
    public var lastError: String?
    /// When it first failed.
    public var firstFailedAt: String?

    public var kind: Kind { task.kind }
}

extension OutboxEntry.Task {
    /// The task of an outbox row; a row yidi cannot read is a bug, never guessed to be an ACK.
    init(id: Int64, kind: String, subject: String, source: String?, target: String?) throws(YidiError) {
        switch OutboxEntry.Kind(rawValue: kind) {
        case .ack?:
            if let attempt = Int64(subject) {
                self = .acknowledge(attemptID: attempt)
                return
            }
        case .move?:
            if let attempt = Int64(subject), let source, let target {
                self = .move(attemptID: attempt, from: source, to: target)
                return
            }
        case .settlement?:
            self = .settlementFile(province: subject)
            return
        case .reimbursement?:
            self = .reimbursementFile(province: subject)
            return
        case .recon?:
            let parts = subject.split(separator: "/")
            if parts.count == 2, let period = ClearingPeriod(String(parts[0])) {
                self = .reconStatement(period: period, province: String(parts[1]))
                return
            }
        case nil: break
        }
        throw YidiError(.internalError, "outbox entry \(id) cannot be read: kind \(kind), subject \(subject)")
    }

    /// The columns a task is stored in.
    var columns: (subject: String, source: String?, target: String?) {
        switch self {
        case .acknowledge(let attempt): (String(attempt), nil, nil)
        case .move(let attempt, let from, let to): (String(attempt), from, to)
        case .settlementFile(let province), .reimbursementFile(let province): (province, nil, nil)
        case .reconStatement(let period, let province): ("\(period)/\(province)", nil, nil)
        }
    }
}

/// A run of a command that writes, as `yidi status --run` shows it.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var command: String
    public var startedAt: String
    public var finishedAt: String?
    public var exitCode: Int?
    /// Why a run that did not do its job failed (nil for 0 and 1).
    public var failure: String?
}

/// The ledger: the point of truth. One protocol for the stages, answered by the embedded
/// SQLite ledger and by PostgreSQL (several workers) alike.
public protocol Ledger: AnyObject {
    /// Starts a run, recording the reference files' hashes.
    func startRun(command: String, startedAt: LocalDateTime, referenceHashes: [(file: String, sha256: String)]) throws(YidiError) -> Int64
    /// Ends a run with its exit code and, when it failed, why.
    func finishRun(_ id: Int64, finishedAt: LocalDateTime, exitCode: Int32, failure: String?) throws(YidiError)
    /// Every attempt of a drop key, in order.
    func attempts(dropKey: String) throws(YidiError) -> [AttemptRecord]
    /// One attempt by id.
    func attempt(id: Int64) throws(YidiError) -> AttemptRecord?
    /// The attempts of these ids that exist, in no particular order.
    func attempts(ids: [Int64]) throws(YidiError) -> [AttemptRecord]
    /// The listed errors of an attempt, in order.
    func errors(attemptID: Int64) throws(YidiError) -> [DropError]
    /// The attempts of a run.
    func attempts(runID: Int64) throws(YidiError) -> [AttemptRecord]
    /// A run.
    func run(id: Int64) throws(YidiError) -> RunRecord?
    /// The latest runs, newest first.
    func latestRuns(limit: Int) throws(YidiError) -> [RunRecord]
    /// Entries not yet carried out, oldest first.
    func pendingOutbox() throws(YidiError) -> [OutboxEntry]
    /// Marks entries done, in one transaction.
    func markDone(_ entries: [OutboxEntry], at time: LocalDateTime) throws(YidiError)
    /// Records that carrying out an entry failed (it stays pending), and counts the failure
    /// in `yidi_outbox_failures_total`.
    func recordFailure(_ entry: OutboxEntry, error: String, at time: LocalDateTime) throws(YidiError)
    /// The latest closed clearing period.
    func latestClosedPeriod() throws(YidiError) -> ClearingPeriod?
    /// Begins a group of drops committed together with one sync: the drops begun until
    /// ``commitGroup()`` are each still all or nothing, but none is durable before the group
    /// is (a crash loses the uncommitted group, which the next run processes again).
    func beginGroup() throws(YidiError)
    /// Commits the group: every drop in it that was committed becomes durable at once.
    func commitGroup() throws(YidiError)
    /// Undoes the whole group.
    func rollbackGroup() throws(YidiError)
    /// Begins the one transaction of a drop in run `runID`: all of the drop or nothing, ended by
    /// ``DropTransaction/commit()`` or ``DropTransaction/rollback()``. Its reads leave out the
    /// records of `dropID` (the header's; nil when the header could not be read). With a
    /// `claim` (several workers), the commit goes through only while the claim holds.
    /// `identityChecks` says how the drop's B002 questions may be answered.
    func beginDrop(
        runID: Int64, dropID: String?, claim: InboxClaim?,
        identityChecks: IdentityChecks
    ) throws(YidiError) -> any DropTransaction
    /// Adds to the metric counters (kept in the ledger so they survive restarts).
    func addCounters(_ increments: [MetricIncrement]) throws(YidiError)
    /// All counters.
    func counters() throws(YidiError) -> [MetricIncrement]
    /// The header sums of a run's settlement or reimbursement file for a province.
    func provinceFileTotals(kind: OutboxEntry.Kind, runID: Int64, province: String) throws(YidiError) -> [(name: String, value: FileValue)]
    /// Streams a run's records for a province in acceptance order.
    func forEachProvinceFileRecord(
        kind: OutboxEntry.Kind, runID: Int64, province: String,
        _ body: (ProvinceFileRecord) throws(YidiError) -> Void) throws(YidiError)
    /// Records how a command ended (`succeeded`: it did its job) and counts its exit code in
    /// `yidi_command_exits_total`.
    func recordCommand(_ outcome: CommandOutcome) throws(YidiError)
    /// How each command last ended, by command name.
    func commandOutcomes() throws(YidiError) -> [CommandOutcome]
}

/// How a command (`run`, `reprocess`, `clear`, `prepay`) last ended, for the metrics.
public struct CommandOutcome: Sendable, Equatable {
    /// What recording it adds to `yidi_command_exits_total` (both ledgers add exactly this).
    var exitIncrement: MetricIncrement {
        MetricIncrement(name: "yidi_command_exits_total", labels: "command=\"\(command)\",exit_status=\"\(exitCode)\"", value: 1)
    }

    public var command: String
    public var exitCode: Int32
    /// When it last did its job (run and reprocess: exit 0 or 1; the others: exit 0).
    var lastSuccess: LocalDateTime?
    public var finishedAt: LocalDateTime
    var durationMilliseconds: Int64

    public init(
        command: String, exitCode: Int32, lastSuccess: LocalDateTime?, finishedAt: LocalDateTime,
        durationMilliseconds: Int64
    ) {
        self.command = command
        self.exitCode = exitCode
        self.lastSuccess = lastSuccess
        self.finishedAt = finishedAt
        self.durationMilliseconds = durationMilliseconds
    }
}

/// An increment of a counter `name{labels}`.
public struct MetricIncrement: Sendable, Equatable {
    public var name: String
    var labels: String
    public var value: Int64

    public init(name: String, labels: String = "", value: Int64) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// What a drop's transaction can read and write. Reads see earlier drops only.
public protocol DropTransaction: PriorFacts, AnyObject {
    /// Makes everything the transaction wrote durable at once; inside a group, keeps it for the
    /// group's commit.
    func commit() throws(YidiError)
    /// Commits as ``commit()`` does, returning once the commit is sent or, where it cannot be
    /// sent alone, done; the answer says whether it went through (the failure ``commit()``
    /// would have thrown), so that the next drop is assessed while a ledger across a network
    /// writes this one. Nothing may be asked of the transaction afterwards.
    func commitAnsweredLater() throws(YidiError) -> CommitAnswer
    /// Undoes everything the transaction wrote.
    func rollback() throws(YidiError)
    /// The next attempt number of a drop key.
    func nextAttemptNumber(dropKey: String) throws(YidiError) -> Int
    /// Whether the drop id has an accepted attempt (D008, asked when the header is read).
    func acceptedAttempt(dropID: String) throws(YidiError) -> AttemptRecord?
    /// What the drop's attempt is recorded against: the accepted attempt with the same bytes,
    /// the attempts under `dropKey` and its accepted one. Asked once, after the drop's records
    /// and before its attempt; until that attempt is written, ``acceptedAttempt(dropID:)`` of the
    /// key is answered from it.
    func history(dropKey: String, sha256: String) throws(YidiError) -> DropHistory
    /// Records an accepted settlement with its period.
    func record(
        _ settlement: AssessedSettlement, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod) throws(YidiError)
    /// Records an accepted reversal and marks its original reversed; returns the original's
    /// insured province (nil when there is no original to reverse: nothing is recorded).
    @discardableResult
    func record(
        _ reversal: AssessedReversal, dropID: String, institution: String, treatmentArea: String,
        period: ClearingPeriod
    ) throws(YidiError) -> String?
    /// Records an accepted claim.
    func record(_ claim: AssessedClaim, dropID: String, institution: String, treatmentArea: String) throws(YidiError)
    /// Records an accepted feedback line.
    func record(_ feedback: AcceptedFeedback) throws(YidiError)
    /// Undoes every record written since the drop began (a rejected drop keeps only its attempt).
    func discardRecords() throws(YidiError)
    /// Records the attempt and its listed errors; returns its id (reserved when the transaction
    /// began: the drop's records point at it from the start).
    func record(attempt: AttemptRecord, errors: [DropError]) throws(YidiError) -> Int64
    /// Asks for the run's settlement and reimbursement files of the provinces the drop's
    /// records concern (once the drop is accepted).
    func enqueueProvinceFiles() throws(YidiError)
    /// Adds to the metric counters in this transaction: they count exactly what was committed.
    func addCounters(_ increments: [MetricIncrement]) throws(YidiError)
    /// Changes where an attempt's file is kept.
    func updateStoredPath(attemptID: Int64, path: String) throws(YidiError)
    /// Adds an outbox entry.
    func enqueue(_ task: OutboxEntry.Task, runID: Int64) throws(YidiError)
}

extension DropTransaction {
    /// A ledger in the same process commits at once: the answer is there when it returns.
    func commitAnsweredLater() throws(YidiError) -> CommitAnswer {
        try commit()
        return CommitAnswer(.success(()))
    }
}

extension Ledger {
    /// A drop's transaction whose B002 questions are asked as the ledger prefers.
    func beginDrop(runID: Int64, dropID: String?, claim: InboxClaim?) throws(YidiError) -> any DropTransaction {
        try beginDrop(runID: runID, dropID: dropID, claim: claim, identityChecks: .asked)
    }
}
