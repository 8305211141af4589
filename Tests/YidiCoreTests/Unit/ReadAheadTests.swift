import Testing

@testable import YidiCore

/// How many drops a night opens ahead of the one it records: the next always, a second one
/// only when both are small (a big drop ahead holds its parser and buffers for nothing), a
/// third and fourth only when all are tiny.
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

    @Test func aThirdAndFourthOnlyWhenTiny() {
        let tiny = ReadAhead.tinyDropBytes
        #expect(ReadAhead.opens(ahead: 2, size: tiny, after: tiny))
        #expect(ReadAhead.opens(ahead: 3, size: 20 * 1024, after: tiny))
        #expect(!ReadAhead.opens(ahead: 2, size: tiny + 1, after: tiny))
        #expect(!ReadAhead.opens(ahead: 3, size: tiny, after: tiny + 1))
        #expect(!ReadAhead.opens(ahead: 2, size: small, after: 200 * 1024))
    }

    @Test func neverMoreThanFour() {
        #expect(ReadAhead.maxDropsAhead == 4)
        #expect(!ReadAhead.opens(ahead: 4, size: 1024, after: 1024))
    }
}
