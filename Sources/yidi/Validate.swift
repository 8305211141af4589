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

            A file that cannot be checked (missing: 66; a folder, unreadable: 74) is reported on \
            standard error and the other files are checked all the same; --json always prints \
            the array.

            Exit status: the worst of the files': 0 when every file is valid, 65 when one is \
            invalid, 66 when a file does not exist, 74 when one cannot be read; 78 when the \
            workspace's settings or reference data are broken.
            """)

    @Argument(help: "Drop files (*.xml.gz).")
    var files: [String]

    @Flag(help: "Print the errors as one JSON array instead of text.")
    var json = false

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var lang: LanguageOption

    func run() throws {
        Diagnostics.use(lang.language(nil))
        var check = DropCheck(limits: DropLimits())
        var settings: Settings?
        if let root = workspace.namedRoot {
            let ws = Workspace(root: root)
            let loaded = try Diagnostics.orExit { () throws(YidiError) in try Settings.load(path: ws.settingsFile) }
            settings = loaded
            Diagnostics.use(lang.language(loaded))
            check.limits = loaded.limits
            check.reference = try Diagnostics.orExit { () throws(YidiError) in
                try ReferenceData.load(directory: ws.referenceDirectory)
            }
        }
        let language = lang.language(settings)
        var worst: Int32 = 0
        var records: [ValidationOutput.Record] = []
        for file in files {
            do throws(YidiError) {
                let result = try check.run(path: file)
                if !result.isValid { worst = max(worst, YidiError.Kind.refused.exitCode) }
                if json {
                    records += result.errors.map { ValidationOutput.Record(file: file, error: $0) }
                } else {
                    ValidationOutput.printText(result, file: file, language: language)
                }
            } catch {
                // this argument is reported; the others are checked all the same
                Diagnostics.printError(error)
                worst = max(worst, error.kind.exitCode)
            }
        }
        if json { print(ValidationOutput.json(records, language: language)) }
        if check.reference == nil {
            // said plainly, on stderr (stdout keeps its format): a valid file here is only well formed
            Diagnostics.printLine(
                "yidi: only the drop format was checked (D codes and the F codes of a feedback line): "
                    + "name a workspace (--workspace DIR or $YIDI_WORKSPACE) to check the reference data and "
                    + "business rules (R, B and F codes) too")
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
