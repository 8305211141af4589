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

            Exit status: 0 when every file is valid, 65 when one is invalid, 66 when a file \
            does not exist.
            """)

    @Argument(help: "Drop files (*.xml.gz).")
    var files: [String]

    @Flag(help: "Print the errors as one JSON array instead of text.")
    var json = false

    func run() throws {
        let check = DropCheck(limits: DropLimits())
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
