import Foundation
import Synchronization
import Testing

@testable import YidiCore

@Suite("BlockingQueue and spawn: the one hand-off between threads")
struct BlockingQueueTests {
    @Test func elementsArriveInOrderThenNilAfterClose() {
        let queue = BlockingQueue<Int>(capacity: 3)
        let producer = spawn(name: "test-producer") { () -> Bool in
            for i in 0..<1000 { guard queue.put(i) else { return false } }
            queue.close()
            return true
        }
        var received: [Int] = []
        while let i = queue.take() { received.append(i) }
        #expect(received == Array(0..<1000))
        #expect(producer.join())
        #expect(queue.take() == nil, "closed and empty stays so")
    }

    @Test func aFullQueueHoldsTheProducerBack() {
        let queue = BlockingQueue<Int>(capacity: 2)
        let putCount = Atomic<Int>(0)
        let producer = spawn(name: "test-producer") { () -> Void in
            for i in 0..<5 {
                queue.put(i)
                putCount.add(1, ordering: .relaxed)
            }
            queue.close()
        }
        #expect(waitUntil { queue.isProducerWaiting })
        #expect(putCount.load(ordering: .relaxed) == 2, "at most `capacity` wait")
        #expect(queue.take() == 0)
        #expect(waitUntil { putCount.load(ordering: .relaxed) == 3 && queue.isProducerWaiting }, "one more, then held back again")
        var rest: [Int] = []
        while let i = queue.take() { rest.append(i) }
        producer.join()
        #expect(rest == [1, 2, 3, 4])
    }

    /// A producer that fails closes the queue early: the consumer sees what came, then nil.
    @Test func aProducerFailureEndsTheStreamCleanly() {
        struct Failure: Error {}
        let queue = BlockingQueue<Int>(capacity: 4)
        let producer = spawn(name: "test-producer") { () -> Result<Void, Failure> in
            defer { queue.close() }
            for i in 0..<3 { queue.put(i) }
            return .failure(Failure())
        }
        var received: [Int] = []
        while let i = queue.take() { received.append(i) }
        #expect(received == [0, 1, 2])
        if case .success = producer.join() { Issue.record("the failure is handed to the joiner") }
    }

    /// A consumer that stops releases a producer waiting on a full queue.
    @Test func aConsumerStopReleasesTheProducer() {
        let queue = BlockingQueue<Int>(capacity: 1)
        let producer = spawn(name: "test-producer") { () -> Int in
            var accepted = 0
            for i in 0..<100 where queue.put(i) { accepted += 1 }
            return accepted
        }
        #expect(queue.take() == 0)
        queue.stop()
        #expect(queue.isStopped && queue.take() == nil)
        #expect(producer.join() <= 2, "every put after the stop is refused")
    }

    @Test func joinReturnsTheBodysResultEveryTime() {
        let thread = spawn(name: "test-answer") { 6 * 7 }
        #expect(thread.join() == 42)
        #expect(thread.join() == 42)
    }
}
