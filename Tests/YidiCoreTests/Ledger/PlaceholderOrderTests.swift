import GRDB
import Testing

@testable import YidiCore

@Suite("Shared statements: $n placeholders first used in order")
struct PlaceholderOrderTests {
    @Test func outOfOrderPlaceholdersAreRefusedNotBoundWrong() throws {
        try PlaceholderOrder.check("SELECT $1, $2 FROM t WHERE a = $1 AND b = $2 AND c = $3")
        try PlaceholderOrder.check("SELECT 1")
        #expect(throws: YidiError.self) { try PlaceholderOrder.check("SELECT $2, 'x', $1 || '/' FROM t") }
        #expect(throws: YidiError.self) { try PlaceholderOrder.check("SELECT $1, $3") }
    }
}
