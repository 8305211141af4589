import Testing
@testable import YidiCore

/// How many drops a night opens ahead of the one it records: the next always, a second one
/// only when both are small (a big drop ahead holds its parser and buffers for nothing).
@Suite("Drops read ahead of the one being recorded")
struct ReadAheadTests {
    let small: Int64 = 40 * 1024
    let big: Int64 = 30 << 20

    @Test func theNextDropIsAlwaysOpenedWhateverItsSize() {
        #expect(ReadAhead.opens(ahead: 0, size: small, after: 0))
        #expect(ReadAhead.opens(ahead: 0, size: big, after: 0))
    }

    @Test func aSecondOnlyWhenBothAreSmall() {
        #expect(ReadAhead.opens(ahead: 1, size: small, after: small))
        #expect(!ReadAhead.opens(ahead: 1, size: big, after: small))
        #expect(!ReadAhead.opens(ahead: 1, size: small, after: big))
        #expect(ReadAhead.opens(ahead: 1, size: ReadAhead.smallDropBytes, after: ReadAhead.smallDropBytes))
        #expect(!ReadAhead.opens(ahead: 1, size: ReadAhead.smallDropBytes + 1, after: small))
    }

    @Test func neverMoreThanTwo() {
        #expect(ReadAhead.smallDropsAhead == 2)
        #expect(!ReadAhead.opens(ahead: 2, size: small, after: small))
    }
}
