import ArgumentParser
import Foundation
import YidiCore

/// `yidi status [DROP_ID | --run RUN_ID]`.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what happened: a drop's attempts with their errors, a run's drops and totals, or the latest runs.",
        discussion: """
            yidi status DROP_ID lists every attempt of a drop with its number, outcome, run and \
            errors; --run RUN_ID lists a run's drops and totals; \
            --outbox lists the file moves and outputs still pending, with how often each failed \
            and why (they are retried at every run); with none of these, the latest runs and a \
            count of pending entries. --json prints the same as JSON.

            Exit status: 0 shown, 66 not a workspace, or no such drop or run, 74 the ledger failed, \
            75 the ledger is busy, 78 settings broken.
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
            throw Diagnostics.fail(error)
        }
    }

    private func show(_ ledger: any Ledger, language: Language) throws {
        if let period = period.flatMap(ClearingPeriod.init) {
            let status = try PeriodStatus.read(ledger, period: period)
            print(json ? StatusOutput.json(status).rendered : StatusOutput.text(status, language))
        } else if let dropID {
            let attempts = try ledger.attempts(dropKey: dropID)
            guard !attempts.isEmpty else {
                throw Diagnostics.fail(YidiError(.noInput, zh: "账本中没有数据包 \(dropID)", en: "no drop \(dropID) in the ledger"))
            }
            let withErrors = try attempts.map { ($0, try ledger.errors(attemptID: $0.id)) }
            print(
                json
                    ? StatusOutput.json(attempts: withErrors, language: language).rendered
                    : StatusOutput.text(attempts: withErrors, language: language))
        } else if let runID {
            guard let record = try ledger.run(id: runID) else {
                throw Diagnostics.fail(YidiError(.noInput, zh: "账本中没有运行 \(runID)", en: "no run \(runID) in the ledger"))
            }
            let attempts = try ledger.attempts(runID: runID)
            print(
                json
                    ? StatusOutput.json(run: record, attempts: attempts).rendered
                    : StatusOutput.text(run: record, attempts: attempts, language))
        } else if outbox {
            let pending = try PendingOutput.read(ledger)
            if json {
                print(JSONValue.array(pending.map(StatusOutput.json)).rendered)
            } else {
                print(
                    pending.isEmpty
                        ? Phrase(zh: "outbox：没有待处理的条目", en: "outbox: nothing pending").text(in: language)
                        : pending.map { StatusOutput.text($0, language) }.joined(separator: "\n"))
            }
        } else {
            let runs = try ledger.latestRuns(limit: 10)
            print(
                json
                    ? JSONValue.array(runs.map(StatusOutput.json)).rendered
                    : runs.map { StatusOutput.text($0, language) }.joined(separator: "\n"))
            if !json {
                print(
                    "inbox: " + InboxBacklog.read(Workspace(root: workspace.root)).text(now: LocalDateTime.nowInChina().unixTime, language))
            }
            let pending = try PendingOutput.read(ledger)
            let failing = pending.filter { $0.entry.failures > 0 }.count
            if !json, !pending.isEmpty {
                print(
                    Phrase(
                        zh: "outbox：\(pending.count) 个待处理，\(failing) 个失败（yidi status --outbox）",
                        en: "outbox: \(pending.count) pending, \(failing) failing (yidi status --outbox)"
                    ).text(in: language))
                // what keeps failing is what an operator must act on: shown here with its error
                for entry in pending where entry.entry.failures > 0 {
                    print(StatusOutput.text(entry, language).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
    }
}
