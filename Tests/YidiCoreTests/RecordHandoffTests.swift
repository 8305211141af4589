import Foundation
import Synchronization
import Testing
@testable import YidiCore

@Suite("RecordHandoff: batches bounded by records and by fee lines")
struct RecordHandoffTests {
    private func settlement(_ id: Int, lines: Int) -> Settlement {
        var s = Settlement()
        s.id = "S\(id)"
        s.lines = Array(repeating: FeeLine(), count: lines)
        return s
    }

    private func ids(_ handoff: RecordHandoff) -> [String] {
        var ids: [String] = []
        while let record = handoff.next() {
            if case .settlement(let s) = record { ids.append(s.id) }
        }
        return ids
    }

    @Test func theProducerIsHeldBackByFeeLinesNotOnlyByRecords() {
        // batches of at most 10 lines: two settlements of 4 lines each; 2 batches may wait
        let handoff = RecordHandoff(batchSize: 64, batchLines: 10, capacity: 2)
        let handed = Atomic<Int>(0)
        let producer = spawn(name: "test-producer") { () -> Void in
            for i in 0..<100 {
                handoff.settlement(settlement(i, lines: 4))
                handed.add(1, ordering: .relaxed)
            }
            handoff.close()
        }
        Thread.sleep(forTimeInterval: 0.2)
        // 2 batches of 2 queued, 2 more in the third batch, the 7th waits for its flush
        #expect(handed.load(ordering: .relaxed) == 6)
        #expect(ids(handoff) == (0..<100).map { "S\($0)" })
        producer.join()
    }

    @Test func aSettlementWithMoreLinesThanABatchTravelsAlone() {
        let handoff = RecordHandoff(batchSize: 64, batchLines: 10, capacity: 1)
        let handed = Atomic<Int>(0)
        let producer = spawn(name: "test-producer") { () -> Void in
            handoff.settlement(settlement(1, lines: 2))
            handed.add(1, ordering: .relaxed)
            handoff.settlement(settlement(2, lines: 50))  // flushes S1 first, then goes alone
            handed.add(1, ordering: .relaxed)
            handoff.settlement(settlement(3, lines: 1))
            handed.add(1, ordering: .relaxed)
            handoff.close()
        }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(handed.load(ordering: .relaxed) == 1, "S1's batch fills the queue; S2 waits to be queued")
        #expect(ids(handoff) == ["S1", "S2", "S3"])
        producer.join()
    }

    @Test func recordsWithoutLinesAreBatchedByCount() {
        let handoff = RecordHandoff(batchSize: 3, batchLines: 10, capacity: 1)
        let handed = Atomic<Int>(0)
        let producer = spawn(name: "test-producer") { () -> Void in
            for i in 0..<9 {
                handoff.settlement(settlement(i, lines: 0))
                handed.add(1, ordering: .relaxed)
            }
            handoff.close()
        }
        Thread.sleep(forTimeInterval: 0.2)
        // one batch of 3 queued, the second batch of 3 waits at its flush on the 6th
        #expect(handed.load(ordering: .relaxed) == 5)
        #expect(ids(handoff) == (0..<9).map { "S\($0)" })
        producer.join()
    }
}
