import GRDB
import Testing

@testable import YidiCore

@Suite("yidi --version names the ledger versions it migrates to")
struct VersionTests {
    @Test func theVersionsAreTheMigrationsShipped() throws {
        #expect(Version.sqliteLedger == LedgerSchema.migrator.migrations.count)
        #expect(Version.postgresLedger == PostgresSchema.migrations.last?.version)
        let out = try YidiBinary.run(["--version"])
        #expect(out.status == 0)
        #expect(out.stdout == Version.description + "\n")
        #expect(
            out.stdout.hasPrefix("yidi \(Version.product) (ledger: SQLite v\(Version.sqliteLedger), PostgreSQL v\(Version.postgresLedger)"))
    }
}
