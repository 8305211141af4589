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
    private let capacity: Int
    private var batch: [Record] = []
    // Guarded by `condition`:
    private var queue: [[Record]] = []
    private var closed = false
    private let condition = NSCondition()

    /// A handoff to `downstream`.
    init(downstream: any DropContentHandler, batchSize: Int = 64, capacity: Int = 8) {
        self.downstream = downstream
        self.batchSize = batchSize
        self.capacity = capacity
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
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func append(_ record: Record) {
        batch.append(record)
        if batch.count >= batchSize { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
        batch = []
        batch.reserveCapacity(batchSize)
    }

    /// Consumer: passes every record to `downstream`, in order, until the producer closes.
    func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                break
            }
            let next = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
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
