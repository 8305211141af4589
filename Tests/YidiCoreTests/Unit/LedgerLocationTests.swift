import Foundation
import Testing

@testable import YidiCore

@Suite("yidi.toml's ledger setting")
struct LedgerLocationTests {
    @Test func parsedOnceIntoATypedLocation() throws {
        #expect(try Settings.parse("ledger = \"sqlite:/srv/l.sqlite\"\n", file: "t").ledger == .sqlite(path: "/srv/l.sqlite"))
        #expect(try Settings.parse("", file: "t").ledger == .sqlite(path: "ledger.sqlite"))
        #expect(throws: YidiError.self) { try Settings.parse("ledger = \"mysql://x\"\n", file: "t") }
        #expect(throws: YidiError.self) { try Settings.parse("ledger = \"sqlite:\"\n", file: "t") }
    }

    @Test func aPasswordInAURLIsNeverPrinted() {
        let location = LedgerLocation("postgres://yidi:s3cret@db.example:5432/yidi")
        #expect(location?.printable == "postgres://yidi:***@db.example:5432/yidi")
        #expect(LedgerLocation("postgres://yidi@db/yidi")?.printable == "postgres://yidi@db/yidi")
    }
}
