import Foundation

/// A bounded first-in-first-out queue between two threads: ``put(_:)`` waits while it is
/// full (back-pressure keeps memory flat), ``take()`` waits while it is empty. The producer
/// ``close()``s it when nothing follows; the consumer ``stop()``s it when it wants no more
/// (what is queued is dropped and a waiting producer is released).
///
/// The one producer/consumer queue of yidi: parsed records to the settling thread, inflated
/// chunks to the parser, accepted records to the province-file spool.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    // Guarded by `condition`: a ring of `capacity` slots; a taken slot is emptied at once, so
    // the queue never holds on to an element the consumer has (chunks are 256 KiB).
    private var ring: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var stopped = false
    private var producerWaiting = false
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
        while count == ring.count && !stopped {
            producerWaiting = true
            condition.wait()
        }
        producerWaiting = false
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

    /// Whether the producer is waiting for room: back-pressure seen from outside (tests wait
    /// on it rather than for a time).
    var isProducerWaiting: Bool {
        condition.lock()
        defer { condition.unlock() }
        return producerWaiting
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
    private let result = Locked<Result?>(nil)
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

/// Runs `body` on a thread of its own; ``SpawnedThread/join()`` waits for its result.
///
/// Threads are kept for later calls once their body has returned (a night of thousands of
/// small drops would otherwise create two threads per drop): an idle thread of the same stack
/// size takes the next body, named after it.
func spawn<Result: Sendable>(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Result) -> SpawnedThread<Result> {
    let spawned = SpawnedThread<Result>()
    IdleThreads.shared.run(name: name, stackSize: stackSize ?? 0) {
        let result = body()
        return { spawned.finish(with: result) }
    }
    return spawned
}

/// The threads ``spawn(name:stackSize:_:)`` keeps, waiting for their next body.
private final class IdleThreads: Sendable {
    static let shared = IdleThreads()

    /// A kept thread: takes one body at a time.
    private final class Worker: Sendable {
        /// A body, returning what tells its caller it is done.
        let jobs = BlockingQueue<@Sendable () -> @Sendable () -> Void>(capacity: 1)
    }

    private let idle = Locked<[Int: [Worker]]>([:])

    /// Runs `job` on a kept or new thread; the closure it returns runs once the thread is idle
    /// again, so that a caller woken by it finds the thread free for its next body.
    func run(name: String, stackSize: Int, _ job: @escaping @Sendable () -> @Sendable () -> Void) {
        let named: @Sendable () -> @Sendable () -> Void = {
            Thread.current.name = name
            return job()
        }
        if let worker = idle.withLock({ $0[stackSize]?.popLast() }) {
            worker.jobs.put(named)
            return
        }
        let worker = Worker()
        worker.jobs.put(named)
        let thread = Thread { [self] in
            while let next = worker.jobs.take() {
                let done = next()
                idle.withLock { $0[stackSize, default: []].append(worker) }
                done()
            }
        }
        thread.name = name
        if stackSize > 0 { thread.stackSize = stackSize }
        thread.start()
    }
}
