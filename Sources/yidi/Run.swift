import ArgumentParser
import Foundation
import YidiCore

/// `yidi run`: the nightly job.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process every ready drop in inbox/, record it in the ledger, write the acknowledgements.",
        discussion: """
            Takes the workspace lock (exit 75 at once if another command holds it), checks the \
            reference data (exit 78), carries out what a crashed run left pending, then processes \
            each ready drop (*.xml.gz, no leading dot) in file-name order: hash, inflate, parse and \
            validate, classify, settle, and one ledger transaction per drop. Only after the commit \
            is the file moved to archive/YYYY-MM-DD/ or rejected/. Acknowledgements (ACK/NAK, with \
            every error) are written to outbox/ack/<fixmedins_code>/.

            Exit status: 0 every drop accepted or a duplicate, 1 at least one rejected (an ordinary \
            night: its NAK is written; treat it as success, e.g. SuccessExitStatus=1 in a systemd \
            unit), 74 an I/O error or an unreadable inbox file (left in place, the rest processed), \
            75 locked, 78 configuration or reference data broken.

            Run it from cron, e.g. 10 1 * * * yidi run --quiet --workspace /srv/yidi
            """)

    @Flag(help: "For cron: no line per drop and no progress line; only warnings and the run's summary line.")
    var quiet = false

    @OptionGroup var workspace: WorkspaceOption

    func run() throws {
        Interruption.install()
        try SessionCommand.run(.run, root: workspace.root) { (session) throws(YidiError) in
            CommandLogging.bootstrap(level: session.settings.logLevel, quiet: quiet)
            let progress = ProgressLine(enabled: CommandLogging.isTerminal && !quiet)
            defer { progress.finish() }
            let summary = try NightlyRun(
                session: session, progress: progress.isShown ? progress.counters : nil,
                report: { [quiet] outcome in
                    if !quiet { progress.print(RunOutput.line(outcome)) }
                }
            ).run()
            progress.finish()
            for name in summary.unreadable { Diagnostics.printLine("yidi: unreadable input: inbox/\(name) left in place") }
            RunOutput.printOutboxFailures(summary)
            if summary.interrupted { Diagnostics.printLine("yidi: try again: interrupted; the drops left in inbox/ wait for the next run") }
            print(RunOutput.summary(summary))
            return summary.exitCode
        }
    }
}

/// How `run` and `reprocess` report what they did.
enum RunOutput {
    /// One line per processed drop.
    static func line(_ o: DropOutcome) -> String {
        let a = o.attempt
        let name = a.dropID ?? "(unreadable header)"
        let records = a.kind?.recordsNoun(a.recordCount, .english) ?? "\(a.recordCount) records"
        var text =
            "\(a.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(name) attempt \(a.attempt)  "
            + "\(a.fileName.oneLine)  (\(records), \(a.lineCount) line\(a.lineCount == 1 ? "" : "s")"
        if a.errorCount > 0, let first = o.errors.first {
            text +=
                ", \(a.errorCount) error\(a.errorCount == 1 ? "" : "s"), first \(first.code)" + (first.line.map { " at line \($0)" } ?? "")
        }
        return text + ")"
    }

    /// Each outbox entry left pending, on standard error.
    static func printOutboxFailures(_ s: RunSummary) {
        if let failure = s.historyFailure {
            Diagnostics.printLine("yidi: \(failure.description) (reference-history/ not written; the next run writes it)")
        }
        for (entry, error) in s.outboxFailures {
            Diagnostics.printLine("yidi: \(error.description) (outbox entry \(entry.id), \(entry.kind.rawValue), kept pending)")
        }
    }

    /// The closing line of a run.
    static func summary(_ s: RunSummary) -> String {
        let count = { (status: AttemptStatus) in s.outcomes.filter { $0.attempt.status == status }.count }
        return "run \(s.runID): \(s.outcomes.count) drop\(s.outcomes.count == 1 ? "" : "s"): \(count(.accepted)) accepted, "
            + "\(count(.rejected)) rejected, \(count(.duplicate)) duplicate"
            + (s.unreadable.isEmpty ? "" : ", \(s.unreadable.count) unreadable")
            + (s.outboxFailures.isEmpty
                ? "" : ", \(s.outboxFailures.count) outbox entr\(s.outboxFailures.count == 1 ? "y" : "ies") pending")
    }
}
