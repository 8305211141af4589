import Foundation
import Testing

@testable import YidiCore

/// validate checks every argument; errors about an element carry its start line;
/// usage as operations.md says.
@Suite("validate: every argument checked, one line per error, the element's start line")
struct ValidateArgumentsTests {
    static let valid = Fixtures.repository + "/SampleDrops/2025-10-05-H11010200001-01.xml.gz"
    static let invalid = Fixtures.repository + "/SampleDrops/2025-11-21-H44030400002-18-D006-line-count.xml.gz"

    @Test func aFolderOrAMissingFileDoesNotStopTheOthers() throws {
        let dir = TemporaryDirectory()
        let args = [dir.path, Self.valid, dir.path + "/missing.xml.gz", Self.invalid]
        let text = try YidiBinary.run(["validate", "--lang", "en"] + args)
        #expect(text.status == 74, "the worst: a folder cannot be read")
        #expect(text.stdout.contains("\(Self.valid): valid") && text.stdout.contains("\(Self.invalid): invalid"), "\(text.stdout)")
        #expect(text.stderr.contains(dir.path) && text.stderr.contains("missing.xml.gz"))
        let json = try YidiBinary.run(["validate", "--json"] + args)
        #expect(json.status == 74)
        #expect(json.stdout.hasPrefix("[") && json.stdout.contains("D006"), "\(json.stdout)")
        let onlyMissing = try YidiBinary.run(["validate", "--json", Self.invalid, dir.path + "/missing.xml.gz"])
        #expect(onlyMissing.status == 66 && onlyMissing.stdout.hasPrefix("["))
    }

    /// A value that spans lines: its error is on the element's start line and stays on one line.
    @Test func aMultiLineValueIsReportedOnItsStartLineOnOneLine() throws {
        let xml = Fixtures.feeDetail.replacingAll("<insutype>310</insutype>", with: "<insutype>31\n0</insutype>")
            .replacingAll("<cnt>1</cnt>", with: "<cnt>1\nx</cnt>")
        let lines = xml.split(separator: "\n", omittingEmptySubsequences: false)
        let insutype = try #require(lines.firstIndex { $0.contains("<insutype>") }) + 1
        let cnt = try #require(lines.firstIndex { $0.contains("<cnt>1") }) + 1
        #expect(try codes(ofXML: xml) == ["D004:\(insutype)", "D004:\(cnt)"])
        let dir = TemporaryDirectory()
        let out = try YidiBinary.run(["validate", dir.writeDrop("ml.xml.gz", xml: xml)])
        let errorLines = out.stdout.split(separator: "\n").filter { $0.contains(": D004 ") }
        #expect(errorLines.count == 2 && errorLines.allSatisfy { $0.contains("\\n") }, "\(out.stdout)")
        #expect(errorLines.first?.contains("ml.xml.gz:\(insutype): D004") == true)
    }

    @Test func noSubcommandPrintsHelpAndAUsageErrorIs64() throws {
        let bare = try YidiBinary.run([])
        #expect(bare.status == 0 && (bare.stdout + bare.stderr).contains("SUBCOMMANDS"))
        #expect(try YidiBinary.run(["run", "--no-such-option"]).status == 64)
        #expect(try YidiBinary.run(["no-such-command"]).status == 64)
    }
}
