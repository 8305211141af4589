import Foundation
import Synchronization
import Testing

@testable import YidiCore

/// A queue keeps no element the consumer took: the chunks of a 2 GB drop stay out of memory.
@Suite("BlockingQueue holds nothing once taken")
struct BlockingQueueMemoryTests {
    final class Tracked: Sendable {
        static let alive = Atomic<Int>(0)
        init() { Self.alive.add(1, ordering: .relaxed) }
        deinit { Self.alive.subtract(1, ordering: .relaxed) }
    }

    @Test func aTakenElementIsReleased() {
        let queue = BlockingQueue<Tracked>(capacity: 4)
        for _ in 0..<200 {
            queue.put(Tracked())
            _ = queue.take()
        }
        #expect(Tracked.alive.load(ordering: .relaxed) == 0, "a consumed element is not kept by the queue")
        queue.put(Tracked())
        queue.stop()
        #expect(Tracked.alive.load(ordering: .relaxed) == 0, "stop drops what was queued")
    }
}
