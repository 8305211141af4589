/// What became of one drop file.
public struct DropOutcome: Sendable {
    /// The attempt as recorded.
    public var attempt: AttemptRecord
    /// Its listed errors.
    public var errors: [DropError]
    /// Inflated bytes read (0 for a duplicate: the same bytes counted once).
    var inflatedBytes: Int64 = 0
    /// The file's compressed size: the share of the night's work it was.
    var compressedBytes: Int64 = 0
}

/// Processes one drop file as one attempt: hash, duplicate check, intake → parse → classify →
/// settle, then one ledger transaction that records the attempt, its outcome, every accepted
/// record and the outbox entries (acknowledgement, file move). Files move only after the commit.
struct DropProcessor {
    let workspace: Workspace
    let ledger: any Ledger
    let reference: ReferenceData
    let limits: DropLimits
    let runID: Int64
    /// Today in China: the archive folder's name.
    let today: LocalDate
    /// The latest closed clearing period: read once, since only `yidi clear` closes one and it
    /// waits for the workspace lock.
    let latestClosedPeriod: ClearingPeriod?
    /// The run's province files in the making (nil: rendered from the ledger afterwards).
    var spool: ProvinceSpool?
    /// Where the run's progress is counted (nil: nowhere).
    var progress: RunProgress?
    /// How the drop's ids are checked against earlier drops (B002).
    var identityChecks = IdentityChecks.asked

    /// A drop whose reading has begun: a night opens the next drop while the current one is
    /// recorded and committed, so that its inflating and parsing run on the other core.
    struct OpenedDrop {
        fileprivate let file: DropFile
        fileprivate let stream: DropStream

        /// Gives up on the drop before it was processed (the night stopped first).
        func abandon() { stream.abandon() }
    }

    /// Begins reading the file at `source` (workspace-relative) on threads of its own.
    ///
    /// - Parameters:
    ///   - fileName: the name the hospital gave the file (reprocessing keeps the first one).
    ///   - claim: the worker's claim on it, when several workers share the ledger.
    func open(source: String, fileName: String, claim: InboxClaim? = nil) throws(YidiError) -> OpenedDrop {
        let path = workspace.root + "/" + source
        try FaultInjection.check("read \(fileName)")
        FaultInjection.maybeRenameAway(path)
        let file = DropFile(source: source, fileName: fileName, receivedAt: LocalDateTime.nowInChina().description, claim: claim)
        return OpenedDrop(file: file, stream: DropPipeline(limits: limits, progress: progress).start(path: path))
    }

    /// Begins reading the inbox file `name` (under the name the hospital gave it).
    func open(inboxFile name: String, claim: InboxClaim? = nil) throws(YidiError) -> OpenedDrop {
        try open(source: "inbox/" + name, fileName: name, claim: claim)
    }

    /// Processes the file at `source`: ``open(source:fileName:)``, then ``process(_:)``.
    func process(source: String, fileName: String) throws(YidiError) -> DropOutcome {
        try process(open(source: source, fileName: fileName))
    }

    /// Processes an opened drop: begins its transaction once its header is read, assesses and
    /// records every record, commits, and keeps the drop's spooled records only if it was
    /// accepted.
    ///
    /// - Throws: ``YidiError`` with kind `unreadable` (the file), `io` (the ledger) or `noInput`
    ///   (vanished): then nothing was recorded.
    func process(_ drop: OpenedDrop) throws(YidiError) -> DropOutcome {
        try send(drop, answeredLater: false).confirmed()
    }

    /// A drop whose commit was sent: its outcome stands once the answer says the commit went
    /// through.
    struct SentDrop {
        let outcome: DropOutcome
        let answer: CommitAnswer

        /// The outcome, once the commit went through; else why it did not (nothing of the
        /// drop was recorded then).
        func confirmed() throws(YidiError) -> DropOutcome {
            try answer.wait().get()
            return outcome
        }
    }

    /// As ``process(_:)``, sending the commit without waiting for its answer when
    /// `answeredLater` (``DropTransaction/commitAnsweredLater()``): the drop's spooled
    /// records wait for that answer on the spool's thread, and the caller for the outcome.
    func send(_ drop: OpenedDrop, answeredLater: Bool) throws(YidiError) -> SentDrop {
        let file = drop.file, stream = drop.stream, fileName = file.fileName
        let opening = Self.untilHeader(stream)
        let tx: any DropTransaction
        do {
            tx = try ledger.beginDrop(runID: runID, dropID: opening.header?.dropID, claim: file.claim, identityChecks: identityChecks)
        } catch {
            stream.abandon()
            throw error
        }
        do {
            let outcome = try record(stream, opening: opening.records, file: file, in: tx)
            try FaultInjection.check("commit \(fileName)")
            let answer: CommitAnswer
            if answeredLater {
                answer = try tx.commitAnsweredLater()
            } else {
                try tx.commit()
                answer = CommitAnswer(.success(()))
            }
            let accepted = outcome.attempt.status == .accepted
            // a drop's spooled records stay only if its transaction committed
            spool?.endDrop(whenAnswered: answer.map { if case .success = $0 { accepted } else { false } })
            return SentDrop(outcome: outcome, answer: answer)
        } catch {
            spool?.endDrop(committed: false)  // a drop's spooled records stay only if its transaction did
            stream.abandon()
            do { try tx.rollback() } catch let rollback {
                throw YidiError(error.kind, "\(error.message); rolling the drop back failed too: \(rollback.message)")
            }
            throw error
        }
    }

    /// The file being processed.
    fileprivate struct DropFile {
        /// Workspace-relative.
        let source: String
        let fileName: String
        let receivedAt: String
        /// The worker's claim on the file (several workers), nil with one.
        let claim: InboxClaim?
    }

    /// The hospital of the drop at `path` (its header's `fixmedins_code`), read no further than
    /// the header; nil when the header cannot be read.
    ///
    /// It is read on this thread and no further than needed: the inflating and parsing stop
    /// once the header is handed on, so that registering a night's files costs a look at each
    /// header, not a second parse of every drop.
    func hospital(ofDropAt path: String) -> String? { Self.hospital(ofDropAt: path, limits: limits) }

    /// ``hospital(ofDropAt:)`` under `limits`.
    static func hospital(ofDropAt path: String, limits: DropLimits) -> String? {
        let catcher = HeaderCatcher()
        let parser = DropParser(limits: limits, handler: catcher)
        parser.stopsAfterHeader = true
        var reader = DropReader(limits: limits)
        reader.readsWholeFile = false
        do {
            _ = try reader.read(path: path, into: parser)
        } catch {
            return nil  // gone or unreadable: processing the file reports it, the hospital does not matter
        }
        return catcher.header?.institutionCode
    }

    /// The records up to the header (errors before it, then the header), or up to the first
    /// record when there is none: what the transaction needs to know before it begins.
    private static func untilHeader(_ stream: DropStream) -> (records: [DropRecord], header: DropHeader?) {
        var records: [DropRecord] = []
        while let record = stream.next() {
            records.append(record)
            switch record {
            case .header(let header): return (records, header)
            case .error: continue
            case .settlement, .reversal, .claim, .feedbackEntry: return (records, nil)
            }
        }
        return (records, nil)
    }

    /// Assesses the rest of the drop into the transaction, then records the attempt, its
    /// outcome and the outbox entries (acknowledgement, file move).
    private func record(_ stream: DropStream, opening: [DropRecord], file: DropFile, in tx: any DropTransaction) throws(YidiError)
        -> DropOutcome
    {
        let sink = LedgerSink(
            transaction: tx, listLimit: limits.maxListedErrors, latestClosed: latestClosedPeriod, spool: spool,
            progress: progress)
        sink.checksDropIDAtEnd = identityChecks == .atCommit
        let assessor = DropAssessor(reference: reference, limits: limits, prior: tx, sink: sink)
        for record in opening { record.deliver(to: assessor) }
        while let record = stream.next() { record.deliver(to: assessor) }
        assessor.finish()
        let outcome = try stream.finish()
        // The file's identity is the SHA-256 the intake computed while it streamed (no pass
        // of its own before): the same bytes as an accepted attempt are a duplicate, whatever
        // the pipeline made of them (a D008 for its drop_id, among others).
        // A ledger that failed while the drop streamed (a read, or a write: SQLITE_FULL rolls
        // the transaction back) fails the drop before anything else is asked of it.
        if let failure = sink.failure { throw failure }
        let sha = outcome.intake.sha256
        let header = sink.header
        let dropID = header?.trustedDropID
        let dropKey = dropID ?? AttemptRecord.unknownKeyPrefix + file.fileName
        let history = try tx.history(dropKey: dropKey, sha256: sha)
        if let original = history.duplicateOf {
            try tx.discardRecords()
            var duplicate = try duplicate(of: original, in: tx, file: file)
            duplicate.compressedBytes = outcome.intake.compressedBytes
            return duplicate
        }
        sink.checkDropIDAtEnd()
        if let failure = sink.failure { throw failure }
        sink.log.add(intakeFailure: outcome.intake.failure)
        // a drop without a header always has an error saying why; none would accept nothing
        guard header != nil || sink.log.totalCount > 0 else {
            throw YidiError(.internalError, "\(file.fileName) was read without a header and without an error: nothing of it is recorded")
        }
        let accepted = sink.log.totalCount == 0
        if !accepted { try tx.discardRecords() }
        let number = history.nextAttempt
        let alreadyAccepted = dropID == nil ? nil : history.accepted
        let target = targetPath(
            dropID: dropID, fileName: file.fileName, attempt: number,
            archived: accepted || alreadyAccepted != nil)
        let record = AttemptRecord(
            id: 0, dropKey: dropKey, dropID: header.map { $0.dropID.isEmpty ? nil : $0.dropID } ?? nil,
            institutionCode: header.map { $0.institutionCode.isEmpty ? nil : $0.institutionCode } ?? nil,
            attempt: number, runID: runID, fileName: file.fileName, sha256: sha, receivedAt: file.receivedAt,
            status: accepted ? .accepted : .rejected, kind: outcome.parse.kind, recordCount: outcome.parse.recordCount,
            lineCount: outcome.parse.lineCount, controlSum: outcome.parse.controlSum,
            errorCount: sink.log.totalCount, storedPath: target)
        let listed = sink.log.listed
        if dropID != nil { try retireRejectedFiles(history.attempts, in: tx, source: file.source, target: target) }
        let id = try tx.record(attempt: record, errors: listed)
        if accepted { try tx.enqueueProvinceFiles() }
        try tx.addCounters(Metrics.increments(for: record, errors: sink.log, inflatedBytes: outcome.intake.inflatedBytes))
        try tx.enqueue(.acknowledge(attemptID: id), runID: runID)
        try tx.enqueue(.move(attemptID: id, from: file.source, to: target), runID: runID)
        var stored = record
        stored.id = id
        return DropOutcome(
            attempt: stored, errors: listed, inflatedBytes: outcome.intake.inflatedBytes,
            compressedBytes: outcome.intake.compressedBytes)
    }

    /// The same bytes as an accepted attempt: a no-op acknowledged as a duplicate.
    private func duplicate(of original: AttemptRecord, in tx: any DropTransaction, file: DropFile) throws(YidiError) -> DropOutcome {
        let number = try tx.nextAttemptNumber(dropKey: original.dropKey)
        var record = original
        record.attempt = number
        record.runID = runID
        record.fileName = file.fileName
        record.receivedAt = file.receivedAt
        record.status = .duplicate
        record.errorCount = 0
        record.storedPath = targetPath(dropID: original.dropID, fileName: file.fileName, attempt: number, archived: true)
        record.id = try tx.record(attempt: record, errors: [])
        try tx.addCounters(Metrics.increments(for: record, errors: nil, inflatedBytes: 0))
        try tx.enqueue(.acknowledge(attemptID: record.id), runID: runID)
        try tx.enqueue(.move(attemptID: record.id, from: file.source, to: record.storedPath), runID: runID)
        return DropOutcome(attempt: record, errors: [])
    }

    /// operations.md: `archive/YYYY-MM-DD/<drop_id>.<attempt>.xml.gz` for accepted and duplicate
    /// drops (and for a D008 re-send: its drop_id is accepted), else `rejected/<drop_id>.<attempt>.xml.gz`,
    /// or `rejected/_unknown/<file name>.<attempt>` when the header could not be read (a name
    /// past 255 bytes shortened with a hash, ``Paths/boundedName(_:suffix:)``).
    private func targetPath(dropID: String?, fileName: String, attempt: Int, archived: Bool) -> String {
        guard let dropID else { return "rejected/_unknown/" + Paths.boundedName(fileName, suffix: ".\(attempt)") }
        return archived ? "archive/\(today)/\(dropID).\(attempt).xml.gz" : "rejected/\(dropID).\(attempt).xml.gz"
    }

    /// Keeps `rejected/` at one file per `drop_id` without an accepted attempt: earlier rejected
    /// files of this drop go to the archive under their own attempt numbers (the file being
    /// processed just follows its new name).
    private func retireRejectedFiles(
        _ attempts: [AttemptRecord], in tx: any DropTransaction, source: String,
        target: String
    ) throws(YidiError) {
        for earlier in attempts where earlier.storedPath.hasPrefix("rejected/") {
            if earlier.storedPath == source {
                try tx.updateStoredPath(attemptID: earlier.id, path: target)
            } else {
                let archived = "archive/\(today)/\(Paths.name(of: earlier.storedPath))"
                try tx.updateStoredPath(attemptID: earlier.id, path: archived)
                try tx.enqueue(.move(attemptID: earlier.id, from: earlier.storedPath, to: archived), runID: runID)
            }
        }
    }
}

/// Keeps a drop's header and ignores everything else (``DropProcessor/hospital(ofDropAt:)``).
private final class HeaderCatcher: DropContentHandler {
    private(set) var header: DropHeader?

    func header(_ header: DropHeader) { self.header = header }
    func settlement(_ settlement: Settlement) {}
    func reversal(_ reversal: Reversal) {}
    func claim(_ claim: Claim) {}
    func feedbackEntry(_ entry: FeedbackEntry) {}
    func report(_ error: DropError) {}
}
