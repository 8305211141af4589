import ArgumentParser
import YidiCore

/// `yidi validate FILE...`: check drops without writing anything.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check drops against the schemas and the header rules; writes nothing.",
        discussion: """
            Every file is inflated, parsed and validated in one streaming pass. Each error is \
            printed as FILE:LINE: CODE message (line 0 when the error is not about a place in \
            the XML, e.g. a corrupt gzip stream), then one summary line per file.

            With a workspace (--workspace DIR or $YIDI_WORKSPACE), its yidi.toml limits and \
            reference data apply, and every line is classified and every settlement and claim \
            recomputed under the rules (R and B codes). validate reads no ledger: B002 and \
            reversals of settlements of other drops are not checked.

            Exit status: 0 when every file is valid, 65 when one is invalid, 66 when a file \
            does not exist, 78 when the workspace's settings or reference data are broken.
            """)

    @Argument(help: "Drop files (*.xml.gz).")
    var files: [String]

    @Flag(help: "Print the errors as one JSON array instead of text.")
    var json = false

    @OptionGroup var workspace: WorkspaceOption

    func run() throws {
        var check = DropCheck(limits: DropLimits())
        if let root = workspace.namedRoot {
            let ws = Workspace(root: root)
            check.limits = try Diagnostics.orExit { () throws(YidiError) in try Settings.load(path: ws.settingsFile).limits }
            check.reference = try Diagnostics.orExit { () throws(YidiError) in
                try ReferenceData.load(directory: ws.referenceDirectory)
            }
        }
        var missing = false
        var invalid = false
        var records: [ValidationOutput.Record] = []
        for file in files {
            do throws(YidiError) {
                let result = try check.run(path: file)
                invalid = invalid || !result.isValid
                if json {
                    records += result.errors.map { ValidationOutput.Record(file: file, error: $0) }
                } else {
                    ValidationOutput.printText(result, file: file)
                }
            } catch {
                Diagnostics.printError(error)
                guard error.kind == .noInput else { throw ExitCode(error.kind.exitCode) }
                missing = true
            }
        }
        if json { print(ValidationOutput.json(records)) }
        if missing { throw ExitCode(66) }
        if invalid { throw ExitCode(65) }
    }
}
