import ArgumentParser
import Foundation
import YidiCore

/// `yidi init DIR [--sample]`: create a workspace.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a workspace (reference/, inbox/, archive/, rejected/, outbox/, metrics/).",
        discussion: """
            With --sample, reference/ receives the sample reference data that the drops in \
            SampleDrops/ go with: provinces, institutions, a catalog over all 14 expense \
            categories, mappings, policies, the five chronic diseases and the 2025–2026 \
            working-day calendar. An existing reference file is never overwritten.

            Exit status: 0 created (or already there), 74 the folders or files could not be written.
            """)

    @Argument(help: "The workspace directory to create.")
    var directory: String

    @Flag(help: "Copy the sample reference data into reference/.")
    var sample = false

    func run() throws {
        let files = try Diagnostics.orExit { () throws(YidiError) in try sampleFiles() }
        let workspace = try Diagnostics.orExit { () throws(YidiError) in
            try Workspace.create(at: directory, referenceFiles: files)
        }
        print("created workspace \(workspace.root)" + (sample ? " with sample reference data" : ""))
    }

    private func sampleFiles() throws(YidiError) -> [String] {
        guard sample else { return [] }
        // the bundle is part of the build: any failure to list it means the build is broken,
        // which the error below says (the cause would add nothing an operator can act on)
        guard let folder = Bundle.module.url(forResource: "sample", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else {
            throw YidiError(.internalError, "the sample reference data is missing from this build")
        }
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}
