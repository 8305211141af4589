import Foundation
import Testing

@testable import YidiCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One typo reads as one problem: the errors built on a wrong line amount name it and follow it.
@Suite struct CausedByTests {
    @Test func theSumsBuiltOnAWrongLineAmountNameItAndComeAfterIt() throws {
        // a valid sample drop whose first line amount gets ten fen too many
        var xml = try sampleXML("2025-10-05-H11010200001-01.xml.gz")
        let open = try #require(xml.range(of: "<det_item_fee_sumamt>")), close = try #require(xml.range(of: "</det_item_fee_sumamt>"))
        let amount = try #require(Amount(String(xml[open.upperBound..<close.lowerBound])))
        xml.replaceSubrange(open.upperBound..<close.lowerBound, with: (amount + Amount(fen: 10)).description)
        let dir = TemporaryDirectory()
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: dir.writeDrop("drop.xml.gz", xml: xml))
        let codes = result.errors.map { "\($0.code):\($0.line ?? 0):\($0.message.en)" }
        let b004 = try #require(result.errors.last)
        #expect(b004.code == .lineAmountMismatch && b004.causedBy == nil && b004.feedetlSN != nil, "\(codes)")
        let followers = result.errors.dropLast()
        #expect(followers.contains { $0.code == .totalMismatch } && followers.contains { $0.code == .categoryMismatch }, "\(codes)")
        for e in followers {
            #expect(e.causedBy == DropError.Cause(code: .lineAmountMismatch, line: try #require(b004.line)), "\(e.code)")
            #expect(
                e.line ?? 0 < b004.line ?? 0, "on the settlement's start line, before the fee line, in the order of lines rules.md fixes")
        }
        #expect(result.errors.map { $0.line ?? 0 } == result.errors.map { $0.line ?? 0 }.sorted())
    }

    @Test func aSumWrongOnItsOwnNamesNoCause() throws {
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: Fixtures.repository + "/SampleDrops/2025-11-25-H44030400002-42-B006-total-not-sum.xml.gz")
        #expect(result.errors.map(\.code) == [.totalMismatch] && result.errors[0].causedBy == nil)
    }
}
