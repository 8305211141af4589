import Foundation
import Synchronization
import Testing

@testable import YidiCore

/// Which inbox file a worker claims next on the PostgreSQL ledger (operations.md, "Order"): the
/// first open file of a hospital, in file-name order, one at a time per hospital; other
/// hospitals' first files meanwhile, the earliest name first.
@Suite("PostgreSQL: the order in which inbox files are claimed", .serialized, .enabled(if: TestLedger.server != nil))
struct ClaimOrderTests {
    @Test func eachHospitalsFilesAreClaimedOneAtATimeInNameOrder() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let ledger = try PostgresLedger(url: url)
        let runID = try ledger.startRun(command: "run", startedAt: LocalDateTime("2026-12-05T01:00:00")!, referenceHashes: [])
        try ledger.holdRun(runID, idleLimitSeconds: 60)  // its claims are live
        // registered out of order; a file of H2 named as if it were H1's counts as H2's (its header)
        try ledger.register(
            [
                "H2-20261204-002", "H1-20261204-002", "H3-20261204-001", "H1-20261204-001",
                "H2-20261204-001", "H1-20261204-003", "H1-20261204-009"
            ].map(Self.file))
        try ledger.register([InboxFile(name: "H1-20261204-004.xml.gz", key: "H1-20261204-004.xml.gz|k", hospital: "H2")])

        func next() throws -> InboxClaim? { try ledger.claimNext(worker: "w", runID: runID, leaseSeconds: 60, skipping: []) }
        let first = try #require(try next()), second = try #require(try next()), third = try #require(try next())
        #expect([first, second, third].map(\.file.name) == ["H1-20261204-001.xml.gz", "H1-20261204-004.xml.gz", "H3-20261204-001.xml.gz"])
        #expect(try next() == nil)  // each hospital's first open file is held

        try ledger.endClaim(second, processed: true)  // H2's next one: H2-…-001 by its name
        #expect(try next()?.file.name == "H2-20261204-001.xml.gz")
        try ledger.endClaim(first, processed: false)  // given back (unreadable): H1's first file is gone from the night
        let h1 = try #require(try next())
        #expect(h1.file.name == "H1-20261204-002.xml.gz")
        try ledger.endClaim(h1, processed: true)
        try ledger.endClaim(third, processed: true)
        #expect(try next()?.file.name == "H1-20261204-003.xml.gz")
        #expect(try next() == nil)
    }

    @Test func aClaimOfARunThatIsGoneIsTakenOver() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let gone = try PostgresLedger(url: url)
        let goneRun = try gone.startRun(command: "run", startedAt: LocalDateTime("2026-12-05T01:00:00")!, referenceHashes: [])
        try gone.holdRun(goneRun, idleLimitSeconds: 60)
        try gone.register(["H1-20261204-001", "H1-20261204-002"].map(Self.file))
        let stale = try #require(try gone.claimNext(worker: "gone", runID: goneRun, leaseSeconds: 600, skipping: []))

        let ledger = try PostgresLedger(url: url)
        // the worker's connection is cut: its run's lock goes with it, its lease has 10 minutes left
        try ledger.session.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for _ in 0..<50 where try !ledger.liveRuns().isEmpty { usleep(20_000) }
        let runID = try ledger.startRun(command: "run", startedAt: LocalDateTime("2026-12-05T01:05:00")!, referenceHashes: [])
        try ledger.holdRun(runID, idleLimitSeconds: 60)
        let taken = try #require(try ledger.claimNext(worker: "w", runID: runID, leaseSeconds: 60, skipping: []))
        #expect(taken.file.name == stale.file.name && taken.fence == stale.fence + 1)
        #expect(try ledger.claimNext(worker: "w", runID: runID, leaseSeconds: 60, skipping: []) == nil)  // H1's next waits for it
    }

    /// Every worker's progress shows the night's: the files another worker finished count as
    /// done (drops and bytes) once the ledger says so, and the worker's own claims never twice.
    @Test func aWorkersProgressCountsTheFilesOthersFinished() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let ledger = try PostgresLedger(url: url)
        let runID = try ledger.startRun(command: "run", startedAt: LocalDateTime("2026-12-05T01:00:00")!, referenceHashes: [])
        try ledger.holdRun(runID, idleLimitSeconds: 60)
        let files = ["H1-20261204-001", "H2-20261204-001", "H3-20261204-001"].map(Self.file)
        try ledger.register(files)
        let progress = RunProgress()
        progress.plan(drops: 3, bytes: 600)
        let share = NightShare(
            files: Dictionary(uniqueKeysWithValues: zip(files.map(\.key), [100, 200, 300])), claims: ledger,
            progress: progress)

        let mine = try #require(try ledger.claimNext(worker: "me", runID: runID, leaseSeconds: 60, skipping: []))
        share.claimed(mine.file.key)
        let theirs = try #require(try ledger.claimNext(worker: "other", runID: runID, leaseSeconds: 60, skipping: []))
        share.update(now: true)
        #expect(progress.doneDrops.load(ordering: .relaxed) == 0)  // claimed is not done
        try ledger.endClaim(theirs, processed: true)
        try ledger.endClaim(mine, processed: true)
        share.update()  // asked less than a second ago: nothing asked
        #expect(progress.doneDrops.load(ordering: .relaxed) == 0)
        share.update(now: true)
        #expect(progress.doneDrops.load(ordering: .relaxed) == 1)
        #expect(progress.bytesRead.load(ordering: .relaxed) == 200)
        share.update(now: true)  // counted once
        #expect(progress.doneDrops.load(ordering: .relaxed) == 1)
    }

    private static func file(_ stem: String) -> InboxFile {
        InboxFile(name: stem + ".xml.gz", key: stem + ".xml.gz|k", hospital: String(stem.prefix(2)))
    }
}
