import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/yidi-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes raw bytes to a file in the directory and returns its path.
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        return file
    }

    /// Writes `xml` gzip-compressed and returns the path.
    func writeDrop(_ name: String, xml: String) -> String {
        write(name, bytes: GzipDeflater.compress(Array(xml.utf8)))
    }
}

enum Fixtures {
    /// `Tests/YidiCoreTests/`, this file being in its `Support/`.
    private static let suites = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let directory = suites.appendingPathComponent("Fixtures").path
    static let repository = suites.deletingLastPathComponent().deletingLastPathComponent().path

    /// The sample reference data in the source tree.
    static let sampleReference = repository + "/Sources/yidi/Resources/sample"

    /// The text of a fixture file.
    static func text(_ name: String) -> String {
        try! String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// `SampleDrops/expected.tsv`: each sample drop with the `CODE:LINE` of every error it must give.
    static let samples: [(String, [String])] = {
        let text = try! String(contentsOfFile: repository + "/SampleDrops/expected.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : [])
        }
    }()

    /// The sample reference data that `yidi init --sample` copies.
    static let reference: ReferenceData = try! ReferenceData.load(directory: sampleReference)

    /// A valid fee-detail drop (one settlement of the rules.md worked example, two lines).
    static var feeDetail: String { text("fee-detail-ok.xml") }
    /// A valid manual-reimbursement drop with one claim.
    static var manual: String { text("manual-ok.xml") }
}

/// Runs a drop through intake and parse, returning its result.
func check(_ path: String, limits: DropLimits = DropLimits()) throws -> DropCheckResult {
    try DropCheck(limits: limits).run(path: path)
}

/// Checks XML text as a drop and returns `CODE:LINE` for each error.
func codes(ofXML xml: String, limits: DropLimits = DropLimits()) throws -> [String] {
    let dir = TemporaryDirectory()
    let result = try check(dir.writeDrop("drop.xml.gz", xml: xml), limits: limits)
    return result.errors.map { "\($0.code):\($0.line ?? 0)" }
}

/// The codes alone.
func codeNames(ofXML xml: String, limits: DropLimits = DropLimits()) throws -> [String] {
    try codes(ofXML: xml, limits: limits).map { String($0.prefix(4)) }
}

/// Records everything a parse emits.
final class RecordingHandler: DropContentHandler {
    var headers: [DropHeader] = []
    var settlements: [Settlement] = []
    var reversals: [Reversal] = []
    var claims: [Claim] = []
    var errors: [DropError] = []

    func header(_ header: DropHeader) { headers.append(header) }
    func settlement(_ settlement: Settlement) { settlements.append(settlement) }
    func reversal(_ reversal: Reversal) { reversals.append(reversal) }
    func claim(_ claim: Claim) { claims.append(claim) }
    var entries: [FeedbackEntry] = []
    func feedbackEntry(_ entry: FeedbackEntry) { entries.append(entry) }
    func report(_ error: DropError) { errors.append(error) }
}

/// Parses XML text (already inflated) straight into a recording handler.
func parse(_ xml: String, limits: DropLimits = DropLimits()) -> (RecordingHandler, DropParser.Summary) {
    let handler = RecordingHandler()
    let parser = DropParser(limits: limits, handler: handler)
    var bytes = Array(xml.utf8)
    _ = bytes.withUnsafeMutableBytes { parser.consume(UnsafeRawBufferPointer($0)) }
    let summary = parser.finish(intakeFailed: false)
    return (handler, summary)
}

extension ReportPage.Context {
    /// A page in English without names, for tests that read its English words.
    static let english = ReportPage.Context(
        language: .english, names: ReportNames(), generatedAt: LocalDateTime("2026-01-01T00:00:00")!,
        ledger: "sqlite:ledger.sqlite", latestRun: nil)
}
