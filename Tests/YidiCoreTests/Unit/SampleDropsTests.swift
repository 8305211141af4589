import Foundation
import Testing

@testable import YidiCore

@Suite("SampleDrops/ yield exactly the codes and lines expected.tsv lists")
struct SampleDropsTests {
    @Test func everyDropIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.repository + "/SampleDrops")
            .filter { $0.hasSuffix(".xml.gz") }.sorted()
        #expect(files == Fixtures.samples.map(\.0))
        #expect(files.count >= 20)
        #expect(Fixtures.samples.contains { $0.1.isEmpty && $0.0.contains("manual") })
        #expect(Fixtures.samples.contains { $0.1.isEmpty && $0.0.contains("reversal") })
    }

    @Test("each sample drop, with the sample reference data", arguments: Fixtures.samples.map(\.0))
    func sample(file: String) throws {
        let want = try #require(Fixtures.samples.first { $0.0 == file }).1
        let result = try DropCheck(limits: DropLimits(), reference: Fixtures.reference)
            .run(path: Fixtures.repository + "/SampleDrops/" + file)
        #expect(result.errors.map { "\($0.code):\($0.line ?? 0)" } == want)
        if want.isEmpty {
            #expect(result.parse.readToEnd && result.parse.recordCount > 0)
        } else {
            // the file is named for the code it shows
            #expect(file.contains(String(want[0].prefix(4))))
        }
    }

    @Test("without reference data only the D codes remain", arguments: Fixtures.samples.map(\.0))
    func schemaOnly(file: String) throws {
        let want = try #require(Fixtures.samples.first { $0.0 == file }).1.filter { $0.hasPrefix("D") }
        let result = try check(Fixtures.repository + "/SampleDrops/" + file)
        #expect(result.errors.map { "\($0.code):\($0.line ?? 0)" } == want)
    }

    @Test func everyRAndBCodeADropShowsOnItsOwnHasASample() {
        let shown = Set(Fixtures.samples.flatMap(\.1).map { String($0.prefix(4)) })
        let all = [
            "R001", "R002", "R003", "R004", "R005", "R006", "B001", "B003", "B004", "B005", "B006", "B007",
            "B008", "B009", "B010", "B011", "B012", "B013", "B015", "B016", "B017", "B018", "B020"
        ]
        #expect(Set(all).subtracting(shown).isEmpty, "missing: \(Set(all).subtracting(shown).sorted())")
    }
}
