import Foundation
import Testing

@testable import YidiCore

/// Faults found before any drop is read (settings, reference files, the workspace itself):
/// each one a refusal at the start, with the cause named.
@Suite("Small faults: the lock, empty reference files, settings with CRLF, metrics", .serialized)
struct SmallFaultTests {
    static let drops = Array(FaultTests.drops.prefix(2))

    /// The workspace lock is SQLite's: on PostgreSQL, runs share the ledger by design (claims).
    @Test(.enabled(if: TestLedger.current == .sqlite)) func deletingDotLockDoesNotLetASecondRunIn() throws {
        let ws = try SampleWorkspace(drops: [])
        let drop = try InboxEntryTests.putSlowDrop(ws)
        let first = try CrashTests.startRun(ws)
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        #expect(waitUntil { first.hasOpen(drop) }, "the first run holds the lock and reads the drop")
        #expect(unlink(ws.root + "/.lock") == 0)
        let second = try ws.yidi(["run"])
        #expect(second.status == 75 && second.stderr.contains("工作区锁"), "\(second.stderr)")
    }

    @Test(arguments: ["catalog.csv", "mapping.csv", "policies.csv", "institutions.csv", "provinces.csv"])
    func aReferenceFileWithAHeaderAndNoRowsIsRefused(file: String) throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let path = ws.root + "/reference/" + file
        let header = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first)
        try (header + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains(file) && out.stderr.contains("只有表头没有数据行"), "\(out.stderr)")
        #expect(ws.files("inbox").count == 2 && !Paths.exists(ws.root + "/ledger.sqlite"))
    }

    @Test func aDuplicatedHeaderColumnIsNamed() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let path = ws.root + "/reference/institutions.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingAll("hosp_lv,begndate", with: "begndate,begndate").write(toFile: path, atomically: true, encoding: .utf8)
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains("表头中列 begndate 出现两次"), "\(out.stderr)")
    }

    @Test func aNULByteInAFieldIsPrintedEscaped() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        let path = ws.root + "/reference/provinces.csv"
        var bytes = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
        let row = try #require(bytes.firstIndex(of: 0x0A)) + 1  // the first data row's prov_admdvs
        bytes.insert(0, at: row + 2)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains("\\x00"), "\(out.stderr)")
        #expect(!out.stderr.utf8.contains(0), "no raw NUL on the terminal")
    }

    @Test func settingsWithCRLFLineEnds() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        try "# settings\r\nledger = \"sqlite:ledger.sqlite\"\r\nlog_level = \"warning\"\r\n\r\n[limits]\r\nmax_listed_errors = 50\r\n"
            .write(toFile: ws.root + "/yidi.toml", atomically: true, encoding: .utf8)
        #expect(try Settings.load(path: ws.root + "/yidi.toml").limits.maxListedErrors == 50)
        let out = try ws.yidi(["run"])
        #expect(out.status == 0, "\(out.stderr)")
    }

    @Test func anUnwritableMetricsPathIsRefusedAtTheStart() throws {
        let ws = try SampleWorkspace(drops: Self.drops)
        try FileManager.default.removeItem(atPath: ws.root + "/metrics")
        #expect(FileManager.default.createFile(atPath: ws.root + "/metrics", contents: Data("a file".utf8)))
        let out = try ws.yidi(["run"])
        #expect(out.status == 78 && out.stderr.contains("metrics"), "\(out.stderr)")
        #expect(ws.files("inbox").count == 2, "nothing was processed")
    }

    @Test func theTopLevelHelpDescribesWhatIsBuilt() throws {
        let out = try YidiBinary.run(["--help"])
        #expect(out.status == 0 && !out.stdout.contains("later stages") && out.stdout.contains("clearing"))
    }
}
