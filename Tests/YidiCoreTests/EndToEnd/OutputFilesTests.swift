import Foundation
import Testing

@testable import YidiCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What the province files of a workspace hold: every record with its amounts, by province.
struct ProvinceFilesContent: Equatable {
    /// province → "element id medfee clr" (claims: "claim id medfee reim"), one entry per record, sorted.
    var records: [String: [String]] = [:]

    init(workspace root: String) throws {
        for kind in ["settlement", "reimbursement"] {
            let folder = root + "/outbox/" + kind
            for file in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".xml.gz") {
                let province = String(file.prefix(6))
                let xml = try gunzip(folder + "/" + file)
                let doc = try XMLDocument(data: xml)
                for node in doc.rootElement()?.children ?? [] {
                    guard let e = node as? XMLElement, let name = e.localName, name != "header" else { continue }
                    func value(_ field: String) -> String { e.children?.first { $0.localName == field }?.stringValue ?? "?" }
                    let id = value(name == "claim" ? "claim_id" : "setl_id")
                    let money = name == "claim" ? value("reim_amt") : value("clr_amt")
                    records[province, default: []].append("\(name) \(id) \(value("medfee_sumamt")) \(money)")
                }
            }
        }
        for key in records.keys { records[key]?.sort() }
    }
}

@Suite("Files for the insured provinces, metrics and logs", .serialized)
struct OutputFilesTests {
    @Test func everyAcceptedRecordIsInExactlyOneFileOfItsProvince() throws {
        let ws = try SampleWorkspace()
        #expect(try ws.yidi(["run"]).status == 1)
        // what the accepted sample drops hold, as the rules recompute them
        var expected: [String: [String]] = [:]
        for (file, codes) in Fixtures.samples where codes.isEmpty {
            let r = assess(try sampleXML(file))
            for s in r.settlements {
                expected[String(s.settlement.visit.insuredArea.prefix(2)) + "0000", default: []].append(
                    "setl \(s.settlement.id) \(s.settlement.amounts.total) \(s.settlement.amounts.clearingAmount)")
            }
            for rev in r.reversals {
                let original = try #require(
                    r.settlements.first { $0.settlement.id == rev.reversal.originalID }
                        ?? (try assessAllSettlement(rev.reversal.originalID)))
                let o = original.settlement
                expected[String(o.visit.insuredArea.prefix(2)) + "0000", default: []].append(
                    "setl_revs \(rev.reversal.id) \(-o.amounts.total) \(-o.amounts.clearingAmount)")
            }
            for c in r.claims {
                expected[String(c.claim.visit.insuredArea.prefix(2)) + "0000", default: []].append(
                    "claim \(c.claim.id) \(c.claim.total) \(c.share!.fundPayment)")
            }
        }
        for key in expected.keys { expected[key]?.sort() }
        let files = try ProvinceFilesContent(workspace: ws.root)
        #expect(files.records == expected)
        for file in ws.files("outbox/settlement") + ws.files("outbox/reimbursement") {
            let folder = file.hasPrefix("SETL") || file.contains("/SETL") ? "outbox/settlement/" : "outbox/reimbursement/"
            let plain = ws.dir.path + "/plain.xml"
            _ = FileManager.default.createFile(atPath: plain, contents: try gunzip(ws.root + "/" + folder + file))
            let schema = folder.contains("settlement") ? "settlement-1.xsd" : "reimbursement-1.xsd"
            #expect(OutputSchemas.errors(file: plain, schema: schema) == [], "\(file)")
            #expect(file.range(of: #"^[0-9]{6}/(SETL|REIM)_[0-9]{6}_[0-9]{8}\.xml\.gz$"#, options: .regularExpression) != nil)
        }
    }

    /// `spoolBuffer`: none (the sample's drops wait in the buffer and are compressed together),
    /// 1 byte (each drop is compressed as it comes, a segment of its own), 4 000 bytes (some
    /// drops outgrow the buffer after others were kept, and some of them are rejected).
    @Test(arguments: [nil, 1, 4_000])
    func spooledFilesEqualTheFilesRenderedFromTheLedger(spoolBuffer: Int?) throws {
        // `a` spools the files while the drops stream (rejected drops cut back out of the spool);
        // `b`'s spool fails (injected), so its files are rendered from the ledger after the drops
        let a = try SampleWorkspace(), b = try SampleWorkspace()
        #expect(try a.yidi(["run"], environment: spoolBuffer.map { ["YIDI_SPOOL_BUFFER": String($0)] } ?? [:]).status == 1)
        #expect(try b.yidi(["run"], environment: ["YIDI_FAIL_IO": "spool"]).status == 1)
        for kind in ["settlement", "reimbursement"] {
            let files = a.files("outbox/" + kind)
            #expect(files == b.files("outbox/" + kind))
            #expect(!files.isEmpty && files.allSatisfy { $0.hasSuffix(".xml.gz") }, "no spool left behind")
            for file in files {
                func text(_ ws: SampleWorkspace) throws -> String {
                    let xml = String(decoding: try gunzip(ws.root + "/outbox/\(kind)/" + file), as: UTF8.self)
                    return xml.replacingOccurrences(of: #"<created_at>[^<]*</created_at>"#, with: "", options: .regularExpression)
                }
                let spooled = try text(a)
                #expect(spooled.contains("<fee>") && spooled.hasSuffix("File>\n"))
                #expect(spooled == (try text(b)), "\(kind)/\(file)")
            }
        }
    }

    /// The settlement a reversal of the sample night reverses, from whichever sample drop holds it.
    private func assessAllSettlement(_ id: String) throws -> AssessedSettlement? {
        for (file, codes) in Fixtures.samples where codes.isEmpty {
            if let s = assess(try sampleXML(file)).settlements.first(where: { $0.settlement.id == id }) { return s }
        }
        return nil
    }

    @Test func metricsAreWrittenAndCountEachDropOnce() throws {
        let ws = try SampleWorkspace()
        #expect(try ws.yidi(["run"]).status == 1)
        let afterFirst = try MetricsText(ws)
        #expect(
            afterFirst.value("yidi_last_success_timestamp_seconds{command=\"run\"}") > 1_700_000_000,
            "a night with rejected drops did its job")
        #expect(try ws.yidi(["run"]).status == 0)
        let text = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
        let accepted = Fixtures.samples.filter { $0.1.isEmpty }.count
        let rejected = Fixtures.samples.count - accepted
        func value(_ prefix: String) -> Int { Int(MetricsText(text: text).value(prefix)) }
        #expect(value("yidi_drops_total{") == Fixtures.samples.count)
        #expect(
            value("yidi_drops_total{kind=\"fee-detail\",outcome=\"accepted\"}")
                + value("yidi_drops_total{kind=\"manual-reimbursement\",outcome=\"accepted\"}") == accepted)
        #expect(value("yidi_errors_total{code=\"D001\"}") == 1)
        #expect(value("yidi_errors_total{") >= rejected)
        #expect(value("yidi_outbox_pending ") == 0)
        #expect(text.contains("# TYPE yidi_settlements_total counter"))
        #expect(value("yidi_last_success_timestamp_seconds{command=\"run\"}") > 1_700_000_000)
        #expect(value("yidi_command_exits_total{command=\"run\",exit_status=\"1\"}") == 1)
        #expect(afterFirst.value("yidi_last_exit_status{command=\"run\"}") == 1 && value("yidi_last_exit_status{command=\"run\"}") == 0)
        #expect(value("yidi_inbox_files ") == 0 && value("yidi_inbox_oldest_timestamp_seconds ") == 0)
        #expect(text.contains("yidi_build_info{version=\"\(Version.product)\",sqlite_ledger=\"\(Version.sqliteLedger)\""))
        #expect(value("yidi_command_exits_total{command=\"run\",exit_status=\"0\"}") == 1)
        #expect(value("yidi_run_duration_seconds ") >= 0 && text.contains("# TYPE yidi_run_duration_seconds gauge"))
    }

    /// outputs.md: metrics after every command but validate, a refused one and status included.
    @Test func everyCommandButValidateWritesTheMetrics() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        let path = ws.root + "/metrics/yidi.prom"
        for (command, status) in [
            (["clear", "--period", "2025-10", "--date", "2025-10-20"], Int32(65)),
            (["clear", "--period", "2025-10", "--date", "2025-11-03"], 0),
            (["clear", "--period", "2025-10"], 0), (["prepay", "--year", "2030"], 65),
            (["reprocess", "NOPE"], 66), (["status"], 0)
        ] {
            unlink(path)
            #expect(try ws.yidi(command).status == status, "\(command)")
            #expect(Paths.exists(path), "\(command) wrote the metrics")
        }
        let m = try MetricsText(ws)
        #expect(m.value("yidi_command_exits_total{command=\"clear\",exit_status=\"65\"}") == 1)
        #expect(m.value("yidi_command_exits_total{command=\"clear\",exit_status=\"0\"}") == 2)
        #expect(m.value("yidi_command_exits_total{command=\"prepay\",exit_status=\"65\"}") == 1)
        #expect(m.value("yidi_command_exits_total{command=\"reprocess\",exit_status=\"66\"}") == 1)
        #expect(m.value("yidi_last_success_timestamp_seconds{command=\"clear\"}") > 1_700_000_000)
        #expect(m.value("yidi_last_success_timestamp_seconds{command=\"prepay\"}") == 0, "never did its job")
        unlink(path)
        #expect(try ws.yidi(["validate", Fixtures.repository + "/SampleDrops/2025-10-05-H11010200001-01.xml.gz"]).status == 0)
        #expect(!Paths.exists(path), "validate reads no ledger and writes nothing")
    }

    @Test func noNameAndNoFullCertificateNumberReachesTheLogs() throws {
        let ws = try SampleWorkspace()
        _ = FileManager.default.createFile(atPath: ws.root + "/yidi.toml", contents: Data("log_level = \"trace\"\n".utf8))
        let out = try ws.yidi(["run"])
        let logs = out.stderr + out.stdout
        #expect(logs.contains("level=info") && logs.contains("drop_id="), "structured log lines on stderr")
        var names: Set<String> = [], certs: Set<String> = []
        for (file, _) in Fixtures.samples {
            let xml = try sampleXML(file)
            for part in xml.components(separatedBy: "<psn_name>").dropFirst() { names.insert(String(part.prefix { $0 != "<" })) }
            for part in xml.components(separatedBy: "<certno>").dropFirst() { certs.insert(String(part.prefix { $0 != "<" })) }
        }
        #expect(names.count > 50 && certs.count > 50)
        for name in names where name.count >= 2 { #expect(!logs.contains(name), "a name reached the logs") }
        for cert in certs { #expect(!logs.contains(cert), "a full certno reached the logs") }
    }
}

/// A metrics file read back: the sum of the values of the lines that start with a prefix.
struct MetricsText {
    let text: String

    init(text: String) { self.text = text }

    init(_ ws: SampleWorkspace) throws {
        text = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
    }

    func value(_ prefix: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }
            .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }
}
