import ArgumentParser
import Foundation

/// `--workspace DIR`, shared by every command but `init`.
struct WorkspaceOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The workspace directory (default: $YIDI_WORKSPACE, else the current directory).",
            valueName: "dir"))
    var workspace: String?

    /// The workspace named on the command line or in `$YIDI_WORKSPACE`, if any.
    var namedRoot: String? { workspace ?? ProcessInfo.processInfo.environment["YIDI_WORKSPACE"] }

    /// The workspace to use: the named one, else the current directory.
    var root: String { namedRoot ?? FileManager.default.currentDirectoryPath }
}
