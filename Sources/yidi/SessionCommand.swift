import ArgumentParser
import YidiCore

/// How every writing command ends (outputs.md: metrics after every command but `validate`):
/// whatever its exit code, refusals included, it records how it ended and writes the metrics.
enum SessionCommand {
    /// Opens the workspace session (nothing is recorded when even that fails: no ledger), runs
    /// `body`, which returns the exit code, then finishes the command and exits with its code.
    static func run(
        _ command: CommandKind, root: String,
        _ body: (WorkspaceSession) throws(YidiError) -> Int32
    ) throws(ExitCode) {
        let start = ContinuousClock.now
        // a session that cannot open is refused in the workspace's language where its settings
        // read; where they do not, the session's own refusal says why
        if case .success(let settings) = Result(catching: { () throws(YidiError) in
            try Settings.load(path: Workspace(root: root).settingsFile)
        }) {
            Diagnostics.use(settings.language)
        }
        let session = try Diagnostics.orExit { () throws(YidiError) in try WorkspaceSession(root: root, command: command) }
        var code: Int32
        var failure: YidiError?
        do {
            code = try body(session)
        } catch {
            Diagnostics.printError(error)
            code = error.kind.exitCode
            failure = error
        }
        do {
            try session.finish(command: command, exitCode: code, since: start, failure: failure)
        } catch {
            Diagnostics.printError(error)
            if code == 0 || code == 1 { code = error.kind.exitCode }  // the job was done; its record was not
        }
        if code != 0 { throw ExitCode(code) }
    }
}
