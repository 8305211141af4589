import Foundation
import Testing

@testable import YidiCore

/// Collects what a parse reports: every error, in order.
private final class ErrorCollector: DropContentHandler {
    var errors: [String] = []
    func header(_ header: DropHeader) {}
    func settlement(_ settlement: Settlement) {}
    func reversal(_ reversal: Reversal) {}
    func claim(_ claim: Claim) {}
    func feedbackEntry(_ entry: FeedbackEntry) {}
    func report(_ error: DropError) {
        errors.append(
            "\(error.code.rawValue):\(error.line ?? 0) \(error.setlID ?? "-") \(error.feedetlSN ?? "-") \(error.message.en) \(error.field ?? "-") \(error.found ?? "-")"
        )
    }
}

@Suite("Pattern facets in Swift give exactly the errors of the strict schema")
struct PatternFacetTests {
    /// The errors of one parse of `xml`, with the schema as written or with the patterns in Swift.
    static func errors(_ xml: String, strict: Bool) -> [String] {
        let collector = ErrorCollector()
        let parser = DropParser(limits: DropLimits(), handler: collector, strictSchema: strict)
        var bytes = Array(xml.utf8)
        var offset = 0
        while offset < bytes.count {  // in chunks, as the intake hands them on
            let end = min(offset + 4096, bytes.count)
            let more = bytes.withUnsafeBytes { parser.consume(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
            offset = end
            if !more { break }
        }
        bytes.removeAll()
        _ = parser.finish(intakeFailed: false)
        return collector.errors
    }

    static func expectSame(_ xml: String, _ comment: Comment) -> Bool {
        let strict = errors(xml, strict: true), swift = errors(xml, strict: false)
        #expect(swift == strict, comment)
        return strict.contains { $0.contains("is not accepted") }
    }

    @Test func theSchemaLibxml2CompilesKeepsOnlyTheDateAndTimePatterns() throws {
        let feedback = CompiledSchema.patternFacets(of: .reconFeedback)
        // a feedback drop has no dates: its datetime, period and province patterns stay with libxml2
        #expect(feedback.relaxedSchema.components(separatedBy: "<xs:pattern").count - 1 == 3)
        #expect(feedback.facet(container: Container.entry.patternIndex, tag: .dedcAmt)?.matcher == .amount)
        #expect(feedback.facet(container: Container.header.patternIndex, tag: .dedcSumamt)?.matcher == .amount)
        for kind in [DropKind.feeDetail, .manualReimbursement] {
            let facets = CompiledSchema.patternFacets(of: kind)
            let left = facets.relaxedSchema.components(separatedBy: "<xs:pattern").count - 1
            #expect(left == 2, "only the date and datetime patterns stay with libxml2 in \(kind)")
            #expect(facets.facets.count >= 8)
            #expect(facets.facet(container: Container.fee.patternIndex, tag: .cnt)?.matcher == .quantity)
            #expect(facets.facet(container: Container.fee.patternIndex, tag: .feeOcurTime) == nil)
            #expect(
                facets.facet(container: Container.header.patternIndex, tag: .medfeeSumamt)?.matcher
                    == (kind == .feeDetail ? .signedAmount : .amount))
        }
    }

    @Test func everySampleDrop() throws {
        for (file, _) in Fixtures.samples {
            _ = Self.expectSame(String(decoding: try gunzip(Fixtures.repository + "/SampleDrops/" + file), as: UTF8.self), "\(file)")
        }
    }

    /// Values that probe each pattern, its base type and the whitespace rules.
    static let probes: [String: [String]] = [
        "number": [
            "1", "0", "00", "12.5", "12.50", "12.505", "1e5", "+1", "-1", "-0", ".5", "5.", " 7 ", "&#9;7&#10;", "1 2", "",
            "١٢", "１２", "123456789012345", "12345678901234", "99999999999999.99", "1.1234", "1.12345", "1.123456",
            "1.1234567", "0.0000", "NaN", "INF", "1,5", "0x10", "-12.34", "--1", "1234567890", "123456789"
        ],
        "date": [
            "2025-01-01", "2025-1-01", "2025-13-01", "2025-02-30", "2025-02-29", "2024-02-29", "12025-01-01", "-2025-01-01",
            "2025-01-01Z", "2025-01-01+08:00", " 2025-01-01 ", "0000-01-01", "2025-01-01T00:00:00", "", "２０２５-01-01"
        ],
        "datetime": [
            "2025-01-01T10:00:00", "2025-01-01T24:00:00", "2025-01-01T10:00:00.5", "2025-01-01T10:00:00Z",
            "2025-01-01 10:00:00", "2025-01-01T1:00:00", "2025-01-01T10:60:00", " 2025-01-01T10:00:00 ", "2025-01-01T10:00",
            "2025-01-01", "12025-01-01T10:00:00"
        ],
        "code": [
            "A1", "a", "-A", "A B", "A-B_.9", "Ａ", String(repeating: "x", count: 30), String(repeating: "x", count: 31), "",
            " A", "A ", "é", "A&amp;B", "_A", ".A", "9"
        ],
        "text": [
            "张三", " 张三", "   ", "", "a&#9;b", "a&#x7F;b", "a&#x85;b", "a&#x9F;", "a&#xA0;", String(repeating: "字", count: 200),
            String(repeating: "字", count: 201), " " + String(repeating: "x", count: 199), "&lt;b&gt;", "a&#10;b", " &#10;a", "a "
        ],
        "certno": [
            "11010519490919808X", "110105194909198081", "11010519490919808x", "1101051949091980811", "11010519490919808", "",
            " 110105194909198081", "１10105194909198081"
        ],
        "admdvs": ["110105", "11010", "1101055", "ABCDEF", " 110105", "１１０１０５", ""]
    ]

    /// A field of each type in a fee-detail drop, and the probes it gets.
    static let fields: [(tag: String, probes: String)] = [
        ("drop_id", "code"), ("mdtrt_admdvs", "admdvs"), ("created_at", "datetime"), ("setl_cnt", "number"),
        ("medfee_sumamt", "number"), ("psn_name", "text"), ("certno", "certno"), ("begndate", "date"), ("dise_codg", "code"),
        ("setl_time", "datetime"), ("amt", "number"), ("feedetl_sn", "code"), ("fee_ocur_time", "datetime"),
        ("medins_list_name", "text"), ("cnt", "number"), ("pric", "number"), ("det_item_fee_sumamt", "number"),
        ("claim_cnt", "number"), ("diag_name", "text"), ("claim_id", "code"), ("insu_admdvs", "admdvs")
    ]

    @Test(arguments: ["2025-10-05-H11010200001-01.xml.gz", "2025-11-18-H31010400001-01-manual.xml.gz"])
    func thousandsOfProbedValues(drop: String) throws {
        let xml = String(decoding: try gunzip(Fixtures.repository + "/SampleDrops/" + drop), as: UTF8.self)
        var patternErrors = 0, cases = 0
        for (tag, kind) in Self.fields {
            for value in Self.probes[kind]! {
                // the first and the last occurrence, alone and after an element libxml2 does not expect
                for variant in 0..<3 {
                    var doc = xml
                    let open = "<\(tag)>", close = "</\(tag)>"
                    let start = variant == 1 ? doc.range(of: open, options: .backwards) : doc.range(of: open)
                    guard let start, let end = doc.range(of: close, range: start.upperBound..<doc.endIndex) else { continue }
                    doc.replaceSubrange(start.lowerBound..<end.upperBound, with: open + value + close)
                    if variant == 2 { doc = doc.replacingOccurrences(of: "<psn_no>", with: "<bogus/><psn_no>") }
                    cases += 1
                    if Self.expectSame(doc, "\(tag) = '\(value)' variant \(variant)") { patternErrors += 1 }
                }
            }
        }
        #expect(cases > 600)
        #expect(patternErrors > 150, "the probes reach the patterns")
    }
}
