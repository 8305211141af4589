import Testing

@testable import YidiCore

@Suite("The drop's id table answers as a dictionary would")
struct DropIDTableTests {
    @Test func agreesWithADictionaryOverManyIds() {
        var table = DropIDTable()
        var reference: [String: DropAssessor.DropEntry] = [:]
        var x: UInt64 = 42
        for i in 0..<100_000 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            let id = "S\(x % 50_000)-\(i % 7)"  // repeats: updates as well as inserts
            let entry =
                i % 3 == 0
                ? DropAssessor.DropEntry.other
                : DropAssessor.DropEntry(amounts: (Int64(i), Int64(i / 2), Int64(i % 100)))
            #expect((table[id] == nil) == (reference[id] == nil))
            table[id] = entry
            reference[id] = entry
            if i % 11 == 0 {
                table[id]?.isReversed = true
                reference[id]?.isReversed = true
            }
        }
        #expect(table.count == reference.count)
        for (id, entry) in reference {
            let found = table[id]
            #expect(found?.isReversed == entry.isReversed)
            #expect(found?.amounts?.total == entry.amounts?.total && found?.amounts?.account == entry.amounts?.account)
        }
        #expect(table["not there"] == nil && table[""] == nil)
    }
}
