import Foundation

/// One thing a drop's parse hands on, in document order.
enum DropRecord {
    case header(DropHeader)
    case settlement(Settlement)
    case reversal(Reversal)
    case claim(Claim)
    case feedbackEntry(FeedbackEntry)
    case error(DropError)

    /// Hands the record to the handler method of its kind.
    func deliver(to handler: any DropContentHandler) {
        switch self {
        case .header(let h): handler.header(h)
        case .settlement(let s): handler.settlement(s)
        case .reversal(let r): handler.reversal(r)
        case .claim(let c): handler.claim(c)
        case .feedbackEntry(let e): handler.feedbackEntry(e)
        case .error(let e): handler.report(e)
        }
    }
}

/// Hands parsed records from the parsing thread to the thread that classifies, settles and
/// records them, so that this work runs on the second core while libxml2 parses on the first.
///
/// Records travel in batches through a bounded queue (memory stays flat: at most `capacity`
/// batches wait, each of at most `batchSize` records and `batchLines` fee lines) and arrive in
/// document order, errors included. The producer calls the ``DropContentHandler`` methods,
/// then ``close()``; the consumer pulls with ``next()``.
///
/// The queue is deep enough for the drop a night reads ahead: its parser runs on while the
/// current drop's last records are recorded and committed, instead of waiting at the drop
/// boundary with a few hundred records parsed.
final class RecordHandoff: DropContentHandler, @unchecked Sendable {
    private let batchSize: Int
    private let batchLines: Int
    /// The producer's batch being filled and its fee lines (producer thread only).
    private var batch: [DropRecord] = []
    private var linesInBatch = 0
    /// The consumer's batch being read, and where (consumer thread only).
    private var reading: [DropRecord] = []
    private var readIndex = 0
    private let queue: BlockingQueue<[DropRecord]>

    /// A handoff of batches of at most `batchSize` records and `batchLines` fee lines (a record
    /// with more lines travels alone), at most `capacity` batches waiting.
    ///
    /// The defaults hold at most 64 × 1 024 fee lines in the queue: about 33 MB more peak RSS on
    /// the busy night than 8 batches of 64 records, for about 5 s less (README, "Nights of many drops").
    init(batchSize: Int = 64, batchLines: Int = 1024, capacity: Int = 64) {
        self.batchSize = batchSize
        self.batchLines = batchLines
        queue = BlockingQueue(capacity: capacity)
        batch.reserveCapacity(batchSize)
    }

    func header(_ header: DropHeader) { append(.header(header)) }
    func settlement(_ settlement: Settlement) { append(.settlement(settlement), lines: settlement.lines.count) }
    func reversal(_ reversal: Reversal) { append(.reversal(reversal)) }
    func claim(_ claim: Claim) { append(.claim(claim), lines: claim.lines.count) }
    func feedbackEntry(_ entry: FeedbackEntry) { append(.feedbackEntry(entry)) }
    func report(_ error: DropError) { append(.error(error)) }

    /// Producer: hands on what is left; nothing follows.
    func close() {
        flush()
        queue.close()
    }

    private func append(_ record: DropRecord, lines: Int = 0) {
        if !batch.isEmpty, linesInBatch + lines > batchLines { flush() }
        batch.append(record)
        linesInBatch += lines
        if batch.count >= batchSize || linesInBatch >= batchLines { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        queue.put(batch)
        batch = []
        batch.reserveCapacity(batchSize)
        linesInBatch = 0
    }

    /// Consumer: the next record in document order, waiting for the producer; nil once the
    /// producer has closed and everything was taken.
    func next() -> DropRecord? {
        while readIndex == reading.count {
            guard let more = queue.take() else { return nil }
            reading = more
            readIndex = 0
        }
        readIndex += 1
        return reading[readIndex - 1]
    }

    /// Whether the producer waits for room in the queue (back-pressure, for tests).
    var isProducerWaiting: Bool { queue.isProducerWaiting }

    /// Consumer: wants no more records; the producer's further records are dropped.
    func stop() {
        queue.stop()
        reading = []
        readIndex = 0
    }
}
