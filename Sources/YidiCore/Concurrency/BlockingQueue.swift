import Foundation
import Synchronization

/// A bounded first-in-first-out queue between two threads: ``put(_:)`` waits while it is
/// full (back-pressure keeps memory flat), ``take()`` waits while it is empty. The producer
/// ``close()``s it when nothing follows; the consumer ``stop()``s it when it wants no more
/// (what is queued is dropped and a waiting producer is released).
///
/// The one producer/consumer queue of yidi: parsed records to the settling thread, inflated
/// chunks to the parser, accepted records to the province-file spool.
final class BlockingQueue<Element>: @unchecked Sendable {
    // Guarded by `condition`: a ring of `capacity` slots; a taken slot is emptied at once, so
    // the queue never holds on to an element the consumer has (chunks are 256 KiB).
    private var ring: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var stopped = false
    private let condition = NSCondition()

    /// A queue that holds at most `capacity` elements.
    init(capacity: Int) {
        precondition(capacity > 0, "a queue holds at least one element")
        ring = Array(repeating: nil, count: capacity)
    }

    /// Producer: appends `element`, waiting while the queue is full.
    ///
    /// - Returns: `false` if the consumer has stopped (the element is dropped).
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == ring.count && !stopped { condition.wait() }
        guard !stopped else { return false }
        ring[(head + count) % ring.count] = element
        count += 1
        condition.broadcast()
        return true
    }

    /// Producer: nothing follows; the consumer gets what is queued, then nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next element, waiting while the queue is empty; nil once it is closed
    /// and empty, or stopped.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed && !stopped { condition.wait() }
        guard !stopped, count > 0 else { return nil }
        let element = ring[head].take()
        head = (head + 1) % ring.count
        count -= 1
        condition.broadcast()
        return element
    }

    /// Consumer: wants no more; queued elements are dropped, a waiting producer returns.
    func stop() {
        condition.lock()
        stopped = true
        for i in ring.indices { ring[i] = nil }
        count = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the consumer has stopped.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }
}

/// A thread started by ``spawn(name:stackSize:_:)`` whose result is collected by ``join()``.
final class SpawnedThread<Result: Sendable>: Sendable {
    private let result = Mutex<Result?>(nil)
    private let done = DispatchSemaphore(value: 0)

    fileprivate init() {}

    fileprivate func finish(with value: Result) {
        result.withLock { $0 = value }
        done.signal()
    }

    /// Waits until the thread's body has returned, and returns its result.
    func join() -> Result {
        done.wait()
        done.signal()  // a second join returns at once
        return result.withLock { $0! }
    }
}

/// Runs `body` on a new named thread; ``SpawnedThread/join()`` waits for its result.
func spawn<Result: Sendable>(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Result) -> SpawnedThread<Result> {
    let spawned = SpawnedThread<Result>()
    let thread = Thread { spawned.finish(with: body()) }
    thread.name = name
    if let stackSize { thread.stackSize = stackSize }
    thread.start()
    return spawned
}
