import Foundation
import Testing

@testable import YidiCore

/// What must be the same after a crash and a second run as after an uninterrupted run
/// (operations.md, Crash safety): run ids, timestamps and grouping into per-run files may differ.
struct NightContent: Equatable, CustomStringConvertible {
    var attempts: [String] = []
    var acks: [String] = []
    var stored: [String] = []
    var provinceFiles: [String: [String]] = [:]
    var counters: [String] = []
    var leftovers: [String] = []

    init(_ ws: SampleWorkspace) throws {
        let ledger = try ws.ledger()
        var all: [AttemptRecord] = []
        for run in try ledger.latestRuns(limit: 1000) { all += try ledger.attempts(runID: run.id) }
        attempts = all.map { "\($0.dropKey)#\($0.attempt) \($0.status.rawValue) \($0.errorCount)" }.sorted()
        for a in all {
            let ack = try AckFile(path: ws.root + "/" + Acknowledgement.relativePath(of: a))
            acks.append("\(a.dropKey)#\(a.attempt) \(ack.fields["status"] ?? "?") \(ack.errors.joined(separator: ","))")
        }
        acks.sort()
        stored = (ws.files("archive").map { "archive/" + Paths.name(of: $0) } + ws.files("rejected").map { "rejected/" + $0 }).sorted()
        provinceFiles = try ProvinceFilesContent(workspace: ws.root).records
        // how often each command ended differs with every kill: not part of the night's content
        counters = try ledger.counters().filter { $0.name != "yidi_command_exits_total" }.map { "\($0.name){\($0.labels)} \($0.value)" }
        leftovers = ws.files("inbox") + ws.files("outbox").filter { Paths.name(of: $0).hasPrefix(".") }
    }

    var description: String { "\(attempts.count) attempts, \(stored.count) files, \(provinceFiles.count) provinces" }
}

@Suite("Crash safety: killed anywhere, the next run completes the same night", .serialized)
struct CrashTests {
    /// Accepted, rejected, unreadable, a manual reimbursement, a reversal of an earlier drop, a duplicate.
    static let drops = [
        "2025-10-05-H11010200001-01.xml.gz", "2025-10-11-H11010800002-01.xml.gz", "2025-11-05-H31010400001-01.xml.gz",
        "2025-11-17-H44010600001-01.xml.gz", "2025-11-18-H31010400001-01-manual.xml.gz",
        "2025-11-21-H44030400002-11-D001-truncated.xml.gz", "2025-11-21-H44030400002-13-D003-doctype-xxe.xml.gz",
        "2025-11-21-H44030400002-18-D006-line-count.xml.gz", "2025-11-25-H44030400002-33-R002-unmapped-item.xml.gz",
        "2025-11-25-H44030400002-40-B004-line-amount.xml.gz", "2025-12-05-H44010600001-01.xml.gz",
        "2025-12-20-H44010600001-02-reversal.xml.gz", "2026-01-05-H44060400003-01.xml.gz"
    ]

    static func prepare() throws -> SampleWorkspace {
        let ws = try SampleWorkspace(drops: drops)
        try ws.copySample("2025-10-05-H11010200001-01.xml.gz", as: "2026-02-01-resend.xml.gz")  // a duplicate
        return ws
    }

    static let reference: NightContent = {
        let ws = try! prepare()
        _ = try! ws.yidi(["run"])
        return try! NightContent(ws)
    }()

    /// Starts `yidi run` on the workspace without waiting for it.
    static func startRun(_ ws: SampleWorkspace, groupDrops: Int? = nil) throws -> Process {
        try YidiBinary.start(["run", "--workspace", ws.root], environment: groupDrops.map { ["YIDI_GROUP_DROPS": String($0)] } ?? [:])
    }

    /// Runs again until a run ends by itself; the night must then hold the reference content.
    private func recoverAndCompare(_ ws: SampleWorkspace, _ label: String) throws {
        let out = try ws.yidi(["run"])
        #expect(!out.killed && (out.status == 0 || out.status == 1), "\(label): \(out.stderr)")
        let content = try NightContent(ws)
        #expect(content == Self.reference, "\(label)")
        #expect(content.leftovers.isEmpty, "\(label): \(content.leftovers)")
    }

    /// Every checkpoint, with the night in one group of drops and in groups of four (kills
    /// between groups, and inside a group after earlier groups were committed).
    @Test(arguments: [nil, 4]) func aKillAtEveryCheckpoint(groupDrops: Int?) throws {
        #expect(Self.reference.attempts.count == Self.drops.count + 1)
        var points = 0
        var n = 1
        while n < 10_000 {
            let ws = try Self.prepare()
            var environment = ["YIDI_CRASH_AFTER": String(n)]
            if let groupDrops { environment["YIDI_GROUP_DROPS"] = String(groupDrops) }
            let crashed = try ws.yidi(["run"], environment: environment)
            guard crashed.killed else { break }  // the run passed fewer than n checkpoints: every one was tried
            try recoverAndCompare(ws, "killed at checkpoint \(n)")
            points += 1
            n += 1
        }
        print(
            "crash test: \(points) injected kill points (SIGKILL at the n-th ledger commit or file operation), groups of \(groupDrops.map(String.init) ?? "up to 64") drops"
        )
        #expect(points >= 100)
    }

    @Test func realKillsAtRandomTimes() throws {
        var generator = SystemRandomNumberGenerator()
        var points = 0
        for i in 0..<12 {
            let ws = try Self.prepare()
            let process = try Self.startRun(ws, groupDrops: i % 2 == 0 ? nil : 3)
            usleep(UInt32.random(in: 5_000...250_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try recoverAndCompare(ws, "kill -9 at a random time")
            points += 1
        }
        print("crash test: \(points) kill -9 at random times")
    }

    @Test func sigtermFinishesTheCurrentDropAndExits75() throws {
        let ws = try Self.prepare()
        let process = try Self.startRun(ws)
        // the signal comes once the run reads its drops: with thirteen more waiting, it stops
        #expect(waitUntil { Self.drops.contains { process.hasOpen(ws.root + "/inbox/" + $0) } }, "the run reads a drop")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "the signal is handled, not fatal")
        #expect(process.terminationStatus == 75, "stopped after the current drop")
        #expect(!ws.files("inbox").isEmpty, "stopped between drops: the rest waits in the inbox")
        try recoverAndCompare(ws, "after SIGTERM")
    }
}
