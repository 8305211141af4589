import Foundation
import Testing

@testable import YidiCore

@Suite("Faults: each gives its exit code, loses nothing, and the next run completes the work", .serialized)
struct FaultTests {
    static let drops = [
        "2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz",
        "2025-11-21-H44030400002-18-D006-line-count.xml.gz"
    ]

    @Test func diskFullWhileWritingAnAcknowledgement() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let failed = try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": "write H11010800002-20251011-01.1.xml"])
        #expect(failed.status == 74 && failed.stderr.contains("I/O error"))
        #expect(ws.files("inbox").isEmpty, "every drop was committed and moved")
        #expect(!ws.files("outbox/ack").contains { $0.hasSuffix("H11010800002-20251011-01.1.xml") })
        #expect(ws.files("outbox").filter { Paths.name(of: $0).hasPrefix(".") }.isEmpty, "no half-written file")
        let next = try ws.yidi(["run"])
        #expect(next.status == 0)
        #expect(ws.files("outbox/ack").contains { $0.hasSuffix("H11010800002-20251011-01.1.xml") })
        #expect(try ws.ledger().pendingOutbox().isEmpty)
        #expect(try ws.ledger().attempts(dropKey: "H11010800002-20251011-01").count == 1, "not processed twice")
    }

    @Test func diskFullWhileWritingASettlementFile() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        #expect(try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": "write SETL_"]).status == 74)
        #expect(ws.files("outbox/settlement").isEmpty)
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(!ws.files("outbox/settlement").isEmpty)
        #expect(try ProvinceFilesContent(workspace: ws.root).records.values.joined().count == 7, "3 + 4 settlements, each once")
    }

    @Test func anUnreadableInboxFileIsLeftInPlace() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let out = try ws.yidi(["run"], environment: ["YIDI_FAIL_IO": "read 2025-10-11"])
        #expect(out.status == 74 && out.stderr.contains("2025-10-11-H11010800002-01.xml.gz"))
        #expect(ws.files("inbox") == ["2025-10-11-H11010800002-01.xml.gz"])
        #expect(try ws.ledger().attempts(runID: 1).count == 2, "the rest was processed")
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(ws.files("inbox").isEmpty)
    }

    @Test func aBrokenReferenceFileStopsBeforeAnyDropIsTouched() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let path = ws.root + "/reference/policies.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingAll(",visit,", with: ",weekly,").write(toFile: path, atomically: true, encoding: .utf8)
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains("policies.csv:") && out.stderr.contains("dedc_scope"))
        #expect(ws.files("inbox").count == Self.drops.count && !Paths.exists(ws.root + "/ledger.sqlite"))
    }

    @Test func aWorkspaceThatIsNotOne() throws {
        let dir = TemporaryDirectory()
        let out = try YidiBinary.run(["run", "--workspace", dir.path])
        #expect(out.status == 78 && out.stderr.contains("yidi init"))
    }
}
