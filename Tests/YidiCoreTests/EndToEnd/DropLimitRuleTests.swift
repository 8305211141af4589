import Foundation
import Testing

@testable import YidiCore

/// The rules that keep one drop from stopping the month: B021 (detail too old), B022 (a record's
/// amount over the limit, so that no sum can overflow), D009 (a `drop_id` that is not its
/// sender's), and the largest value of each limit in `yidi.toml`.
@Suite("Limits that no drop or setting can pass")
struct DropLimitRuleTests {
    static let sample = "2025-11-17-H44010600001-01.xml.gz"

    private func errors(_ xml: String, limits: DropLimits = DropLimits()) -> [DropError] {
        let recorder = AssessedRecorder()
        let assessor = DropAssessor(reference: Fixtures.reference, limits: limits, prior: NoPriorFacts(), sink: recorder)
        let parser = DropParser(limits: limits, handler: assessor)
        var bytes = Array(xml.utf8)
        _ = bytes.withUnsafeMutableBytes { parser.consume(UnsafeRawBufferPointer($0)) }
        _ = parser.finish(intakeFailed: false)
        assessor.finish()
        return recorder.errors
    }

    private func line(of needle: String, in xml: String) throws -> Int {
        let range = try #require(xml.range(of: needle))
        return xml[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    @Test func aRecordOverTheAmountLimitIsB022AtItsField() throws {
        let xml = try sampleXML(Self.sample)
        #expect(errors(xml).isEmpty)
        var limits = DropLimits()
        limits.maxRecordAmount = Amount("1333.83")!  // the first settlement's amount: at the limit, accepted
        #expect(errors(xml, limits: limits).filter { $0.code == .recordAmountOverLimit }.count == 1, "only the larger one")
        limits.maxRecordAmount = Amount("1333.82")!
        let over = errors(xml, limits: limits).filter { $0.code == .recordAmountOverLimit }
        let first = try #require(over.first { $0.setlID == "S440106000012511170001" })
        #expect(first.field == "medfee_sumamt" && first.found == "1333.83" && first.expected == "<= 1333.82")
        #expect(first.line == (try line(of: "<medfee_sumamt>1333.83", in: xml)))
    }

    @Test func theDefaultAmountLimitIsOneHundredMillionYuan() throws {
        let xml = try sampleXML(Self.sample)
        // the first settlement's amount raised past 10^8 yuan: B022 whatever else is wrong
        let huge = xml.replacingAll("<medfee_sumamt>1333.83</medfee_sumamt>", with: "<medfee_sumamt>100000000.01</medfee_sumamt>")
        #expect(errors(huge).contains { $0.code == .recordAmountOverLimit && $0.found == "100000000.01" })
        let atLimit = xml.replacingAll("<medfee_sumamt>1333.83</medfee_sumamt>", with: "<medfee_sumamt>100000000.00</medfee_sumamt>")
        #expect(!errors(atLimit).contains { $0.code == .recordAmountOverLimit })
    }

    @Test func detailOlderThanTheAgeLimitIsB021() throws {
        let xml = try sampleXML(Self.sample)
        // created 366 days and a second after the last settlement (2025-11-17T21:44:30)
        let late = xml.replacingAll("<created_at>2025-11-18T01:10:00</created_at>", with: "<created_at>2026-11-18T21:44:31</created_at>")
        let old = errors(late).filter { $0.code == .detailTooOld }
        #expect(old.count == 4, "every settlement of 2025-11-17")
        let first = try #require(old.first)
        #expect(first.field == "setl_time" && first.found == "2025-11-17T18:11:30")
        #expect(first.line == (try line(of: "<setl_time>2025-11-17T18:11:30", in: xml)))
        let justInside = xml.replacingAll(
            "<created_at>2025-11-18T01:10:00</created_at>", with: "<created_at>2026-11-18T18:11:30</created_at>")
        #expect(!errors(justInside).contains { $0.code == .detailTooOld && $0.setlID == "S440106000012511170001" })
        var limits = DropLimits()
        limits.maxDetailAgeDays = 1000
        #expect(!errors(late, limits: limits).contains { $0.code == .detailTooOld })
    }

    @Test func aClaimIsAgedByItsEndDate() throws {
        let xml = try sampleXML("2025-11-18-H31010400001-01-manual.xml.gz")
        #expect(errors(xml).isEmpty)
        let created = try #require(xml.sectionBetween("<created_at>", "</created_at>"))
        let late = xml.replacingAll(created, with: "<created_at>2027-01-01T00:00:00</created_at>")
        let old = errors(late).filter { $0.code == .detailTooOld }
        #expect(!old.isEmpty && old.allSatisfy { $0.field == "enddate" && $0.claimID != nil })
    }

    @Test func aDropIDThatIsNotTheSendersIsD009() throws {
        let xml = try sampleXML(Self.sample)
        let taken = xml.replacingAll("<drop_id>H44010600001-", with: "<drop_id>H44030400002-")
        let d009 = errors(taken).filter { $0.code == .dropIDNotSenders }
        #expect(d009.count == 1)
        #expect(d009.first?.line == 3 && d009.first?.field == "drop_id" && d009.first?.expected == "H44010600001-")
        // without reference data too (validate without a workspace)
        #expect(try codeNames(ofXML: taken).contains("D009"))
        // the prefix must end at the '-': H44010600001X-… is not H44010600001's
        let longer = xml.replacingAll("<drop_id>H44010600001-", with: "<drop_id>H44010600001X-")
        #expect(try codeNames(ofXML: longer).contains("D009"))
    }

    @Test func hugeRecordsReversedInTheSameDropAreRejectedAndTheMonthStillCloses() throws {
        // 1 000 settlements of ~10^14 yuan each, reversed in the same drop (control sum 0): B022
        let xml = try sampleXML(Self.sample)
        let huge = "99999999999999.00"
        let one = try #require(xml.sectionBetween("  <setl>", "</setl>\n"))
        var body = ""
        for i in 0..<1000 {
            let id = "S-HUGE-\(i)"
            body += one.replacingAll("<setl_id>S440106000012511170001</setl_id>", with: "<setl_id>\(id)</setl_id>")
                .replacingAll("<medfee_sumamt>1333.83</medfee_sumamt>", with: "<medfee_sumamt>\(huge)</medfee_sumamt>")
            body += """
                  <setl_revs><setl_id>R-HUGE-\(i)</setl_id><orig_setl_id>\(id)</orig_setl_id>\
                <revs_time>2025-11-17T20:00:00</revs_time><medfee_sumamt>\(huge)</medfee_sumamt></setl_revs>

                """
        }
        let header = try #require(xml.sectionBetween("<FeeDetailDrop", "</header>\n"))
        let newHeader = header.replacingAll("<setl_cnt>4</setl_cnt>", with: "<setl_cnt>2000</setl_cnt>")
            .replacingAll(
                try #require(header.sectionBetween("<line_cnt>", "</line_cnt>")),
                with: "<line_cnt>\(1000 * one.components(separatedBy: "<fee>").count - 1000)</line_cnt>"
            )
            .replacingAll("<medfee_sumamt>9907.05</medfee_sumamt>", with: "<medfee_sumamt>0.00</medfee_sumamt>")
        let drop = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + newHeader + body + "</FeeDetailDrop>\n"
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        ws.put("huge.xml.gz", xml: drop)
        #expect(try ws.yidi(["run"]).status == 1)
        let attempt = try #require(try ws.ledger().attempts(dropKey: "H44010600001-20251117-01").first)
        #expect(attempt.status == .rejected)
        let codes = Set(try ws.ledger().errors(attemptID: attempt.id).map(\.code))
        #expect(codes.contains(.recordAmountOverLimit) && !codes.contains(.controlSumMismatch) && !codes.contains(.countMismatch))
        // nothing pending: the next night, clearing and the report go on
        #expect(try ws.yidi(["run"]).status == 0)
        #expect(try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-12-01"]).status == 0)
        #expect(try ws.yidi(["clear", "--period", "2025-11", "--date", "2025-12-01"]).status == 0)
    }

    // MARK: - yidi.toml

    private func load(_ text: String) -> Result<Settings, YidiError> {
        Result { () throws(YidiError) in try Settings.parse(text, file: "yidi.toml") }
    }

    private func refusal(_ text: String) -> String? {
        if case .failure(let e) = load(text), e.kind.exitCode == 78 { return e.message }
        return nil
    }

    /// reference.md: `language` and `[reconciliation] feedback_days` are keys of yidi.toml.
    @Test func theLanguageAndTheFeedbackDaysAreSettings() throws {
        let set = try load("language = \"en\"\n[reconciliation]\nfeedback_days = 7\n").get()
        #expect(set.language == .english && set.feedbackDays == 7)
        #expect(try load("").get().language == .chinese && load("").get().feedbackDays == 5)
        #expect(refusal("language = \"fr\"\n")?.contains("unknown language fr") == true)
        #expect(refusal("[reconciliation]\nfeedback_days = 0\n") != nil)
        #expect(refusal("[reconciliation]\nfeedback_days = 367\n") != nil)
        #expect(refusal("[reconciliation]\nunknown = 1\n") != nil)
    }

    @Test func everyLimitHasALargestValue() throws {
        let ratio = try #require(refusal("[limits]\nmax_ratio = 100_000_000_000_000_000\n"))
        #expect(ratio.contains("max_ratio") && ratio.contains("4096"))
        let listed = try #require(refusal("[limits]\nmax_listed_errors = 4611686018427387904\n"))
        #expect(listed.contains("max_listed_errors") && listed.contains("1000000"))
        #expect(refusal("[limits]\nmax_listed_errors = 99999999999999999999999\n") != nil, "past Int64 too")
        #expect(refusal("[limits]\nmax_depth = 257\n") != nil)
        #expect(refusal("[limits]\nmax_text_bytes = 10000001\n") != nil)
        #expect(refusal("[limits]\nmax_inflated_bytes = 1125899906842625\n") != nil)
        #expect(refusal("[limits]\nmax_detail_age_days = 36601\n") != nil)
        #expect(refusal("[limits]\nmax_detail_age_days = 0\n") != nil)
        let amount = try #require(refusal("[limits]\nmax_record_amount = \"10000000000.01\"\n"))
        #expect(amount.contains("max_record_amount") && amount.contains("10000000000.00"))
        #expect(refusal("[limits]\nmax_record_amount = \"0.00\"\n") != nil)
        #expect(refusal("[limits]\nmax_record_amount = \"1.234\"\n") != nil)
        let highest = try load(
            """
            [limits]
            max_ratio = 4096
            max_depth = 256
            max_listed_errors = 1_000_000
            max_record_amount = "10000000000.00"
            max_detail_age_days = 36600
            """
        ).get()
        #expect(highest.limits.maxRatio == 4096 && highest.limits.maxListedErrors == 1_000_000)
        #expect(highest.limits.maxRecordAmount == Amount("10000000000.00") && highest.limits.maxDetailAgeDays == 36600)
    }

    @Test func aKeySetTwiceIsRefusedAndAByteOrderMarkIsAccepted() throws {
        let twice = try #require(refusal("log_level = \"info\"\nlog_level = \"debug\"\n"))
        #expect(twice.contains("log_level") && twice.contains("line 1"))
        #expect(refusal("[limits]\nmax_depth = 10\nmax_depth = 12\n") != nil)
        let bom = try load("\u{FEFF}log_level = \"debug\"\n").get()
        #expect(bom.logLevel == "debug")
    }

    @Test func theHighestLimitsCannotTrap() throws {
        // a large drop's arithmetic with every limit at its largest value: reading ends in a code, not a trap
        var limits = DropLimits()
        limits.maxRatio = DropLimits.Maximum.ratio
        limits.maxListedErrors = Int(DropLimits.Maximum.listedErrors)
        limits.maxCompressedBytes = DropLimits.Maximum.bytes
        limits.maxInflatedBytes = DropLimits.Maximum.bytes
        let result = try check(Fixtures.repository + "/SampleDrops/2025-11-21-H44030400002-12-D002-gzip-bomb.xml.gz", limits: limits)
        #expect(result.errors.allSatisfy { $0.code.rawValue.hasPrefix("D") })
    }
}
