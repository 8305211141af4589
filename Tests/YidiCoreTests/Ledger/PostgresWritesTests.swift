import Foundation
import Testing

@testable import YidiCore

/// The PostgreSQL ledger's gathered writes (``PostgresWrites``) against the real server: batch
/// columns bound as arrays come back value for value, and a drop's one-statement commit writes
/// nothing at all when its claim was taken over.
@Suite("PostgreSQL: batch writes and the fenced one-statement commit", .serialized, .enabled(if: TestLedger.server != nil))
struct PostgresWritesTests {
    @Test func everyValueOfABatchComesBackAsItWasBound() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let session = try PostgresSession(url: url)
        try session.execute("CREATE TABLE probe (n bigint, amount bigint, name text, note text, nothing bigint)")
        let rows: [[SQLValue]] = [
            [.int(1), .int(Int64.max), .text("双引号\"与反斜杠\\"), .null, .null],
            [.int(2), .int(Int64.min), .text("{a,b}"), .text(""), .null],
            [.int(3), .null, .text("NULL"), .text("tab\tand newline\n"), .null],
            [.int(4), .int(0), .null, .text("'; DROP TABLE probe; --"), .null]
        ]
        try PostgresBatch.insert(into: "probe", columns: ["n", "amount", "name", "note", "nothing"], rows: rows, session: session)
        let back = try session.query("SELECT n, amount, name, note, nothing FROM probe ORDER BY n").map(\.values)
        #expect(back == rows)
    }

    @Test func aBatchInsertsItsRowsInTheirOrder() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let session = try PostgresSession(url: url)
        try session.execute("CREATE TABLE ordered (id bigserial PRIMARY KEY, label text NOT NULL)")
        let labels = (1...500).map { "row \(($0 * 7919) % 500)" }
        try PostgresBatch.insert(into: "ordered", columns: ["label"], rows: labels.map { [.text($0)] }, session: session)
        #expect(try session.query("SELECT label FROM ordered ORDER BY id").map { $0.text(0) } == labels)
    }

    @Test func aPreparedStatementIsPreparedOnceAndAnswersLikeAnUnnamedOne() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let session = try PostgresSession(url: url)
        try session.execute("CREATE TABLE probe (id bigint PRIMARY KEY, small integer, name text, at timestamptz, tags text)")
        let insert = "INSERT INTO probe (id, small, name, at, tags) SELECT $1, $2, $3, $4, string_agg(t, ',') FROM unnest($5) AS t"
        for i in 1...7 {  // past the five runs after which the server may switch to a generic plan
            let parameters: [SQLParameter] = [
                .value(.int(Int64(i))), .value(.int(Int64(i) * 10)), .value(.text("第\(i)个 '$1'")),
                .value(.null), .column(.texts(["a\(i)", nil, "c"]))
            ]
            try session.queryPrepared(insert, parameters: parameters)
        }
        let back = try session.queryPrepared(
            "SELECT id, small, name, at, tags FROM probe WHERE id >= $1 ORDER BY id",
            parameters: [.value(.int(6))]
        ).map(\.values)
        #expect(
            back == [
                [.int(6), .int(60), .text("第6个 '$1'"), .null, .text("a6,c")],
                [.int(7), .int(70), .text("第7个 '$1'"), .null, .text("a7,c")]
            ])
        let named = try session.query("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql")[0].int(0)
        #expect(named == 2, "one statement per text, however often it ran")
        // a server's unique violation through a prepared statement is a conflict (a lost race)
        let again: [SQLParameter] = [.value(.int(1)), .value(.int(0)), .value(.text("x")), .value(.null), .column(.texts([]))]
        let error = #expect(throws: YidiError.self) { try session.queryPrepared(insert, parameters: again) }
        #expect(error?.conflict == .keyTakenConcurrently)
        #expect(error?.kind == .io)
    }

    /// A worker whose transaction the server ended for idling longer than the lease reads
    /// either that error (25P03) or a closed connection, depending on what reached it first:
    /// both are "try again" (75), never an I/O error (74).
    @Test func theServerEndingAnIdleTransactionIsTryAgain() {
        let idle = PostgresSession.serverFailure(
            state: "25P03", message: "terminating connection due to idle-in-transaction timeout", place: "postgres://h/l")
        #expect(idle.kind == .tempFail)
        #expect(PostgresSession.serverFailure(state: "57P01", message: "shutdown", place: "p").kind == .tempFail)
        #expect(PostgresSession.serverFailure(state: "42P01", message: "no such table", place: "p").kind == .io)
        #expect(PostgresSession.serverFailure(state: "40P01", message: "deadlock", place: "p").conflict == .deadlock)
    }

    @Test func placeholdersAreCastToTheirBindsTypes() {
        let parameters: [SQLParameter] = [.value(.int(1)), .value(.text("t")), .value(.null), .column(.ints([1])), .column(.texts(["a"]))]
        #expect(
            PostgresSession.typed("SELECT $1, $2, $3, $4, $5, $10, $1::int, '$1', ($2)", parameters)
                == "SELECT $1::bigint, $2::text, $3, $4::bigint[], $5::text[], $10, $1::int, '$1', ($2::text)")
    }

    @Test func aDropWhoseClaimWasTakenOverWritesNothing() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let (ledger, runID, stale) = try Self.claimedFile(in: url)
        #expect(try ledger.holds(stale))
        // another worker takes the claim over: the fence moves on
        try ledger.session.execute("UPDATE inbox_claim SET fence = fence + 1")
        #expect(try !ledger.holds(stale))

        for beginsEarly in [false, true] {
            let tx = try ledger.beginDrop(runID: runID, dropID: "H1-20261203-001", claim: stale)
            if beginsEarly { try tx.updateStoredPath(attemptID: 0, path: "nowhere") }  // begins the transaction on the server
            let id = try tx.record(attempt: Self.attempt(runID: runID), errors: [])
            try tx.addCounters([MetricIncrement(name: "yidi_drops_total", value: 1)])
            try tx.enqueue(.acknowledge(attemptID: id), runID: runID)
            #expect(throws: YidiError.self) { try tx.commit() }
            try tx.rollback()
        }
        for table in ["attempt", "outbox", "counter"] {
            #expect(try ledger.session.query("SELECT COUNT(*) FROM \(table)")[0].int(0) == 0, "\(table)")
        }
        #expect(try ledger.session.query("SELECT done FROM inbox_claim")[0].int(0) == 0)
    }

    @Test func aDropWhoseClaimHoldsIsWrittenWhole() throws {
        let url = try TestLedger.makeDatabase()
        defer { TestLedger.dropDatabase(url) }
        let (ledger, runID, claim) = try Self.claimedFile(in: url)
        let tx = try ledger.beginDrop(runID: runID, dropID: "H1-20261203-001", claim: claim)
        let id = try tx.record(attempt: Self.attempt(runID: runID), errors: [])
        try tx.addCounters([MetricIncrement(name: "yidi_drops_total", value: 1)])
        try tx.enqueue(.acknowledge(attemptID: id), runID: runID)
        try tx.commit()
        let attempt = try #require(try ledger.attempt(id: id))
        #expect(attempt.dropID == "H1-20261203-001" && attempt.status == .rejected && attempt.controlSum == Amount(fen: 12_345))
        #expect(try ledger.pendingOutbox().map(\.task) == [.acknowledge(attemptID: id)])
        #expect(try ledger.counters().map(\.value) == [1])
        #expect(try ledger.session.query("SELECT done FROM inbox_claim")[0].int(0) == 1)
        #expect(try !ledger.holds(claim))  // done: no longer anyone's to work on
    }

    /// A ledger in `url` with a run that has claimed its one inbox file.
    private static func claimedFile(in url: String) throws -> (PostgresLedger, runID: Int64, InboxClaim) {
        let ledger = try PostgresLedger(url: url)
        let runID = try ledger.startRun(command: "run", startedAt: LocalDateTime("2026-12-04T01:00:00")!, referenceHashes: [])
        try ledger.register([InboxFile(name: "H1-20261203-001.xml.gz", key: "k1", hospital: "H1")])
        return (ledger, runID, try #require(try ledger.claimNext(worker: "a", runID: runID, leaseSeconds: 60, skipping: [])))
    }

    private static func attempt(runID: Int64) -> AttemptRecord {
        AttemptRecord(
            id: 0, dropKey: "H1-20261203-001", dropID: "H1-20261203-001", institutionCode: "H1", attempt: 1, runID: runID,
            fileName: "H1-20261203-001.xml.gz", sha256: String(repeating: "0", count: 64), receivedAt: "2026-12-04T01:00:00",
            status: .rejected, kind: nil, recordCount: 0, lineCount: 0, controlSum: Amount(fen: 12_345), errorCount: 0,
            storedPath: "rejected/H1-20261203-001.1.xml.gz")
    }
}
