import Foundation
import Testing

@testable import YidiCore

/// operations.md: an inbox entry that is not a regular file is never opened in a way that can
/// block, is left where it is with a warning, and counts as unreadable (74); SIGTERM stops a
/// run within seconds.
@Suite("Inbox entries that are not drops, and signals", .serialized)
struct InboxEntryTests {
    static let drops = Array(FaultTests.drops.prefix(2))

    /// Runs yidi under a 30-second SIGKILL so that a hang fails the test instead of wedging it.
    static func runBounded(_ ws: SampleWorkspace, _ arguments: [String]) throws -> YidiBinary.Output {
        try YidiBinary.run(
            arguments + ["--workspace", ws.root], executable: "/usr/bin/timeout",
            prefix: ["-s", "KILL", "30", YidiBinary.path])
    }

    @Test(arguments: ["fifo", "symlink", "folder", "socket"])
    func anIrregularEntryIsLeftInPlaceAndTheNightGoesOn(kind: String) throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let name = "2025-10-01-odd-\(kind).xml.gz"
        let path = ws.root + "/inbox/" + name
        let target = ws.dir.path + "/elsewhere.xml.gz"
        switch kind {
        case "fifo": #expect(mkfifo(path, 0o644) == 0)
        case "symlink":
            try FileManager.default.copyItem(
                atPath: Fixtures.repository + "/SampleDrops/2025-10-17-H31010400001-01.xml.gz",
                toPath: target)
            #expect(symlink(target, path) == 0)
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default:
            #expect(TinyFileSystem.run("python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('\(path)')\""))
        }
        let out = try Self.runBounded(ws, ["run"])
        #expect(out.status == 74, "\(kind): \(out.status) \(out.stderr)")
        #expect(out.stderr.contains(name) && out.stderr.contains("not a regular file"), "\(out.stderr)")
        #expect(ws.files("archive").count == 2, "the rest was processed")
        var info = stat()
        #expect(lstat(path, &info) == 0, "left where it was")
        if kind == "symlink" {
            #expect(Paths.exists(target), "the link's target is not taken")
            #expect(try ws.ledger().attempts(dropKey: "H31010400001-20251017-01").isEmpty, "not accepted through a link")
        }
        #expect(try ws.ledger().attempts(runID: 1).count == 2)
    }

    @Test func aReferenceFileThatIsAFIFOIsAConfigurationError() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let path = ws.root + "/reference/provinces.csv"
        unlink(path)
        #expect(mkfifo(path, 0o644) == 0)
        let out = try Self.runBounded(ws, ["run"])
        #expect(out.status == 78 && out.stderr.contains("provinces.csv") && out.stderr.contains("named pipe"), "\(out.stderr)")
        #expect(ws.files("inbox").count == 2)
    }

    /// A drop that takes long to read (a 64 GB sparse file: every byte is hashed): SIGTERM
    /// stops the run within seconds, the drop is rolled back and stays, and the lock is free.
    /// A "drop" that takes many seconds to read: a 64 GB sparse file (every byte is hashed, even
    /// after inflating stopped); returns its path.
    static func putSlowDrop(_ ws: SampleWorkspace) throws -> String {
        let path = ws.root + "/inbox/2025-10-01-huge.xml.gz"
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0x1f, 0x8b])))
        #expect(truncate(path, 64 << 30) == 0)
        return path
    }

    @Test(.tags(.timing)) func sigtermStopsALongDropWithinSeconds() throws {
        let ws = try SampleWorkspace(drops: [])
        let path = try Self.putSlowDrop(ws)
        let process = try CrashTests.startRun(ws)
        #expect(waitUntil { process.hasOpen(path) }, "the run reads the drop")
        let start = Date()
        process.terminate()  // SIGTERM
        let watchdog = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let seconds = Date().timeIntervalSince(start)
        #expect(process.terminationReason == .exit && process.terminationStatus == 75, "\(process.terminationStatus)")
        #expect(seconds < 5, "stopped after \(seconds) s")
        #expect(ws.files("inbox") == ["2025-10-01-huge.xml.gz"])
        #expect(try ws.ledger().attempts(runID: 1).isEmpty, "rolled back")
        unlink(path)
        #expect(try ws.yidi(["run"]).status == 0, "the lock was released")
    }
}
