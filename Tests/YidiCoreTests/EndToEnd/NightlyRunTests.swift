import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("yidi run: the night on the sample workspace", .serialized)
struct NightlyRunTests {
    static let expected = Fixtures.samples

    @Test func theSampleNight() throws {
        let ws = try SampleWorkspace()
        let out = try ws.yidi(["run"])
        #expect(out.status == 1, "some drops are rejected: \(out.stderr)")
        #expect(ws.files("inbox").isEmpty)
        let ledger = try ws.ledger()
        let attempts = try ledger.attempts(runID: 1)
        #expect(attempts.count == Self.expected.count)
        for (file, codes) in Self.expected {
            let a = try #require(attempts.first { $0.fileName == file }, "\(file)")
            #expect(a.status == (codes.isEmpty ? .accepted : .rejected), "\(file)")
            let path = ws.root + "/" + Acknowledgement.relativePath(of: a)
            #expect(OutputSchemas.errors(file: path, schema: "ack-1.xsd") == [], "\(file)")
            let read = try AckFile(path: path)
            #expect(read.errors == codes, "\(file)")
            #expect(read.fields["status"] == a.status.rawValue && read.fields["file_name"] == file)
            #expect(read.fields["error_cnt"] == String(codes.count))
            #expect(Paths.exists(ws.root + "/" + a.storedPath), "\(file) is where the ledger says")
        }
        // rejected/ holds one file per rejected drop_id; unreadable headers under _unknown/
        let rejected = ws.files("rejected")
        #expect(rejected.count == Self.expected.filter { !$0.1.isEmpty }.count)
        #expect(rejected.contains("_unknown/2025-11-21-H44030400002-12-D002-gzip-bomb.xml.gz.1"))
        #expect(ws.files("archive").count == Self.expected.filter { $0.1.isEmpty }.count)
        // the reversal drop reversed a settlement of an earlier drop and was accepted
        let reversal = try #require(attempts.first { $0.fileName.hasSuffix("-reversal.xml.gz") })
        let reversalErrors = try ledger.errors(attemptID: reversal.id)
        #expect(reversal.status == .accepted, "\(reversalErrors)")

        // run again: nothing changes
        let before = ws.files("")
        let again = try ws.yidi(["run"])
        #expect(again.status == 0)
        #expect(try ledger.attempts(runID: 2).isEmpty)
        #expect(
            ws.files("").filter { !$0.hasPrefix("ledger.sqlite") && $0 != ".lock" }
                == before.filter { !$0.hasPrefix("ledger.sqlite") && $0 != ".lock" })
    }

    @Test func duplicatesD008AndB002() throws {
        let accepted = "2025-10-05-H11010200001-01.xml.gz"
        let ws = try SampleWorkspace(drops: [accepted])
        #expect(try ws.yidi(["run"]).status == 0)

        // the same bytes again: a duplicate, attempt 2, acknowledged as such
        try ws.copySample(accepted, as: "resend.xml.gz")
        let dup = try ws.yidi(["run"])
        #expect(dup.status == 0 && dup.stdout.contains("duplicate"))
        let ledger = try ws.ledger()
        let attempts = try ledger.attempts(dropKey: "H11010200001-20251005-01")
        #expect(attempts.map(\.status) == [.accepted, .duplicate] && attempts.map(\.attempt) == [1, 2])
        #expect(try ws.ack("outbox/ack/H11010200001/H11010200001-20251005-01.2.xml").fields["status"] == "duplicate")

        // the same drop_id with other bytes: D008, the accepted drop stands
        let xml = try sampleXML(accepted)
        ws.put("changed.xml.gz", xml: xml.replacingAll("</FeeDetailDrop>", with: "<!-- changed --></FeeDetailDrop>"))
        let d008 = try ws.yidi(["run"])
        #expect(d008.status == 1)
        let third = try #require(try ledger.attempts(dropKey: "H11010200001-20251005-01").last)
        #expect(third.attempt == 3 && third.status == .rejected)
        #expect(try ledger.errors(attemptID: third.id).map(\.code) == [.dropIDReused])
        #expect(try ledger.attempts(dropKey: "H11010200001-20251005-01").first?.status == .accepted)

        // a new drop_id reusing an accepted setl_id: B002 for each settlement
        let reused = xml.replacingAll("H11010200001-20251005-01", with: "H11010200001-20251005-09")
        ws.put("reused.xml.gz", xml: reused)
        #expect(try ws.yidi(["run"]).status == 1)
        let b002 = try #require(try ledger.attempts(dropKey: "H11010200001-20251005-09").first)
        #expect(try ledger.errors(attemptID: b002.id).map(\.code).allSatisfy { $0 == .alreadyAccepted })
        #expect(b002.errorCount == b002.recordCount)
    }

    /// A drop reusing another hospital's accepted `setl_id`s in the same night, with a third
    /// drop behind it: on PostgreSQL its commit (sent without waiting, its ids taken for new)
    /// is refused once the third drop's commit is on its way, and it is assessed again then:
    /// B002 for each settlement, the two others accepted, each settlement recorded once.
    @Test func aDropRefusedAfterTheNextWasSentIsAssessedAgain() throws {
        let first = "2025-10-05-H11010200001-01.xml.gz", third = "2025-10-17-H31010400001-01.xml.gz"
        let ws = try SampleWorkspace(drops: [first, third])
        let reused = try sampleXML(first).replacingAll("H11010200001", with: "H11010800002")
            .replacingAll("<mdtrt_admdvs>110102</mdtrt_admdvs>", with: "<mdtrt_admdvs>110108</mdtrt_admdvs>")
        ws.put("2025-10-06-H11010800002-01.xml.gz", xml: reused)
        let run = try ws.yidi(["run"])
        #expect(run.status == 1)
        // PostgreSQL took the ids for new and its commit refused them (SQLite asks first)
        #expect(run.stderr.contains("drop assessed again: an id it took for new was accepted before") == (TestLedger.current == .postgres))
        let ledger = try ws.ledger()
        let attempts = try ledger.attempts(runID: 1)
        #expect(
            attempts.map { "\($0.dropKey) \($0.status)" }.sorted()
                == ["H11010200001-20251005-01 accepted", "H11010800002-20251005-01 rejected", "H31010400001-20251017-01 accepted"])
        let refused = try #require(attempts.first { $0.dropKey == "H11010800002-20251005-01" })
        let codes = try ledger.errors(attemptID: refused.id).map(\.code)
        #expect(codes.filter { $0 == .alreadyAccepted }.count == refused.recordCount, "\(codes)")
        #expect(try ws.ack("outbox/ack/H11010800002/H11010800002-20251005-01.1.xml").fields["status"] == "rejected")
        let files = try ProvinceFilesContent(workspace: ws.root)
        let settlements = files.records.values.flatMap { $0 }.filter { !$0.hasPrefix("claim ") }
        #expect(settlements.count == Set(settlements).count && settlements.count == 3 + 5, "\(settlements)")
    }

    /// On PostgreSQL the B002 checks of a batch of records are asked together, after the
    /// records' other checks: each is still listed in its place, also when the whole drop is
    /// one line and only the order found tells the errors apart.
    @Test func b002IsListedInItsPlaceOnOneLine() throws {
        let accepted = "2025-10-05-H11010200001-01.xml.gz"
        let ws = try SampleWorkspace(drops: [accepted])
        #expect(try ws.yidi(["run"]).status == 0)
        let oneLine = try sampleXML(accepted).replacingOccurrences(of: ">\\s+<", with: "><", options: .regularExpression)
            .replacingAll("H11010200001-20251005-01", with: "H11010200001-20251005-08")
            .replacingAll("<medfee_sumamt>448.25</medfee_sumamt>", with: "<medfee_sumamt>448.26</medfee_sumamt>")
        ws.put("one-line.xml.gz", xml: oneLine)
        #expect(try ws.yidi(["run"]).status == 1)
        let ledger = try ws.ledger()
        let attempt = try #require(try ledger.attempts(dropKey: "H11010200001-20251005-08").first)
        let errors = try ledger.errors(attemptID: attempt.id).map { "\($0.code.rawValue) \($0.setlID ?? "-")" }
        #expect(
            errors == [
                "B002 S110102000012510050001", "B006 S110102000012510050001", "B010 S110102000012510050001",
                "B002 S110102000012509290002", "B002 S110102000012509270003", "D007 -"
            ], "\(errors)")
    }

    @Test func reprocessAfterTheMappingIsAddedAndACorrectedResend() throws {
        let unmapped = "2025-11-25-H44030400002-33-R002-unmapped-item.xml.gz"
        let lying = "2025-11-21-H44030400002-18-D006-line-count.xml.gz"
        let ws = try SampleWorkspace(drops: [unmapped, lying])
        #expect(try ws.yidi(["run"]).status == 1)
        let ledger = try ws.ledger()

        // reprocess before the fix: still rejected, attempt 2, the file renamed in rejected/
        #expect(try ws.yidi(["reprocess", "H44030400002-20251125-33"]).status == 1)
        #expect(ws.files("rejected").contains("H44030400002-20251125-33.2.xml.gz"))
        #expect(!ws.files("rejected").contains("H44030400002-20251125-33.1.xml.gz"))

        // add the mapping of the renumbered item, then reprocess: accepted
        let found = try #require(try ledger.errors(attemptID: try ledger.attempts(dropKey: "H44030400002-20251125-33")[0].id).first?.found)
        let original = String(found.dropLast("-NEW".count))
        let national = try #require(Fixtures.reference.mapping.institution("H44030400002")[original]?.on(LocalDate("2025-11-25")!))
        let mapping = ws.root + "/reference/mapping.csv"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mapping))
        handle.seekToEndOfFile()
        handle.write(Data("H44030400002,\(found),\(national),2025-01-01,\n".utf8))
        try handle.close()
        let reprocessed = try ws.yidi(["reprocess", "H44030400002-20251125-33"])
        #expect(reprocessed.status == 0, "\(reprocessed.stdout)")
        let attempts = try ledger.attempts(dropKey: "H44030400002-20251125-33")
        #expect(attempts.map(\.status) == [.rejected, .rejected, .accepted])
        #expect(attempts.allSatisfy { $0.fileName == unmapped }, "the ACK keeps the original file name")
        #expect(!ws.files("rejected").contains { $0.hasPrefix("H44030400002-20251125-33") })
        #expect(ws.files("archive").contains { $0.hasSuffix("H44030400002-20251125-33.3.xml.gz") })
        #expect(try ws.yidi(["reprocess", "H44030400002-20251125-33"]).status == 65)
        #expect(try ws.yidi(["reprocess", "H00000000000-19700101-01"]).status == 66)

        // the hospital sends the line-count drop again, corrected, under the same drop_id
        let xml = try sampleXML(lying)
        let claimed = try #require(xml.sectionBetween("<line_cnt>", "</line_cnt>"))
        let counted = try #require(Int(claimed.dropFirst("<line_cnt>".count).dropLast("</line_cnt>".count))) - 1
        ws.put("fixed.xml.gz", xml: xml.replacingAll(claimed, with: "<line_cnt>\(counted)</line_cnt>"))
        #expect(try ws.yidi(["run"]).status == 0)
        let resent = try ledger.attempts(dropKey: "H44030400002-20251121-18")
        #expect(resent.map(\.status) == [.rejected, .accepted] && resent.map(\.attempt) == [1, 2])
        #expect(ws.files("rejected").filter { $0.hasPrefix("H44030400002-20251121-18") }.isEmpty)
        #expect(ws.files("archive").filter { $0.contains("H44030400002-20251121-18.") }.count == 2)
    }

    @Test func reversalsAgainstEarlierDrops() throws {
        let original = "2025-11-17-H44010600001-01.xml.gz"
        let ws = try SampleWorkspace(drops: [original])
        #expect(try ws.yidi(["run"]).status == 0)
        let xml = try sampleXML(original)
        let setlID = try #require(xml.sectionBetween("<setl_id>", "</setl_id>")).dropFirst(9).dropLast(10)
        let total = try #require(assess(xml).settlements.first).settlement.amounts.total
        func reversalDrop(_ n: Int, orig: String, amount: Amount, hospital: String = "H44010600001") -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <FeeDetailDrop xmlns="urn:yidi:fee-detail:1">
              <header>
                <drop_id>\(hospital)-20251201-R\(n)</drop_id>
                <fixmedins_code>\(hospital)</fixmedins_code>
                <mdtrt_admdvs>\(hospital == "H44010600001" ? "440106" : "440304")</mdtrt_admdvs>
                <created_at>2025-12-02T01:00:00</created_at>
                <setl_cnt>1</setl_cnt>
                <line_cnt>0</line_cnt>
                <medfee_sumamt>-\(amount)</medfee_sumamt>
              </header>
              <setl_revs>
                <setl_id>REV\(n)</setl_id>
                <orig_setl_id>\(orig)</orig_setl_id>
                <revs_time>2025-12-01T10:00:00</revs_time>
                <medfee_sumamt>\(amount)</medfee_sumamt>
              </setl_revs>
            </FeeDetailDrop>
            """
        }
        ws.put("a-unknown.xml.gz", xml: reversalDrop(1, orig: "S-NOT-THERE", amount: total))
        ws.put("b-amount.xml.gz", xml: reversalDrop(2, orig: String(setlID), amount: total + Amount("1.00")!))
        ws.put("c-foreign.xml.gz", xml: reversalDrop(3, orig: String(setlID), amount: total, hospital: "H44030400002"))
        ws.put("d-good.xml.gz", xml: reversalDrop(4, orig: String(setlID), amount: total))
        ws.put("e-again.xml.gz", xml: reversalDrop(5, orig: String(setlID), amount: total))
        #expect(try ws.yidi(["run"]).status == 1)
        let ledger = try ws.ledger()
        let run = try ledger.attempts(runID: 2)
        #expect(run.map(\.status) == [.rejected, .rejected, .rejected, .accepted, .rejected])
        for a in run where a.status == .rejected {
            #expect(try ledger.errors(attemptID: a.id).map(\.code) == [.badReversal], "\(a.fileName)")
        }
    }

    /// The workspace lock is SQLite's; PostgreSQL's advisory locks: `MultiWorkerTests`.
    @Test(.enabled(if: TestLedger.current == .sqlite)) func aSecondRunWhileTheLockIsHeldExits75AtOnce() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        do {
            let held = try WorkspaceLock(workspace: Workspace(root: ws.root), command: "clear")
            let start = Date()
            let out = try ws.yidi(["run"])
            #expect(out.status == 75 && out.stderr.contains("工作区锁"))
            // who holds it, as the holder wrote it: the command, its process and since when
            #expect(out.stderr.contains("：clear pid \(getpid()) since 20"), "\(out.stderr)")
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(ws.files("inbox").count == 1, "nothing was touched")
            withExtendedLifetime(held) {}
        }
        #expect(try ws.yidi(["run"]).status == 0, "once the lock is free")
    }
}
