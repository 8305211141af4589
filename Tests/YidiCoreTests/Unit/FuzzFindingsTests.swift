import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("Fuzzing findings, kept as regression tests")
struct FuzzFindingsTests {
    @Test func digitsBeyondWhatInt128HoldsAreRefusedNotTrapped() {
        // found by scripts/fuzz: an amount of 40+ digits overflowed the accumulator before the digit count was checked
        let huge = String(repeating: "9", count: 60)
        #expect(Amount(huge) == nil)
        #expect(Amount("1." + huge) == nil)
        #expect(Quantity(huge) == nil && UnitPrice(huge) == nil && Ratio(huge) == nil)
        #expect(Amount("99999999999999.99")?.fen == 9_999_999_999_999_999)
    }

    /// Every input `scripts/fuzz` ever found, kept in Fixtures/fuzz-findings/.
    static let findings = ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.directory + "/fuzz-findings")) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    @Test func theFirstFindingIsKept() { #expect(Self.findings.contains("amount-with-40-digits.xml")) }

    @Test("every finding is now a clean, coded verdict", arguments: FuzzFindingsTests.findings)
    func finding(file: String) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.directory + "/fuzz-findings/" + file)))
        let dir = TemporaryDirectory()
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: dir.write("finding.xml.gz", bytes: GzipDeflater.compress(bytes)))
        #expect(!result.isValid && result.errors.allSatisfy { $0.code.rawValue.count == 4 })
    }
}
