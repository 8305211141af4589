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
            """)

    @Argument(help: "The workspace directory to create.")
    var directory: String

    @Flag(help: "Copy the sample reference data into reference/.")
    var sample = false

    func run() throws {
        do {
            var sampleFiles: [String] = []
            if sample {
                guard let folder = Bundle.module.url(forResource: "sample", withExtension: nil) else {
                    throw YidiError(.internalError, "the sample reference data is missing from this build")
                }
                sampleFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                    .filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
            }
            let workspace = try Workspace.create(at: directory, referenceFiles: sampleFiles)
            print("created workspace \(workspace.root)" + (sample ? " with sample reference data" : ""))
        } catch let error as YidiError {
            Diagnostics.printError(error)
            throw ExitCode(error.kind.exitCode)
        }
    }
}
