import Foundation
import GRDB
import Testing

@testable import YidiCore

/// Which ledger the ledger suites run against. `scripts/test` runs them twice: on the embedded
/// SQLite ledger, then with `YIDI_TEST_LEDGER=postgres` on the throwaway PostgreSQL server it
/// started (`YIDI_TEST_POSTGRES`), each workspace with its own database.
enum TestLedger: String, Sendable {
    case sqlite, postgres

    /// The ledger of this test process.
    static var current: TestLedger {
        ProcessInfo.processInfo.environment["YIDI_TEST_LEDGER"] == "postgres" ? .postgres : .sqlite
    }

    /// The throwaway server's URL (its `postgres` database), if one was started.
    static var server: String? { ProcessInfo.processInfo.environment["YIDI_TEST_POSTGRES"] }

    /// The server, or a failure saying how to get one.
    static func requireServer() throws -> String {
        guard let server else {
            throw YidiError(.config, "YIDI_TEST_POSTGRES is not set: run the tests with scripts/test, which starts a PostgreSQL server")
        }
        return server
    }

    /// A new empty database on the test server; returns its URL.
    static func makeDatabase() throws -> String {
        let server = try requireServer()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try PostgresSession(url: server).execute("CREATE DATABASE \(name)")
        return String(server[...server.lastIndex(of: "/")!]) + name
    }

    /// Drops a database made by ``makeDatabase()`` (its connections ended first).
    static func dropDatabase(_ url: String) {
        guard let server, let name = url.split(separator: "/").last else { return }
        // a test's clean-up: a database left behind goes with the throwaway cluster anyway
        _ = try? PostgresSession(url: server).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

extension TestLedger {
    /// The rows of a run in a record table, straight from either ledger.
    static func count(_ table: String, runID: Int64, in ledger: any Ledger) throws -> Int {
        if let postgres = ledger as? PostgresLedger {
            return Int(try postgres.session.query("SELECT COUNT(*) FROM \(table) WHERE run_id = $1", [.int(runID)])[0].int(0))
        }
        let sqlite = try #require(ledger as? SQLiteLedger)
        return try sqlite.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }
}

extension TestLedger {
    /// The rows of a query without parameters on either ledger, each value as text (integers in
    /// decimal, NULL as "NULL").
    static func rows(_ sql: String, in ledger: any Ledger) throws -> [[String]] {
        if let postgres = ledger as? PostgresLedger {
            return try postgres.session.query(sql).map { row in
                row.values.map { value in
                    switch value {
                    case .int(let i): String(i)
                    case .text(let s): s
                    case .null: "NULL"
                    }
                }
            }
        }
        let sqlite = try #require(ledger as? SQLiteLedger)
        return try sqlite.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { $0.isNull ? "NULL" : String(describing: $0.storage.value!) }
            }
        }
    }
}
