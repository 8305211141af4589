import Foundation
import GRDB
import Testing

@testable import YidiCore

/// operations.md, "Group commit": drops are committed in groups, each drop still all or
/// nothing; a drop that fails the run does not take the drops before it down with it.
@Suite("Group commit: many drops, one sync, each drop all or nothing", .serialized)
struct GroupCommitTests {
    static let drops = [
        "2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz",
        "2025-10-17-H31010400001-01.xml.gz", "2025-10-23-H31011500002-01.xml.gz"
    ]

    /// The third drop's commit fails (an injected I/O error, a disk full at that moment): the
    /// run fails with 74 after committing and acknowledging the two before it; the next run
    /// takes the other two, and the night ends as an uninterrupted one: four accepted attempts
    /// numbered 1.
    @Test func aFailingDropKeepsTheDropsBeforeItInItsGroup() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let failed = try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": "commit " + Self.drops[2]])
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(ws.files("inbox") == Array(Self.drops[2...]), "the failing drop and the ones after it wait")
        #expect(ws.files("outbox/ack").count == 2, "the two before it are acknowledged")
        let ledger = try ws.ledger()
        #expect(try ledger.attempts(dropKey: "H11010200001-20251005-01").map(\.status) == [.accepted])
        #expect(try ledger.attempts(dropKey: "H31010400001-20251017-01").isEmpty, "nothing of the failing drop")
        #expect(
            try ledger.pendingOutbox().allSatisfy { $0.kind == .settlement || $0.kind == .reimbursement },
            "moves and acknowledgements of the committed group are done")

        let next = try ws.yidi(["run"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(ws.files("inbox").isEmpty)
        #expect(ws.files("outbox/ack").count == 4)
        for key in ["H11010200001-20251005-01", "H11010800002-20251011-01", "H31010400001-20251017-01", "H31011500002-20251023-01"] {
            #expect(try ledger.attempts(dropKey: key).map(\.attempt) == [1], "\(key) accepted once")
        }
    }

    /// A rejected drop inside a group rolls back its own records only: the accepted drops of the
    /// same group keep theirs, and the rejected drop keeps its attempt and errors.
    @Test func aRejectedDropInAGroupRollsBackOnlyItself() throws {
        let ws = try SampleWorkspace(drops: [Self.drops[0], Self.drops[1], Self.drops[2]])
        // between the second and the third in name order: not a gzip stream
        #expect(
            FileManager.default.createFile(atPath: ws.root + "/inbox/2025-10-12-H44030400002-01.xml.gz", contents: Data("not gzip".utf8)))
        let out = try ws.yidi(["run"])
        #expect(out.status == 1, "\(out.stderr)")
        let ledger = try ws.ledger()
        let attempts = try ledger.attempts(runID: 1)  // in name order: the broken drop is the third
        #expect(attempts.map(\.status) == [.accepted, .accepted, .rejected, .accepted])
        #expect(try ledger.errors(attemptID: attempts[2].id).first?.code == .notGzip)
        let settlements = try TestLedger.count("settlement", runID: 1, in: ledger)
        #expect(settlements > 0)
        #expect(ws.files("outbox/ack").count == 4 && ws.files("inbox").isEmpty)
    }
}
