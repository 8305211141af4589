import Foundation
import Testing

@testable import YidiCore

/// operations.md, "Faults that must not stop the night": a file move or an output that fails
/// stays pending and is retried, never stops the other drops, and never overwrites other bytes.
@Suite("Outbox faults: one poison entry never stops a night", .serialized)
struct OutboxFaultTests {
    static let good = ["2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz"]

    /// A file whose header cannot be read (not gzip): it goes to `rejected/_unknown/`.
    static func putUnreadable(_ ws: SampleWorkspace, _ name: String, bytes: String = "not a gzip stream") {
        #expect(FileManager.default.createFile(atPath: ws.root + "/inbox/" + name, contents: Data(bytes.utf8)))
    }

    static func metric(_ ws: SampleWorkspace, _ name: String) throws -> Int? {
        let text = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }.map {
            Int($0)
        }
    }

    @Test func aLegalLongFileNameIsShortenedWithAHash() throws {
        let ws = try SampleWorkspace(drops: Self.good)
        let name = String(repeating: "长", count: 80) + "-" + String(repeating: "x", count: 2) + ".xml.gz"  // 250 bytes
        #expect(name.utf8.count == 250)
        Self.putUnreadable(ws, name)
        let out = try ws.yidi(["run"])
        #expect(out.status == 1, "one rejected, nothing pending: \(out.stderr)")
        #expect(ws.files("inbox").isEmpty)
        let rejected = try #require(ws.files("rejected/_unknown").first)
        let ack = try #require(ws.files("outbox/ack/_unknown").first)
        #expect(rejected == name + ".1", "252 bytes: kept as operations.md names it")
        #expect(ack.utf8.count <= 255 && ack.hasPrefix(String(repeating: "长", count: 70)))
        #expect(ack.hasSuffix(".1.xml") && ack.contains("~"), "\(name).1.xml would be 256 bytes")
        #expect(try AckFile(path: ws.root + "/outbox/ack/_unknown/" + ack).fields["file_name"] == name, "the ACK names the file")
        #expect(try ws.ledger().pendingOutbox().isEmpty)
        // two long names that share their first 200 bytes stay two files
        let other = String(repeating: "长", count: 80) + "-" + "yy.xml.gz"
        Self.putUnreadable(ws, other)
        #expect(try ws.yidi(["run"]).status == 1)
        #expect(ws.files("rejected/_unknown").count == 2 && ws.files("outbox/ack/_unknown").count == 2)
    }

    @Test func aMoveAcrossFileSystemsCopiesSyncsAndRemoves() throws {
        let ws = try SampleWorkspace(drops: Self.good)
        let original = try Data(contentsOf: URL(fileURLWithPath: ws.root + "/inbox/" + Self.good[0]))
        let out = try ws.yidi(["run"], environment: ["YIDI_CROSS_DEVICE": "2025-10-05"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(ws.files("inbox").isEmpty)
        let archived = try #require(ws.files("archive").first { $0.hasSuffix("H11010200001-20251005-01.1.xml.gz") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.root + "/archive/" + archived)) == original)
        #expect(ws.files("archive").allSatisfy { !Paths.name(of: $0).hasPrefix(".") }, "no temporary file left")
    }

    /// `archive/` on a real second file system (a tmpfs), where rename fails with EXDEV.
    @Test(.enabled(if: TinyFileSystem.available)) func anArchiveOnAnotherFileSystem() throws {
        let ws = try SampleWorkspace(drops: Self.good)
        let fs = try TinyFileSystem(bytes: 4 * 1024 * 1024)
        try FileManager.default.removeItem(atPath: ws.root + "/archive")
        #expect(symlink(fs.path, ws.root + "/archive") == 0)
        let out = try ws.yidi(["run"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(ws.files("inbox").isEmpty)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: fs.path).filter { $0.hasSuffix(".xml.gz") }.count == 2)
    }

    /// A move that keeps failing (`rejected/_unknown` is a file, not a folder): the night is
    /// processed and acknowledged, the entry is retried, counted and shown, 74 at the end; once
    /// the cause is gone the next run carries it out.
    @Test func aPoisonEntryIsRetriedCountedShownAndNeverBlocksTheNight() throws {
        let ws = try SampleWorkspace(drops: [Self.good[0]])
        _ = try ws.ledger()  // the ledger exists before the workspace has history
        Self.putUnreadable(ws, "2025-10-04-broken.xml.gz")
        try FileManager.default.createDirectory(atPath: ws.root + "/rejected", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: ws.root + "/rejected/_unknown", contents: Data("in the way".utf8)))

        let first = try ws.yidi(["run"])
        #expect(first.status == 74, "\(first.stderr)")
        #expect(first.stderr.contains("kept pending") && first.stderr.contains("rejected/_unknown"), "\(first.stderr)")
        #expect(ws.files("inbox") == ["2025-10-04-broken.xml.gz"], "the good drop was processed and moved")
        #expect(ws.files("outbox/ack").count == 2, "both acknowledged")
        #expect(try Self.metric(ws, "yidi_outbox_pending") == 1)
        #expect(try Self.metric(ws, "yidi_outbox_failures_total") == 1)
        let shown = try ws.yidi(["status", "--lang", "en", "--outbox"])
        // named for the operator: the drop's file, where it goes, since when it fails
        #expect(
            shown.status == 0 && shown.stdout.contains("move") && shown.stdout.contains("inbox/2025-10-04-broken.xml.gz"), "\(shown.stdout)"
        )
        #expect(
            shown.stdout.contains("-> rejected/_unknown/2025-10-04-broken.xml.gz.1") && shown.stdout.contains("failing since 20"),
            "\(shown.stdout)")
        let status = try ws.yidi(["status", "--lang", "en"]).stdout
        #expect(status.contains("outbox: 1 pending, 1 failing") && status.contains(", 1 time: I/O error"), "\(status)")

        // the next night: still broken; its own drops go through, the poison file is not a new drop
        try ws.copySample(Self.good[1])
        let second = try ws.yidi(["run"])
        #expect(second.status == 74)
        #expect(ws.files("inbox") == ["2025-10-04-broken.xml.gz"])
        #expect(try ws.ledger().attempts(dropKey: "_unknown/2025-10-04-broken.xml.gz").count == 1, "not processed again")
        #expect(try Self.metric(ws, "yidi_outbox_failures_total") == 2)

        // the cause is removed: carried out
        unlink(ws.root + "/rejected/_unknown")
        let third = try ws.yidi(["run"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try ws.yidi(["status", "--lang", "en", "--outbox"]).stdout == "outbox: nothing pending\n")
        #expect(ws.files("inbox").isEmpty && ws.files("rejected") == ["_unknown/2025-10-04-broken.xml.gz.1"])
        #expect(try Self.metric(ws, "yidi_outbox_pending") == 0)
    }

    /// A pending move moves only the file its attempt read: a different file that arrived under
    /// the same name is a new drop.
    @Test func aPendingMoveLeavesADifferentFileUnderTheSameName() throws {
        let ws = try SampleWorkspace(drops: [])
        let name = "2025-10-04-broken.xml.gz"
        _ = try ws.ledger()  // the ledger exists before the workspace has history
        Self.putUnreadable(ws, name)
        #expect(FileManager.default.createFile(atPath: ws.root + "/rejected/_unknown", contents: Data("in the way".utf8)))
        #expect(try ws.yidi(["run"]).status == 74)
        // the hospital replaces the file with a good drop under the same name
        unlink(ws.root + "/inbox/" + name)
        try ws.copySample(Self.good[0], as: name)
        unlink(ws.root + "/rejected/_unknown")
        let out = try ws.yidi(["run"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(ws.files("rejected").isEmpty, "the new file was not taken for the old attempt")
        #expect(try ws.ledger().attempts(dropKey: "H11010200001-20251005-01").map(\.status) == [.accepted])
        #expect(try ws.ledger().pendingOutbox().isEmpty)
    }

    /// An archive path that already holds other bytes is never replaced: 70 naming both.
    @Test func anArchivePathWithOtherBytesIsNeverOverwritten() throws {
        let ws = try SampleWorkspace(drops: Self.good)
        _ = try ws.ledger()  // the ledger exists before the workspace has history
        let today = LocalDateTime.nowInChina().date
        let taken = ws.root + "/archive/\(today)/H11010200001-20251005-01.1.xml.gz"
        try FileManager.default.createDirectory(atPath: Paths.folder(of: taken), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: taken, contents: Data("someone else's file".utf8)))
        let out = try ws.yidi(["run"])
        #expect(out.status == 70, "\(out.stderr)")
        #expect(out.stderr.contains(taken) && out.stderr.contains("inbox/" + Self.good[0]), "\(out.stderr)")
        #expect(try String(contentsOfFile: taken, encoding: .utf8) == "someone else's file")
        #expect(ws.files("inbox") == [Self.good[0]], "the drop stays where it is")
        #expect(ws.files("archive").count == 2, "the other drop was archived")
    }

    /// An acknowledgement path that already holds other bytes: 70, and it is kept.
    @Test func anAcknowledgementWithOtherBytesIsNeverOverwritten() throws {
        let ws = try SampleWorkspace(drops: [Self.good[0]])
        _ = try ws.ledger()  // the ledger exists before the workspace has history
        let taken = ws.root + "/outbox/ack/H11010200001/H11010200001-20251005-01.1.xml"
        try FileManager.default.createDirectory(atPath: Paths.folder(of: taken), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: taken, contents: Data("<old/>".utf8)))
        let out = try ws.yidi(["run"])
        #expect(out.status == 70 && out.stderr.contains(taken), "\(out.stderr)")
        #expect(try String(contentsOfFile: taken, encoding: .utf8) == "<old/>")
    }
}
