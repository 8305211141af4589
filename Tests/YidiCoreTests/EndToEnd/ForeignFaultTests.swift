import Foundation
import Testing

@testable import YidiCore

@Suite("Faults outside yidi: a locked ledger, a drop taken back", .serialized)
struct ForeignFaultTests {
    @Test func aLedgerLockedByAnotherProcessExits75AndTheNextRunCompletes() throws {
        let ws = try SampleWorkspace(drops: FaultTests.drops)
        _ = try ws.ledger()  // creates the ledger
        // another process holds a write lock on the ledger for 8 seconds
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN EXCLUSIVE"); print("locked", flush=True); time.sleep(8); c.execute("ROLLBACK")
            """, ws.root + "/ledger.sqlite"
        ]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.availableData  // "locked"
        let out = try ws.yidi(["run"])
        #expect(out.status == 75 && out.stderr.contains("locked"), "\(out.stderr)")
        #expect(ws.files("inbox").count == FaultTests.drops.count, "nothing was touched")
        holder.waitUntilExit()
        #expect(try ws.yidi(["run"]).status == 1)
        #expect(ws.files("inbox").isEmpty)
    }

    @Test func aDropTakenBackWhileTheRunListsTheInbox() throws {
        let ws = try SampleWorkspace(drops: FaultTests.drops)
        let out = try ws.yidi(["run"], environment: ["YIDI_RENAME_AWAY": "2025-10-11"])
        #expect(out.status == 1, "the others were processed (one of them is rejected)")
        #expect(out.stderr.contains("vanished"))
        #expect(try ws.ledger().attempts(runID: 1).count == 2)
        #expect(ws.files("inbox") == [".2025-10-11-H11010800002-01.xml.gz.taken-back"], "not ours: left alone")
    }
}
