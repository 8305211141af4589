import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

#if canImport(Glibc)
    import Glibc
#endif

/// What a hospital writes into a drop's file name or header never chooses where outputs go,
/// never breaks an acknowledgement, a log line or a terminal, and never hides a drop.
@Suite("Inbox names and headers that reach paths", .serialized)
struct InboxNameTests {
    static let sample = "2025-11-17-H44010600001-01.xml.gz"

    @Test func aNameThatIsNotUTF8IsLeftWithAWarningAndCounted() throws {
        let ws = try SampleWorkspace(drops: [Self.sample])
        // 北京 in GBK, then the usual suffix
        let gbk: [UInt8] = [0xB1, 0xB1, 0xBE, 0xA9] + Array("-H11010200001-01.xml.gz".utf8)
        let path = Array((ws.root + "/inbox/").utf8) + gbk + [0]
        try FileManager.default.copyItem(
            atPath: Fixtures.repository + "/SampleDrops/2025-10-05-H11010200001-01.xml.gz",
            toPath: ws.root + "/inbox/tmp.part")
        let moved = path.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { rename(ws.root + "/inbox/tmp.part", $0.baseAddress!) }
        }
        try #require(moved == 0)
        let out = try ws.yidi(["run"])
        #expect(out.status == 74, "counted as unreadable: \(out.stderr)")
        #expect(out.stderr.contains("\\xB1\\xB1\\xBE\\xA9-H11010200001-01.xml.gz"), "\(out.stderr)")
        #expect(out.stderr.contains("not UTF-8"), "\(out.stderr)")
        #expect(try ws.ledger().attempts(dropKey: "H44010600001-20251117-01").map(\.status) == [.accepted], "the others go on")
        let left = path.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { access($0.baseAddress!, F_OK) } }
        #expect(left == 0, "left where it is")
    }

    @Test func controlCharactersInANameAreEscapedEverywhere() throws {
        let ws = try SampleWorkspace(drops: [])
        let name = "a\u{01}b\u{1B}[31mred\r\nts=forged level=error msg=x.xml.gz"
        try ws.copySample(Self.sample, as: name)
        let out = try ws.yidi(["run"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stderr.contains("\u{1B}") && !out.stdout.contains("\u{1B}"))
        #expect(!(out.stderr + out.stdout).split(separator: "\n").contains { $0.hasPrefix("ts=forged") })
        let ack = ws.root + "/outbox/ack/H44010600001/H44010600001-20251117-01.1.xml"
        let text = try String(contentsOfFile: ack, encoding: .utf8)
        #expect(text.contains("<file_name>a\\x01b\\x1B[31mred\\r\\nts=forged level=error msg=x.xml.gz</file_name>"))
        #expect(OutputSchemas.errors(file: ack, schema: "ack-1.xsd").isEmpty)
        let status = try ws.yidi(["status", "--lang", "en", "H44010600001-20251117-01"])
        #expect(status.status == 0 && !status.stdout.contains("\u{1B}") && status.stdout.contains("a\\x01b"))
    }

    @Test func headerValuesThatFailedTheSchemaNeverNameAPath() throws {
        let ws = try SampleWorkspace(drops: [])
        let xml = try sampleXML(Self.sample)
        // both D004 (a code begins with a letter or a digit): the drop is known by its file name
        let bad = xml.replacingAll("<drop_id>H44010600001-20251117-01</drop_id>", with: "<drop_id>X.xml.gz</drop_id>")
            .replacingAll("<fixmedins_code>H44010600001</fixmedins_code>", with: "<fixmedins_code>_unknown</fixmedins_code>")
        ws.put("A.xml.gz", xml: bad)
        // a file named like that drop_id, whose header cannot be read: its NAK must not collide
        ws.put("X.xml.gz", xml: "not XML at all")
        #expect(try ws.yidi(["run"]).status == 1, "both rejected, no collision")
        #expect(ws.files("outbox/ack") == ["_unknown/A.xml.gz.1.xml", "_unknown/X.xml.gz.1.xml"])
        #expect(ws.files("rejected") == ["_unknown/A.xml.gz.1", "_unknown/X.xml.gz.1"])
        #expect(try ws.ack("outbox/ack/_unknown/A.xml.gz.1.xml").errors.contains { $0.hasPrefix("D004") })
        #expect(try ws.yidi(["run"]).status == 0, "nothing pending the night after")
    }

    @Test func aHospitalCannotTakeAnothersDropID() throws {
        let ws = try SampleWorkspace(drops: [])
        let xml = try sampleXML(Self.sample)
        // H44030400002 sends a drop under H44010600001's drop_id
        let taken = xml.replacingAll("<fixmedins_code>H44010600001</fixmedins_code>", with: "<fixmedins_code>H44030400002</fixmedins_code>")
            .replacingAll("<mdtrt_admdvs>440106</mdtrt_admdvs>", with: "<mdtrt_admdvs>440304</mdtrt_admdvs>")
        ws.put("a-impostor.xml.gz", xml: taken)
        #expect(try ws.yidi(["run"]).status == 1)
        let impostor = try ws.ack("outbox/ack/_unknown/a-impostor.xml.gz.1.xml")
        #expect(impostor.fields["status"] == "rejected" && impostor.errors.contains { $0.hasPrefix("D009") })
        // the owner's real drop is its first attempt, and accepted
        try ws.copySample(Self.sample, as: "b-owner.xml.gz")
        #expect(try ws.yidi(["run"]).status == 0)
        let owner = try ws.ack("outbox/ack/H44010600001/H44010600001-20251117-01.1.xml")
        #expect(owner.fields["status"] == "accepted")
        #expect(try ws.ledger().attempts(dropKey: "H44010600001-20251117-01").map(\.status) == [.accepted])
    }
}
