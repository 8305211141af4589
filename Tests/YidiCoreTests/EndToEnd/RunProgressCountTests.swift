import Foundation
import Synchronization
import Testing

@testable import YidiCore

/// The run's counters behind the line: records count while a drop is being recorded.
@Suite struct RunProgressCountTests {
    @Test func recordsCountWhileTheirDropIsRecordedAndMoveToAcceptedWhenItEnds() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        let session = try WorkspaceSession(root: ws.root, command: .run)
        let progress = RunProgress()
        let runID = try session.ledger.startRun(command: "run", startedAt: .nowInChina(), referenceHashes: [])
        var processor = try session.dropProcessor(runID: runID, spool: ProvinceSpool(workspace: session.workspace, runID: runID))
        processor.progress = progress
        _ = try processor.process(source: "inbox/2025-10-05-H11010200001-01.xml.gz", fileName: "2025-10-05-H11010200001-01.xml.gz")
        #expect(progress.recordingRecords.load(ordering: .relaxed) == 3, "the drop's three settlements, written and not yet reported")
        progress.finish(acceptedRecords: 3)
        #expect(progress.recordingRecords.load(ordering: .relaxed) == 0 && progress.acceptedRecords.load(ordering: .relaxed) == 3)
    }
}
