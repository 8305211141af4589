import Foundation
import Testing
@testable import YidiCore

@Suite("SyncBatch: a small group synced file by file, a large one by file system")
struct SyncBatchTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "yidi-sync-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/a", withIntermediateDirectories: true)
        return path
    }

    @Test func anAcknowledgementAndAMoveAreSyncedOneByOne() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }  // a test's scratch folder
        let batch = SyncBatch()
        try AtomicFile.write(root + "/a/ack.xml", batch: batch, text: "<ack/>")
        #expect(FileManager.default.createFile(atPath: root + "/drop.xml.gz", contents: Data([1, 2, 3])))
        try Paths.move(root + "/drop.xml.gz", to: root + "/a/drop.1.xml.gz", batch: batch)
        #expect(try batch.sync() == .eachFile)
        #expect(batch.isEmpty, "a synced batch starts over")
        #expect(try batch.sync() == .nothing)
        #expect(try String(contentsOfFile: root + "/a/ack.xml", encoding: .utf8) == "<ack/>")
    }

    @Test func manyFilesAreSyncedByFileSystem() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }  // a test's scratch folder
        let batch = SyncBatch()
        for i in 0..<SyncBatch.targetedLimit {
            try AtomicFile.write(root + "/a/ack\(i).xml", batch: batch, text: "<ack n=\"\(i)\"/>")
        }
        #expect(try batch.sync() == .fileSystems)
        #expect(try String(contentsOfFile: root + "/a/ack3.xml", encoding: .utf8) == "<ack n=\"3\"/>")
    }

    @Test func aFileMovedOnWithinTheGroupFallsBackToTheFileSystem() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }  // a test's scratch folder
        let batch = SyncBatch()
        #expect(FileManager.default.createFile(atPath: root + "/drop.xml.gz", contents: Data([1])))
        try Paths.move(root + "/drop.xml.gz", to: root + "/a/drop.1.xml.gz", batch: batch)
        try Paths.move(root + "/a/drop.1.xml.gz", to: root + "/drop.2.xml.gz", batch: batch)
        #expect(try batch.sync() == .fileSystems)
    }

    @Test func aReplayedMoveIsSyncedAllTheSame() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }  // a test's scratch folder
        let batch = SyncBatch()
        #expect(FileManager.default.createFile(atPath: root + "/a/drop.1.xml.gz", contents: Data([7])))
        #expect(FileManager.default.createFile(atPath: root + "/drop.xml.gz", contents: Data([7])))
        try Paths.move(root + "/drop.xml.gz", to: root + "/a/drop.1.xml.gz", batch: batch)
        #expect(!batch.isEmpty, "the crash may have come between the earlier rename and its sync")
        #expect(try batch.sync() == .eachFile)
    }

    @Test func aFolderThatIsGoneIsAnError() throws {
        let batch = SyncBatch()
        batch.touch("/nonexistent-yidi-folder")
        #expect(throws: YidiError.self) { try batch.sync() }
    }
}
