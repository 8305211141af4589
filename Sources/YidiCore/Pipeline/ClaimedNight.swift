import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A night shared by several workers on one PostgreSQL ledger (operations.md): each worker
/// registers the inbox's files, then claims one file at a time — one hospital's drops in name
/// order, one at a time, other hospitals in parallel — and processes it in a transaction that
/// commits only while its claim holds. Each worker writes the acknowledgements and moves of the
/// drops it committed and its own run's province files.
struct ClaimedNight {
    let run: NightlyRun
    let claims: any InboxClaims
    let runID: Int64
    /// The files other workers process, for the progress display (nil without one).
    private(set) var share: NightShare?
    /// What the night did and owes: a drop is reported only after its outputs.
    private(set) var state: NightState
    /// The drop whose commit was sent and not yet answered. **At most one drop is unanswered**:
    /// ``send(_:with:)`` confirms the drop before before it leaves its own unanswered, and every
    /// path out of ``process(with:)`` confirms or abandons it.
    private var unanswered: Unanswered?
    /// The hospital of the drop processed last, until its commit is awaited because no next
    /// file was free: passed over when the next file is claimed
    /// (``InboxClaims/claimNext(worker:runID:leaseSeconds:skipping:)``).
    private var lastHospital: String?
    /// How long a claim lasts unless renewed (`YIDI_CLAIM_LEASE_SECONDS`, 30 by default).
    static var leaseSeconds: Int {
        ProcessInfo.processInfo.environment["YIDI_CLAIM_LEASE_SECONDS"].flatMap(Int.init).map { max(2, $0) } ?? 30
    }
    /// How often a drop that lost a race on a unique key (another worker accepted the same
    /// `setl_id`, `claim_id` or `drop_id` first) is assessed again before the run gives up.
    static let reassessments = 5
    /// How often a drop whose claims' accumulators changed before its commit is assessed again.
    static let reassessmentsOnAccumulators = 100

    init(run: NightlyRun, claims: any InboxClaims, runID: Int64, state: NightState) {
        self.run = run
        self.claims = claims
        self.runID = runID
        self.state = state
    }

    /// This worker, as the claims name it.
    var worker: String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(name)/\(getpid())/run \(runID)"
    }

    /// Registers the ready files the ledger does not know, with their hospital.
    mutating func register(_ ready: [String], processor: DropProcessor) throws(YidiError) {
        let inbox = run.session.workspace.inboxDirectory
        var keyed: [(name: String, key: String)] = []
        var sizes: [String: Int64] = [:]
        for name in ready {
            guard let key = Paths.identity(of: inbox + "/" + name) else { continue }  // gone already
            keyed.append((name, name + "|" + key))
            sizes[name + "|" + key] = Paths.size(of: inbox + "/" + name)
        }
        if let progress = run.progress { share = NightShare(files: sizes, claims: claims, progress: progress) }
        let unknown = try claims.unknownInboxKeys(keyed.map(\.key))
        let files = keyed.filter { unknown.contains($0.key) }.map { file in
            let prefix = file.name.split(separator: "-", maxSplits: 1).first.map(String.init) ?? file.name
            return InboxFile(
                name: file.name, key: file.key, hospital: processor.hospital(ofDropAt: inbox + "/" + file.name) ?? "name:" + prefix)
        }
        try claims.register(files)
    }

    /// A claimed file whose reading has begun, with the keeper renewing its lease.
    private struct Claimed {
        let claim: InboxClaim
        let keeper: any LeaseKeeper
        let opened: Result<DropProcessor.OpenedDrop, YidiError>

        /// Lets go of a drop that will not be processed in this run: its parsing stops, its
        /// lease is no longer renewed (the claim ends with this run's lock).
        func abandon() {
            if case .success(let drop) = opened { drop.abandon() }
            keeper.stop()
        }
    }

    /// Claims and processes files until none is left to any worker. The next file is claimed
    /// and its reading begun before the current drop is processed, so that it is parsed on the
    /// other core meanwhile; it is another hospital's (a hospital's next file is claimed only
    /// once the drop before it is done), or none when only this hospital's files are left.
    /// A small drop's commit is sent without waiting for its answer (``Unanswered``), which is
    /// awaited once the next drop's commit is sent: the ledger writes one drop while the next
    /// is assessed.
    /// Committed drops' acknowledgements and moves are carried out together: at most
    /// ``NightState/reportEvery`` drops or ``NightState/reportWithin`` apart, and whenever no
    /// file is free.
    mutating func process(with processor: DropProcessor) throws(YidiError) {
        var next: Claimed?
        defer { next?.abandon() }
        var idle = IdleWait()
        do throws(YidiError) {
            while !Interruption.isRequested {
                var claimed = next.take()
                if claimed == nil { claimed = try claimAndOpen(with: processor, skipping: []) }  // all answered here
                share?.update()
                guard let current = claimed else {
                    try confirm(with: processor)
                    try state.carryOut()  // nothing free now: report what is done
                    guard try claims.openClaimsRemain() else {
                        share?.update(now: true)
                        return
                    }
                    // another worker holds the next file of every hospital left: looked at again
                    // soon (a drop of a contended night commits within milliseconds), then less often
                    usleep(idle.next())
                    continue
                }
                idle = IdleWait()
                var claimFailure: YidiError?  // reported once the committed drops' outputs are carried out
                if !Interruption.isRequested {
                    do throws(YidiError) {
                        (next, claimFailure) = try claimNext(with: processor)
                    } catch {
                        current.abandon()
                        throw error
                    }
                }
                try send(current, with: processor)
                lastHospital = current.claim.file.hospital
                if next == nil || claimFailure != nil || state.isReportDue {
                    try confirm(with: processor)
                    if next == nil { lastHospital = nil }
                    try state.carryOut()
                }
                if let claimFailure { throw claimFailure }
            }
            state.interrupted()
            try confirm(with: processor)
            try state.carryOut()
        } catch {
            if let last = unanswered.take() {
                // reported if it went through; if not, its file stays in the inbox for the next run
                if case .success = last.sent.answer.wait() { state.committed([last.sent.outcome]) }
                last.claimed.keeper.stop()
            }
            state.carryOut(after: error)
            throw error
        }
    }

    /// Processes the claimed drop `current`, its commit sent for a later answer, then confirms
    /// the drop sent before it (``unanswered``), which `current`'s drop then replaces. If that
    /// confirmation fails, `current`'s drop is left unanswered, to be awaited and reported if it
    /// went through.
    private mutating func send(_ current: Claimed, with processor: DropProcessor) throws(YidiError) {
        let sent: DropProcessor.SentDrop?
        do throws(YidiError) { sent = try processClaimed(current, with: processor, answeredLater: true) } catch {
            current.keeper.stop()
            throw error
        }
        let justSent = sent.map { Unanswered(claimed: current, sent: $0) }
        if justSent == nil { current.keeper.stop() }
        do throws(YidiError) { try confirm(with: processor) } catch {
            unanswered = justSent
            throw error
        }
        unanswered = justSent
        if justSent?.sent.answer.isFulfilled ?? false { try confirm(with: processor) }
    }

    /// The next file, claimed while the current drop is processed: passing over `lastHospital`,
    /// and, when nothing else is free, once the drop before is answered (which may free that
    /// hospital's next file) without it. A failure to claim is returned, to be thrown once the
    /// committed drops' outputs are carried out; a failure of the drop before is thrown.
    private mutating func claimNext(with processor: DropProcessor) throws(YidiError) -> (Claimed?, YidiError?) {
        do throws(YidiError) {
            if let next = try claimAndOpen(with: processor, skipping: lastHospital.map { [$0] } ?? []) { return (next, nil) }
        } catch { return (nil, error) }
        guard lastHospital != nil else { return (nil, nil) }
        try confirm(with: processor)
        lastHospital = nil
        do throws(YidiError) { return (try claimAndOpen(with: processor, skipping: []), nil) } catch { return (nil, error) }
    }

    /// How long a worker with nothing free to claim waits before it looks again: 5 ms, doubled
    /// up to 100 ms while nothing comes free.
    private struct IdleWait {
        private var micros: UInt32 = 5_000

        mutating func next() -> UInt32 {
            defer { micros = min(micros * 2, 100_000) }
            return micros
        }
    }

    /// A drop whose commit was sent and not yet answered, with its claim (its lease is kept
    /// until the answer).
    private struct Unanswered {
        let claimed: Claimed
        let sent: DropProcessor.SentDrop
    }

    /// Waits for the answer of the `unanswered` drop, if any, and adds its outcome to
    /// the night's committed drops: the drop's, or, when its commit was refused, that of its
    /// assessment again.
    private mutating func confirm(with processor: DropProcessor) throws(YidiError) {
        guard let drop = unanswered.take() else { return }
        defer { drop.claimed.keeper.stop() }
        try FaultInjection.check("answer \(drop.claimed.claim.file.name)")  // sent, perhaps committed, not reported
        switch drop.sent.answer.wait() {
        case .success:
            state.committed([drop.sent.outcome])
        case .failure(let refusal):
            let again = try processClaimed(drop.claimed, with: processor, answeredLater: false, after: refusal)
            if let again { state.committed([again.outcome]) }  // confirmed by processClaimed
        }
    }

    /// The next file for this worker, claimed, its lease kept and its reading begun; nil when
    /// no file is free now.
    private func claimAndOpen(with processor: DropProcessor, skipping: [String]) throws(YidiError) -> Claimed? {
        let lease = Self.leaseSeconds
        guard let claim = try claims.claimNext(worker: worker, runID: runID, leaseSeconds: lease, skipping: skipping) else { return nil }
        share?.claimed(claim.file.key)
        let keeper = try claims.leaseKeeper(for: claim, leaseSeconds: lease)
        let opened = Result { () throws(YidiError) in try processor.open(inboxFile: claim.file.name, claim: claim) }
        return Claimed(claim: claim, keeper: keeper, opened: opened)
    }

    /// One claimed file: processed (again if it lost a race on a unique key, or if `failure`,
    /// the refusal of its commit answered later, says so); nil when there is no outcome to
    /// report (vanished, unreadable: the claim is ended). Only the first assessment's commit
    /// is answered later (`answeredLater`): one made again is confirmed here.
    private mutating func processClaimed(
        _ claimed: Claimed, with processor: DropProcessor,
        answeredLater: Bool, after failure: YidiError? = nil
    ) throws(YidiError) -> DropProcessor.SentDrop? {
        let claim = claimed.claim
        var again = Reassessment(processor: processor)
        again.processor.identityChecks = .atCommit  // a refused commit is assessed again below
        if let failure {
            guard try reassess(claim, after: failure, &again) else { return nil }
        }
        while true {
            do throws(YidiError) {
                // the file read ahead serves the first assessment only: each one again reads it anew
                let first = again.isFirst
                let drop = try first ? claimed.opened.get() : again.processor.open(inboxFile: claim.file.name, claim: claim)
                let later = answeredLater && first
                let sent = try again.processor.send(drop, answeredLater: later)
                if !later { _ = try sent.confirmed() }  // a refusal is caught below
                return sent
            } catch {
                guard try reassess(claim, after: error, &again) else { return nil }
            }
        }
    }

    /// How often a claimed drop was assessed, and how the next assessment asks about ids.
    private struct Reassessment {
        var processor: DropProcessor
        /// Assessments again after a conflict on an id or a deadlock.
        var tries = 0
        /// Assessments again because a claim's accumulators changed before the commit (counted
        /// apart: they are the expected price of persons seen by several workers).
        var accumulatorTries = 0

        /// Whether no assessment was made yet.
        var isFirst: Bool { tries == 0 && accumulatorTries == 0 }
    }

    /// After `error` ended an assessment of the drop of `claim`: true when it is to be assessed
    /// again (`again` says how), false when there is nothing to report (the claim is ended);
    /// any other failure is thrown.
    private mutating func reassess(
        _ claim: InboxClaim, after error: YidiError,
        _ again: inout Reassessment
    ) throws(YidiError) -> Bool {
        let name = claim.file.name
        if error.conflict == .idsAcceptedBefore && again.tries < Self.reassessments {
            // an id the drop took for new had been accepted before: assessed again, asking
            // first (in batches: a big drop's last batch may be the one)
            again.tries += 1
            again.processor.identityChecks = .asked
            run.logger.info("drop assessed again: an id it took for new was accepted before", metadata: ["file": "\(name)"])
            return true
        }
        if error.conflict == .accumulatorsChanged && again.accumulatorTries < Self.reassessmentsOnAccumulators {
            // another drop of the same person committed while this one was read: assessed again
            // on what is committed now. Each refusal means another drop went through, so the
            // night progresses; the bound only stops a drop that never could
            again.accumulatorTries += 1
            run.logger.info("drop assessed again: a person's accumulators changed before its commit", metadata: ["file": "\(name)"])
            return true
        }
        if [.keyTakenConcurrently, .deadlock].contains(error.conflict) && again.tries < Self.reassessments {
            // a worker cut off long enough for its claim to be taken over meets the rows of
            // the worker that took it: the drop is no longer its own to assess
            guard try claims.holds(claim) else {
                throw YidiError(.tempFail, "the claim on \(name) was taken over by another worker: this drop was not committed")
            }
            // another worker accepted the same id first (or two drops waited on each other's
            // accumulator keys): assessed again, now seeing what that worker committed; each id
            // asked at once, so that an id accepted before is a B002 and never a second conflict
            // on its insert
            again.tries += 1
            again.processor.identityChecks = .oneByOne
            run.logger.notice("drop assessed again after a concurrent acceptance", metadata: ["file": "\(name)"])
            return true
        }
        switch error.kind {
        case .noInput:
            run.logger.warning("drop vanished before it was read", metadata: ["file": "\(name)"])
            try claims.endClaim(claim, processed: true)
            return false
        case .unreadable:
            run.logger.error("unreadable drop left in the inbox", metadata: ["file": "\(name)", "cause": "\(error.message)"])
            state.leftUnreadable(name)
            try claims.endClaim(claim, processed: false)
            return false
        default:
            throw error
        }
    }
}
