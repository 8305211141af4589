import Foundation
import GRDB
import Testing

@testable import YidiCore

/// operations.md, "Faults that must not stop the night": a ledger that is lost, broken or full.
@Suite("Faults of the ledger itself: never a crash, never a second acceptance", .serialized)
struct LedgerFaultTests {
    static let drops = FaultTests.drops

    /// A workspace after one night, with one more drop waiting in the inbox.
    static func nightAfter() throws -> SampleWorkspace {
        let ws = try SampleWorkspace(drops: Array(drops.prefix(2)))
        #expect(try ws.yidi(["run"]).status == 0)
        try ws.copySample(drops[2])
        return ws
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// What must hold after a refused or failed command: the inbox as it was, archive unchanged.
    static func untouched(_ ws: SampleWorkspace, archive: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ws.files("inbox") == [drops[2]], sourceLocation: sourceLocation)
        #expect(ws.files("archive") == archive, sourceLocation: sourceLocation)
    }

    @Test func aDeletedLedgerIsNotRecreatedInAWorkspaceWithHistory() throws {
        let ws = try Self.nightAfter()
        let archive = ws.files("archive")
        let path = ws.root + "/ledger.sqlite"
        Self.remove(path)
        // the hospital resends yesterday's drop: a new ledger would accept it again
        try ws.copySample(Self.drops[0], as: "zz-" + Self.drops[0])
        for command in [["run"], ["status"], ["reprocess", "X"], ["clear", "--period", "2025-10"]] {
            let out = try ws.yidi(command)
            #expect(out.status == 78, "\(command): \(out.stderr)")
            #expect(out.stderr.contains(path) && out.stderr.contains("history"), "\(command): \(out.stderr)")
        }
        #expect(!Paths.exists(path), "no ledger was created")
        #expect(ws.files("inbox").count == 2 && ws.files("archive") == archive)
    }

    @Test func anEmptiedLedgerIsRefused() throws {
        let ws = try Self.nightAfter()
        let archive = ws.files("archive")
        let path = ws.root + "/ledger.sqlite"
        Self.remove(path)
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains("an empty file") && out.stderr.contains(path), "\(out.stderr)")
        Self.untouched(ws, archive: archive)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0, "left as it was found")
    }

    @Test func aMisspelledLedgerIsRefused() throws {
        let ws = try Self.nightAfter()
        let archive = ws.files("archive")
        try "ledger = \"sqlite:ledgr.sqlite\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains(ws.root + "/ledgr.sqlite"), "\(out.stderr)")
        #expect(!Paths.exists(ws.root + "/ledgr.sqlite"))
        Self.untouched(ws, archive: archive)
    }

    /// A ledger path in a folder that does not exist: SQLite's own error, 74, nothing created.
    @Test func aLedgerInAMissingFolderIsAnIOError() throws {
        let ws = try Self.nightAfter()
        try "ledger = \"sqlite:no-such-folder/ledger.sqlite\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        let out = try ws.yidi(["run"])
        #expect(
            out.status == 74 && out.stderr.contains(ws.root + "/no-such-folder/ledger.sqlite") && out.stderr.contains("SQLite error"),
            "\(out.stderr)")
        #expect(!Paths.exists(ws.root + "/no-such-folder"))
        #expect(ws.files("inbox") == [Self.drops[2]])
    }

    @Test func aFreshWorkspaceCreatesItsLedger() throws {
        let ws = try SampleWorkspace(drops: [Self.drops[0]])
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.ledger().attempts(runID: 1).count == 1)
    }

    /// Garbage, a cut-off file, a folder: 74 with SQLite's message and the path, not SIGSEGV.
    @Test(arguments: ["garbage", "truncated", "folder"])
    func aBrokenLedgerIsAnIOError(kind: String) throws {
        let ws = try Self.nightAfter()
        let archive = ws.files("archive")
        let path = ws.root + "/ledger.sqlite"
        _ = try ws.ledger()  // opened and closed: the WAL is checkpointed into the file
        switch kind {
        case "garbage":
            Self.remove(path)
            #expect(
                FileManager.default.createFile(atPath: path, contents: Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })))
        case "truncated":
            unlink(path + "-wal")
            unlink(path + "-shm")
            let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(truncate(path, off_t(size / 3)) == 0)
        default:
            Self.remove(path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
        for command in [["run"], ["status"]] {
            let out = try ws.yidi(command)
            #expect(out.status == 74, "\(kind) \(command): \(out.status) \(out.stderr)")
            #expect(out.stderr.contains("ledger \(path)") && out.stderr.contains("SQLite error"), "\(kind): \(out.stderr)")
        }
        Self.untouched(ws, archive: archive)
    }

    /// SQLite's own SQLITE_FULL (the ledger may not grow): 74, nothing lost, and the next run
    /// with room finishes the night.
    @Test func aFullLedgerDiskStopsTheRunAndTheNextRunFinishes() throws {
        let ws = try SampleWorkspace(drops: Array(Self.drops.prefix(2)))
        #expect(try ws.yidi(["run"]).status == 0)
        let next = ["2025-10-17-H31010400001-01.xml.gz", "2025-10-23-H31011500002-01.xml.gz"]
        for name in next { try ws.copySample(name) }
        let pages = try ws.sqliteLedger().read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        let out = try ws.yidi(["run"], environment: ["YIDI_LEDGER_MAX_PAGES": String(pages)])
        #expect(out.status == 74 && out.stderr.contains("full"), "\(out.stderr)")
        #expect(ws.files("inbox") == next, "no drop was accepted, so none moved")
        let after = try ws.yidi(["run"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(ws.files("inbox").isEmpty)
        for key in ["H31010400001-20251017-01", "H31011500002-20251023-01"] {
            #expect(try ws.ledger().attempts(dropKey: key).map(\.status) == [.accepted], "processed once")
        }
    }

    /// The same on a real file system that fills up: a 1 MiB tmpfs holds the ledger.
    @Test(.enabled(if: TinyFileSystem.available)) func aLedgerOnAFullFileSystem() throws {
        let ws = try SampleWorkspace(drops: [])
        let fs = try TinyFileSystem(bytes: 2 * 1024 * 1024)
        try "ledger = \"sqlite:\(fs.path)/ledger.sqlite\"\n".write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        _ = try SQLiteLedger(path: fs.path + "/ledger.sqlite")  // created before the file system fills
        // fill the file system to the last few KiB, then bring a night of drops
        fs.fill(leaving: 8 * 1024)
        for name in Self.drops { try ws.copySample(name) }
        let out = try ws.yidi(["run"])
        #expect(out.status == 74 && out.stderr.contains(fs.path + "/ledger.sqlite"), "\(out.stderr)")
        #expect(ws.files("archive").isEmpty && ws.files("inbox").count == Self.drops.count, "nothing accepted, nothing moved")
        fs.unfill()
        #expect(try ws.yidi(["run"]).status == 1)
        #expect(ws.files("inbox").isEmpty)
        #expect(ws.files("archive").count == 2 && ws.files("rejected").count == 1, "each drop once")
    }
}

/// A small tmpfs mounted for one test (root only; skipped where mounting is not allowed).
final class TinyFileSystem {
    let dir = TemporaryDirectory()
    var path: String { dir.path }

    static let available: Bool = {
        let probe = TemporaryDirectory()
        guard geteuid() == 0, run("mount -t tmpfs -o size=64k tmpfs '\(probe.path)'") else { return false }
        return run("umount '\(probe.path)'")
    }()

    init(bytes: Int) throws {
        guard Self.run("mount -t tmpfs -o size=\(bytes) tmpfs '\(dir.path)'") else {
            throw YidiError(.io, "cannot mount a tmpfs at \(dir.path)")
        }
    }

    /// Fills the file system with a ballast file until about `bytes` are left.
    func fill(leaving bytes: Int) {
        var info = statvfs()
        statvfs(path, &info)
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        #expect(FileManager.default.createFile(atPath: path + "/ballast", contents: Data(count: max(0, free - bytes))))
    }

    func unfill() { unlink(path + "/ballast") }

    deinit { _ = Self.run("umount -l '\(dir.path)'") }

    @discardableResult
    static func run(_ command: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>/dev/null"]
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
