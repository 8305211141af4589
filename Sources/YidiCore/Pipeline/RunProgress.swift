import Synchronization

/// What a run has done so far, for a progress display on another thread: counters only,
/// updated as the drops stream (the intake adds every chunk it reads).
public final class RunProgress: Sendable {
    /// Drops ready when the run listed the inbox, and their compressed bytes.
    public let readyDrops = Atomic<Int>(0)
    public let readyBytes = Atomic<Int64>(0)
    /// Drops finished (accepted, rejected, duplicate or left unreadable); in a shared night, by
    /// any worker.
    public let doneDrops = Atomic<Int>(0)
    /// Compressed bytes read, over every drop of the run (and the drops other workers finished).
    public let bytesRead = Atomic<Int64>(0)
    /// The drop being read: its size and the bytes read of it.
    public let currentSize = Atomic<Int64>(0)
    public let currentRead = Atomic<Int64>(0)
    /// Settlements and claims accepted by this run.
    public let acceptedRecords = Atomic<Int>(0)

    public init() {}

    /// The run will process `drops` drops of `bytes` compressed bytes.
    func plan(drops: Int, bytes: Int64) {
        readyDrops.store(drops, ordering: .relaxed)
        readyBytes.store(bytes, ordering: .relaxed)
    }

    /// A drop of `size` bytes begins.
    func begin(size: Int64) {
        currentSize.store(size, ordering: .relaxed)
        currentRead.store(0, ordering: .relaxed)
    }

    /// The intake read `count` more bytes of the current drop.
    func read(_ count: Int) {
        currentRead.add(Int64(count), ordering: .relaxed)
        bytesRead.add(Int64(count), ordering: .relaxed)
    }

    /// Other workers of a shared night finished `drops` drops of `bytes` compressed bytes that
    /// this run had listed: counted as done, so that every worker shows the night's progress.
    func othersFinished(drops: Int, bytes: Int64) {
        doneDrops.add(drops, ordering: .relaxed)
        bytesRead.add(bytes, ordering: .relaxed)
    }

    /// The current drop is finished (its unread rest, if reading stopped early, counts as done).
    func finish(acceptedRecords records: Int) {
        let rest = currentSize.load(ordering: .relaxed) - currentRead.load(ordering: .relaxed)
        if rest > 0 { bytesRead.add(rest, ordering: .relaxed) }
        currentSize.store(0, ordering: .relaxed)
        currentRead.store(0, ordering: .relaxed)
        doneDrops.add(1, ordering: .relaxed)
        acceptedRecords.add(records, ordering: .relaxed)
    }
}
