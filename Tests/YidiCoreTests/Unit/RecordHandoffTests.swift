import Foundation
import Synchronization
import Testing

@testable import YidiCore

@Suite("RecordHandoff: batches bounded by records and by fee lines")
struct RecordHandoffTests {
    /// How many settlements the producer has handed on so far.
    private final class HandedCount: Sendable {
        let value = Atomic<Int>(0)
        var now: Int { value.load(ordering: .relaxed) }
    }

    /// Hands on settlements S0, S1, … with `lines[i]` fee lines each, on a thread of its own,
    /// then closes the handoff.
    private static func produce(_ handoff: RecordHandoff, lines: [Int]) -> (handed: HandedCount, thread: SpawnedThread<Void>) {
        let handed = HandedCount()
        let thread = spawn(name: "test-producer") { () -> Void in
            for (i, count) in lines.enumerated() {
                var s = Settlement()
                s.id = "S\(i)"
                s.lines = Array(repeating: FeeLine(), count: count)
                handoff.settlement(s)
                handed.value.add(1, ordering: .relaxed)
            }
            handoff.close()
        }
        return (handed, thread)
    }

    private static func ids(_ handoff: RecordHandoff) -> [String] {
        var ids: [String] = []
        while let record = handoff.next() {
            if case .settlement(let s) = record { ids.append(s.id) }
        }
        return ids
    }

    @Test func theProducerIsHeldBackByFeeLinesNotOnlyByRecords() {
        // batches of at most 10 lines: two settlements of 4 lines each; 2 batches may wait
        let handoff = RecordHandoff(batchSize: 64, batchLines: 10, capacity: 2)
        let producer = Self.produce(handoff, lines: Array(repeating: 4, count: 100))
        #expect(waitUntil { handoff.isProducerWaiting })
        // 2 batches of 2 queued, 2 more in the third batch, the 7th waits for its flush
        #expect(producer.handed.now == 6)
        #expect(Self.ids(handoff) == (0..<100).map { "S\($0)" })
        producer.thread.join()
    }

    @Test func aSettlementWithMoreLinesThanABatchTravelsAlone() {
        let handoff = RecordHandoff(batchSize: 64, batchLines: 10, capacity: 1)
        // S1 flushes S0's batch first, then goes alone
        let producer = Self.produce(handoff, lines: [2, 50, 1])
        #expect(waitUntil { handoff.isProducerWaiting })
        #expect(producer.handed.now == 1, "S0's batch fills the queue; S1 waits to be queued")
        #expect(Self.ids(handoff) == ["S0", "S1", "S2"])
        producer.thread.join()
    }

    @Test func recordsWithoutLinesAreBatchedByCount() {
        let handoff = RecordHandoff(batchSize: 3, batchLines: 10, capacity: 1)
        let producer = Self.produce(handoff, lines: Array(repeating: 0, count: 9))
        #expect(waitUntil { handoff.isProducerWaiting })
        // one batch of 3 queued, the second batch of 3 waits at its flush on the 6th
        #expect(producer.handed.now == 5)
        #expect(Self.ids(handoff) == (0..<9).map { "S\($0)" })
        producer.thread.join()
    }
}
