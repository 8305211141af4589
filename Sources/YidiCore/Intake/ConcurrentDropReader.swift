import Foundation
import Synchronization

/// Reads, hashes and inflates a drop on a thread of its own, handing inflated chunks through a
/// bounded queue to the thread that parses (libxml2 then has that core to itself).
///
/// At most `capacity` chunks wait, so memory stays flat; when the parser stops reading (a fatal
/// error), the reader still hashes the rest of the file.
struct ConcurrentDropReader {
    let reader: DropReader
    var capacity = 8

    /// Streams the drop at `path` into `sink` on the calling thread.
    func read(path: String, into sink: some InflatedByteSink) throws(YidiError) -> IntakeSummary {
        let queue = ChunkQueue(capacity: capacity)
        let box = ReaderBox()
        let reader = self.reader
        let thread = Thread {
            do throws(YidiError) {
                box.result = .success(try reader.read(path: path, into: queue))
            } catch {
                box.result = .failure(error)
            }
            queue.close()
            box.done.signal()
        }
        thread.name = "yidi-inflate"
        thread.start()
        while let chunk = queue.next() {
            if !queue.isStopped {
                let more = chunk.withUnsafeBytes { sink.consume($0) }
                if !more { queue.stop() }
            }
        }
        box.done.wait()
        return try box.result!.get()
    }
}

/// The bounded queue between the inflating and the parsing thread.
private final class ChunkQueue: InflatedByteSink, @unchecked Sendable {
    private let capacity: Int
    private var chunks: [[UInt8]] = []
    private var closed = false
    private let condition = NSCondition()
    private let stopped = Atomic<Bool>(false)

    init(capacity: Int) { self.capacity = capacity }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Reader side: queues a copy of the chunk; `false` once the parser has stopped reading.
    func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if isStopped { return false }
        let copy = [UInt8](chunk)
        condition.lock()
        while chunks.count >= capacity && !isStopped { condition.wait() }
        if !isStopped { chunks.append(copy) }
        condition.broadcast()
        condition.unlock()
        return !isStopped
    }

    /// Reader side: nothing follows.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Parser side: the parser stopped; the reader's pending chunks are dropped.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        condition.lock()
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Parser side: the next chunk, or nil at the end.
    func next() -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !closed { condition.wait() }
        if chunks.isEmpty { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }
}

private final class ReaderBox: @unchecked Sendable {
    var result: Result<IntakeSummary, YidiError>?
    let done = DispatchSemaphore(value: 0)
}
