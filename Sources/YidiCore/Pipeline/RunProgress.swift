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
    /// Compressed bytes of the drops finished (recorded and reported), by any worker: the work
    /// done, where reading runs a drop ahead and commits come in groups.
    public let bytesFinished = Atomic<Int64>(0)
    /// The drop being read: its size and the bytes read of it (0: none is being read). A drop
    /// read ahead begins while the one before is still recorded: the line follows the latest
    /// drop begun, and a drop's bytes count for it only while it is that one (``generation``).
    public let currentSize = Atomic<Int64>(0)
    public let currentRead = Atomic<Int64>(0)
    private let generation = Atomic<Int>(0)
    /// Settlements and claims accepted by this run.
    public let acceptedRecords = Atomic<Int>(0)
    /// Records written so far into the transaction of the drop being recorded (a big drop's
    /// records count while it streams, not only once it is committed).
    public let recordingRecords = Atomic<Int>(0)
    /// What the run does once its drops are processed (``Tail``'s raw value; 0: still the drops).
    public let tail = Atomic<Int>(0)

    /// The run's work after its drops, for the line to say what it is waiting for.
    public enum Tail: Int, Sendable {
        case drops = 0
        /// Finishing and writing the files for the insured provinces, and the outbox.
        case outputs = 1

        public var text: String? {
            switch self {
            case .drops: nil
            case .outputs: "writing the files for the insured provinces"
            }
        }
    }

    public init() {}

    /// The run's drops are done; it writes its outputs.
    func enter(_ tail: Tail) { self.tail.store(tail.rawValue, ordering: .relaxed) }

    /// The run will process `drops` drops of `bytes` compressed bytes.
    func plan(drops: Int, bytes: Int64) {
        readyDrops.store(drops, ordering: .relaxed)
        readyBytes.store(bytes, ordering: .relaxed)
    }

    /// A drop of `size` bytes begins to be read; returns the drop's number for ``read(_:of:)``.
    func begin(size: Int64) -> Int {
        let drop = generation.add(1, ordering: .relaxed).newValue
        currentRead.store(0, ordering: .relaxed)
        currentSize.store(size, ordering: .relaxed)
        return drop
    }

    /// The intake read `count` more bytes of drop `drop`.
    func read(_ count: Int, of drop: Int) {
        bytesRead.add(Int64(count), ordering: .relaxed)
        if generation.load(ordering: .relaxed) == drop { currentRead.add(Int64(count), ordering: .relaxed) }
    }

    /// Drop `drop` is read: the bytes it left unread (reading stopped early) count as done, and
    /// if it is still the drop shown, none is being read now.
    func endReading(_ drop: Int, unread: Int64) {
        if unread > 0 { bytesRead.add(unread, ordering: .relaxed) }
        if generation.load(ordering: .relaxed) == drop { currentSize.store(0, ordering: .relaxed) }
    }

    /// Other workers of a shared night finished `drops` drops of `bytes` compressed bytes that
    /// this run had listed: counted as done, so that every worker shows the night's progress.
    func othersFinished(drops: Int, bytes: Int64) {
        doneDrops.add(drops, ordering: .relaxed)
        bytesRead.add(bytes, ordering: .relaxed)
        bytesFinished.add(bytes, ordering: .relaxed)
    }

    /// Seconds left for the whole run after `elapsed` seconds: the bytes not yet finished at
    /// the pace drops have been finished (reading, checking, recording and committing), or, before
    /// any drop is finished, at the pace they have been read; nil while nothing says.
    public func secondsLeft(elapsed: Double) -> Double? {
        let ready = readyBytes.load(ordering: .relaxed), finished = bytesFinished.load(ordering: .relaxed)
        let done = finished > 0 ? finished : bytesRead.load(ordering: .relaxed)
        guard elapsed > 0, done > 0, ready > done else { return nil }
        return elapsed * Double(ready - done) / Double(done)
    }

    /// A record was written into the drop's transaction.
    func recorded() { recordingRecords.add(1, ordering: .relaxed) }

    /// A drop is finished (recorded and reported, or left unreadable): its records, if it was
    /// accepted, move from being recorded to accepted.
    func finish(acceptedRecords records: Int, bytes: Int64 = 0) {
        doneDrops.add(1, ordering: .relaxed)
        bytesFinished.add(bytes, ordering: .relaxed)
        acceptedRecords.add(records, ordering: .relaxed)
        recordingRecords.store(0, ordering: .relaxed)
    }
}
