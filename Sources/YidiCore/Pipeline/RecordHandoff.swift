import Foundation

/// Hands parsed records from the parsing thread to the thread that classifies, settles and
/// records them, so that this work runs on the second core while libxml2 parses on the first.
///
/// Records travel in batches through a bounded queue (memory stays flat: at most `capacity`
/// batches wait) and arrive in document order, errors included. The producer calls the
/// ``DropContentHandler`` methods, then ``close()``; the consumer calls ``drain()``.
final class RecordHandoff: DropContentHandler, @unchecked Sendable {
    private enum Record {
        case header(DropHeader)
        case settlement(Settlement)
        case reversal(Reversal)
        case claim(Claim)
        case error(DropError)
    }

    private let downstream: any DropContentHandler
    private let batchSize: Int
    /// The producer's batch being filled (producer thread only).
    private var batch: [Record] = []
    private let queue: BlockingQueue<[Record]>

    /// A handoff to `downstream`.
    init(downstream: any DropContentHandler, batchSize: Int = 64, capacity: Int = 8) {
        self.downstream = downstream
        self.batchSize = batchSize
        queue = BlockingQueue(capacity: capacity)
        batch.reserveCapacity(batchSize)
    }

    func header(_ header: DropHeader) { append(.header(header)) }
    func settlement(_ settlement: Settlement) { append(.settlement(settlement)) }
    func reversal(_ reversal: Reversal) { append(.reversal(reversal)) }
    func claim(_ claim: Claim) { append(.claim(claim)) }
    func report(_ error: DropError) { append(.error(error)) }

    /// Producer: hands on what is left; nothing follows.
    func close() {
        flush()
        queue.close()
    }

    private func append(_ record: Record) {
        batch.append(record)
        if batch.count >= batchSize { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        queue.put(batch)
        batch = []
        batch.reserveCapacity(batchSize)
    }

    /// Consumer: passes every record to `downstream`, in order, until the producer closes.
    func drain() {
        while let next = queue.take() {
            for record in next {
                switch record {
                case .header(let h): downstream.header(h)
                case .settlement(let s): downstream.settlement(s)
                case .reversal(let r): downstream.reversal(r)
                case .claim(let c): downstream.claim(c)
                case .error(let e): downstream.report(e)
                }
            }
        }
    }
}
