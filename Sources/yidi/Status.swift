import Foundation
import ArgumentParser
import YidiCore

/// `yidi status [DROP_ID | --run RUN_ID]`.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what happened: a drop's attempts with their errors, a run's drops and totals, or the latest runs.",
        discussion: """
            yidi status DROP_ID lists every attempt of a drop with its number, outcome, run and \
            errors (exit 66 for an unknown drop_id); --run RUN_ID lists a run's drops and totals; \
            --outbox lists the file moves and outputs still pending, with how often each failed \
            and why (they are retried at every run); with none of these, the latest runs and a \
            count of pending entries. --json prints the same as JSON.
            """)

    @Argument(help: "A drop_id.")
    var dropID: String?

    @Option(name: .customLong("run"), help: "A run id.")
    var runID: Int64?

    @Option(help: ArgumentHelp("A clearing period: open or closed, issue and due dates, pairs.", valueName: "YYYY-MM"))
    var period: String?

    @Flag(help: "List the outbox entries (file moves, outputs) still pending, with their errors.")
    var outbox = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var lang: LanguageOption

    func validate() throws {
        if [dropID != nil, runID != nil, period != nil, outbox].filter({ $0 }).count > 1 {
            throw ValidationError("give one of DROP_ID, --run, --period, --outbox")
        }
        if let period, ClearingPeriod(period) == nil { throw ValidationError("--period must be YYYY-MM") }
    }

    func run() throws {
        let ws = Workspace(root: workspace.root)
        let settings = try Diagnostics.orExit { () throws(YidiError) in try Settings.load(path: ws.settingsFile) }
        Diagnostics.use(lang.language(settings))
        let ledger = try Diagnostics.orExit { () throws(YidiError) in
            try WorkspaceSession.openLedgerForReading(settings.ledger, workspace: ws)
        }
        defer {
            // outputs.md: metrics after every command. status only reads: someone who may read the
            // workspace but not write it still gets the answer, with a warning instead of a failure.
            do throws(YidiError) { try MetricsFile.write(ledger: ledger, workspace: ws, settings: settings) } catch {
                Diagnostics.printLine("yidi: warning: metrics not written: \(error.message)")
            }
        }
        do {
            try show(ledger, language: lang.language(settings))
        } catch let error as YidiError {
            // a ledger that opened but failed a read: its own status (74), never 1 ("a drop was rejected")
            Diagnostics.printError(error)
            throw ExitCode(error.kind.exitCode)
        }
    }

    private func show(_ ledger: any Ledger, language: Language) throws {
        if let period = period.flatMap(ClearingPeriod.init) {
            let status = try PeriodStatus.read(ledger, period: period)
            print(json ? StatusOutput.json(status).rendered : StatusOutput.text(status))
        } else if let dropID {
            let attempts = try ledger.attempts(dropKey: dropID)
            guard !attempts.isEmpty else {
                Diagnostics.printError(YidiError(.noInput, zh: "账本中没有数据包 \(dropID)", en: "no drop \(dropID) in the ledger"))
                throw ExitCode(66)
            }
            let withErrors = try attempts.map { ($0, try ledger.errors(attemptID: $0.id)) }
            print(json ? StatusOutput.json(attempts: withErrors, language: language).rendered
                  : StatusOutput.text(attempts: withErrors, language: language))
        } else if let runID {
            guard let record = try ledger.run(id: runID) else {
                Diagnostics.printError(YidiError(.noInput, zh: "账本中没有运行 \(runID)", en: "no run \(runID) in the ledger"))
                throw ExitCode(66)
            }
            let attempts = try ledger.attempts(runID: runID)
            print(json ? StatusOutput.json(run: record, attempts: attempts).rendered : StatusOutput.text(run: record, attempts: attempts))
        } else if outbox {
            let pending = try PendingOutput.read(ledger)
            if json {
                print(JSONValue.array(pending.map(StatusOutput.json)).rendered)
            } else {
                print(pending.isEmpty ? "outbox: nothing pending" : pending.map(StatusOutput.text).joined(separator: "\n"))
            }
        } else {
            let runs = try ledger.latestRuns(limit: 10)
            print(json ? JSONValue.array(runs.map(StatusOutput.json)).rendered : runs.map(StatusOutput.text).joined(separator: "\n"))
            if !json {
                print("inbox: " + InboxBacklog.read(Workspace(root: workspace.root)).text(now: LocalDateTime.nowInChina().unixTime))
            }
            let pending = try PendingOutput.read(ledger)
            let failing = pending.filter { $0.entry.failures > 0 }.count
            if !json, !pending.isEmpty {
                print("outbox: \(pending.count) pending, \(failing) failing (yidi status --outbox)")
                // what keeps failing is what an operator must act on: shown here with its error
                for entry in pending where entry.entry.failures > 0 {
                    print(StatusOutput.text(entry).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
    }
}

enum StatusOutput {
    static func text(_ status: PeriodStatus) -> String {
        let (period, issued, closedWith, pairs) = (status.period, status.issued, status.closedWith, status.pairs)
        let net = pairs.reduce(Amount.zero) { $0 + $1.totals.clearingAmount }
        var state = "open"
        if let issued {
            state = "closed, issued \(issued.issueDate)"
            if let due = issued.due {
                state += " (submit by \(due.submitBy), transfer by \(due.transferBy), feedback by \(due.feedbackBy))"
            }
        } else if let closedWith {
            state = "closed with \(closedWith) (nothing to clear)"
        }
        var lines = ["period \(period): \(state)  \(pairs.count) pairs, clearing \(net)"]
        for p in pairs {
            lines.append("  \(p.insuredProvince) -> \(p.treatmentProvince)  \(p.totals.settlementCount) settlements, "
                         + "\(p.totals.reversalCount) reversals, clr_amt \(p.totals.clearingAmount)"
                         + (status.reconciliation == nil ? "" : ", dedc_amt \(p.totals.deductedAmount), due_amt \(p.totals.dueAmount)"))
        }
        if let r = status.reconciliation {
            lines.append("  reconciliation issued \(r.issueDate), feedback by \(r.feedbackBy): \(r.candidates) candidates, "
                         + "\(r.confirmed) confirmed, \(r.excluded) excluded, \(r.deducted) deducted")
            lines.append("  no feedback from: " + (r.silentProvinces.isEmpty ? "-" : r.silentProvinces.joined(separator: " ")))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ status: PeriodStatus) -> JSONValue {
        let (period, issued, closedWith, pairs) = (status.period, status.issued, status.closedWith, status.pairs)
        let due = issued?.due
        let recon: JSONValue = status.reconciliation.map { r in
            .object([("issue_date", .string(r.issueDate.description)), ("feedback_by", .string(r.feedbackBy.description)),
                     ("candidates", .int(r.candidates)), ("confirmed", .int(r.confirmed)), ("excluded", .int(r.excluded)),
                     ("deducted", .int(r.deducted)), ("silent_provinces", .array(r.silentProvinces.map(JSONValue.string)))])
        } ?? .null
        return .object([
            ("period", .string(period.description)), ("status", .string(issued == nil && closedWith == nil ? "open" : "closed")),
            ("issue_date", issued.map { .string($0.issueDate.description) } ?? .null),
            ("closed_with", closedWith.map { .string($0.description) } ?? .null),
            ("submit_by", due.map { .string($0.submitBy.description) } ?? .null),
            ("transfer_by", due.map { .string($0.transferBy.description) } ?? .null),
            ("feedback_by", due.map { .string($0.feedbackBy.description) } ?? .null),
            ("pairs", .array(pairs.map { p in .object([
                ("insu_prov", .string(p.insuredProvince)), ("mdtrt_prov", .string(p.treatmentProvince)),
                ("setl_cnt", .int(p.totals.settlementCount)), ("revs_cnt", .int(p.totals.reversalCount)),
                ("clr_amt", .string(p.totals.clearingAmount.description))]) })),
            ("reconciliation", recon),
        ])
    }

    static func text(attempts: [(AttemptRecord, [DropError])], language: Language) -> String {
        attempts.map { a, errors in
            var lines = ["attempt \(a.attempt)  \(a.status.rawValue)  run \(a.runID)  \(a.receivedAt)  \(a.fileName.oneLine)  "
                         + "sha256 \(a.sha256.prefix(12))…  \(a.errorCount) error\(a.errorCount == 1 ? "" : "s")  \(a.storedPath)"]
            lines += errors.map { "    line \($0.line ?? 0): \($0.code) \(ValidationOutput.message($0, language).oneLine)" }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func text(run: RunRecord, attempts: [AttemptRecord]) -> String {
        var lines = [text(run)]
        lines += attempts.map { "  \($0.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.dropID ?? "(unreadable)") "
            + "attempt \($0.attempt)  \($0.fileName.oneLine)  \($0.recordCount) records, \($0.lineCount) lines, \($0.errorCount) errors" }
        let records = attempts.filter { $0.status == .accepted }.reduce(0) { $0 + $1.recordCount }
        let lineCount = attempts.filter { $0.status == .accepted }.reduce(0) { $0 + $1.lineCount }
        lines.append("  totals: \(attempts.count) drops, \(attempts.filter { $0.status == .accepted }.count) accepted, "
                     + "\(attempts.filter { $0.status == .rejected }.count) rejected, "
                     + "\(attempts.filter { $0.status == .duplicate }.count) duplicate; accepted \(records) records, \(lineCount) lines")
        return lines.joined(separator: "\n")
    }

    static func text(_ r: RunRecord) -> String {
        "run \(r.id)  \(r.command)  started \(r.startedAt)  " + (r.finishedAt.map { "finished \($0)  exit \(r.exitCode ?? 0)" } ?? "not finished")
            + (r.failure.map { "\n    failed: \($0.oneLine)" } ?? "")
    }

    static func json(attempts: [(AttemptRecord, [DropError])], language: Language) -> JSONValue {
        .object([("drop_id", .string(attempts.first?.0.dropKey ?? "")), ("attempts", .array(attempts.map { a, errors in
            var fields = attemptFields(a)
            fields.append(("errors", .array(errors.map { .object(ValidationOutput.jsonFields($0, language)) })))
            return .object(fields)
        }))])
    }

    static func json(run: RunRecord, attempts: [AttemptRecord]) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if case .object(let r) = json(run) { fields = r }
        fields.append(("drops", .array(attempts.map { .object(attemptFields($0)) })))
        let accepted = attempts.filter { $0.status == .accepted }
        fields.append(("totals", .object([
            ("drops", .int(attempts.count)), ("accepted", .int(accepted.count)),
            ("rejected", .int(attempts.filter { $0.status == .rejected }.count)),
            ("duplicate", .int(attempts.filter { $0.status == .duplicate }.count)),
            ("records", .int(accepted.reduce(0) { $0 + $1.recordCount })),
            ("lines", .int(accepted.reduce(0) { $0 + $1.lineCount })),
        ])))
        return .object(fields)
    }

    static func text(_ p: PendingOutput) -> String {
        let e = p.entry
        var line = "entry \(e.id)  \(e.kind.rawValue)"
        if let dropID = p.dropID { line += "  \(dropID.oneLine)" }
        if let attempt = p.attempt { line += " attempt \(attempt)" }
        if let sender = p.sender { line += "  from \(sender.oneLine)" }
        if case .move(_, let from, _) = e.task { line += "  \(from.oneLine)" }
        line += "  -> \(p.target.oneLine)  (run \(e.runID))"
        if e.failures > 0 {
            line += "\n    failing since \(e.firstFailedAt ?? "before this version kept the time"), "
                + "\(e.failures) time\(e.failures == 1 ? "" : "s"): \(e.lastError?.oneLine ?? "")"
        }
        return line
    }

    static func json(_ p: PendingOutput) -> JSONValue {
        let e = p.entry
        return .object([("id", .int(Int(e.id))), ("run_id", .int(Int(e.runID))), ("kind", .string(e.kind.rawValue)),
                        ("task", task(e.task)), ("drop_id", p.dropID.map { .string($0) } ?? .null),
                        ("attempt", p.attempt.map { .int($0) } ?? .null), ("sender", p.sender.map { .string($0) } ?? .null),
                        ("target", .string(p.target)), ("failures", .int(e.failures)),
                        ("first_failed_at", e.firstFailedAt.map { .string($0) } ?? .null),
                        ("last_error", e.lastError.map { .string($0) } ?? .null)])
    }

    static func task(_ t: OutboxEntry.Task) -> JSONValue {
        switch t {
        case .acknowledge(let attempt): .object([("attempt_id", .int(Int(attempt)))])
        case .move(let attempt, let from, let to):
            .object([("attempt_id", .int(Int(attempt))), ("from", .string(from)), ("to", .string(to))])
        case .settlementFile(let province), .reimbursementFile(let province): .object([("province", .string(province))])
        case .reconStatement(let period, let province): .object([("period", .string(period.description)), ("province", .string(province))])
        }
    }

    static func json(_ r: RunRecord) -> JSONValue {
        .object([("run_id", .int(Int(r.id))), ("command", .string(r.command)), ("started_at", .string(r.startedAt)),
                 ("finished_at", r.finishedAt.map { .string($0) } ?? .null), ("exit_code", r.exitCode.map { .int($0) } ?? .null),
                 ("failure", r.failure.map { .string($0) } ?? .null)])
    }

    static func attemptFields(_ a: AttemptRecord) -> [(String, JSONValue)] {
        [("drop_id", a.dropID.map { .string($0) } ?? .null), ("attempt", .int(a.attempt)), ("status", .string(a.status.rawValue)),
         ("run_id", .int(Int(a.runID))), ("file_name", .string(a.fileName)), ("sha256", .string(a.sha256)),
         ("received_at", .string(a.receivedAt)), ("kind", a.kind.map { .string($0.rawValue) } ?? .null),
         ("record_cnt", .int(a.recordCount)), ("line_cnt", .int(a.lineCount)), ("medfee_sumamt", .string(a.controlSum.description)),
         ("error_cnt", .int(a.errorCount)), ("stored_path", .string(a.storedPath))]
    }
}
