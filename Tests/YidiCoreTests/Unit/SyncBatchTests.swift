import Foundation
import Testing

@testable import YidiCore

@Suite("SyncBatch: a small group synced file by file, a large one by file system")
struct SyncBatchTests {
    @Test func anAcknowledgementAndAMoveAreSyncedOneByOne() throws {
        let dir = TemporaryDirectory()
        let batch = SyncBatch()
        try AtomicFile.write(dir.path + "/a/ack.xml", batch: batch, text: "<ack/>")
        let drop = dir.write("drop.xml.gz", bytes: [1, 2, 3])
        try Paths.move(drop, to: dir.path + "/a/drop.1.xml.gz", batch: batch)
        #expect(try batch.sync() == .eachFile)
        #expect(batch.isEmpty, "a synced batch starts over")
        #expect(try batch.sync() == .nothing)
        #expect(try String(contentsOfFile: dir.path + "/a/ack.xml", encoding: .utf8) == "<ack/>")
    }

    @Test func manyFilesAreSyncedByFileSystem() throws {
        let dir = TemporaryDirectory()
        let batch = SyncBatch()
        for i in 0..<SyncBatch.targetedLimit {
            try AtomicFile.write(dir.path + "/a/ack\(i).xml", batch: batch, text: "<ack n=\"\(i)\"/>")
        }
        #expect(try batch.sync() == .fileSystems)
        #expect(try String(contentsOfFile: dir.path + "/a/ack3.xml", encoding: .utf8) == "<ack n=\"3\"/>")
    }

    @Test func aFileMovedOnWithinTheGroupFallsBackToTheFileSystem() throws {
        let dir = TemporaryDirectory()
        let batch = SyncBatch()
        let drop = dir.write("drop.xml.gz", bytes: [1])
        try Paths.move(drop, to: dir.path + "/a/drop.1.xml.gz", batch: batch)
        try Paths.move(dir.path + "/a/drop.1.xml.gz", to: dir.path + "/drop.2.xml.gz", batch: batch)
        #expect(try batch.sync() == .fileSystems)
    }

    @Test func aReplayedMoveIsSyncedAllTheSame() throws {
        let dir = TemporaryDirectory()
        let batch = SyncBatch()
        try FileManager.default.createDirectory(atPath: dir.path + "/a", withIntermediateDirectories: true)
        let moved = dir.write("a/drop.1.xml.gz", bytes: [7])
        let drop = dir.write("drop.xml.gz", bytes: [7])
        try Paths.move(drop, to: moved, batch: batch)
        #expect(!batch.isEmpty, "the crash may have come between the earlier rename and its sync")
        #expect(try batch.sync() == .eachFile)
    }

    @Test func aFolderThatIsGoneIsAnError() throws {
        let batch = SyncBatch()
        batch.touch("/nonexistent-yidi-folder")
        #expect(throws: YidiError.self) { try batch.sync() }
    }
}
