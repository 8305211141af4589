import Foundation

/// Hands parsed records to the next stage on a thread of its own, so that classification and
/// settlement run on the second core while libxml2 parses on the first.
///
/// Records travel in batches through a bounded queue (memory stays flat: at most `capacity`
/// batches wait) and arrive in document order, errors included.
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
    private let drained = DispatchSemaphore(value: 0)

    /// Starts the worker thread that feeds `downstream`.
    init(downstream: any DropContentHandler, batchSize: Int = 64, capacity: Int = 8) {
        self.downstream = downstream
        self.batchSize = batchSize
        self.capacity = capacity
        batch.reserveCapacity(batchSize)
        let thread = Thread { [self] in drain() }
        thread.name = "yidi-assess"
        thread.start()
    }

    func header(_ header: DropHeader) { append(.header(header)) }
    func settlement(_ settlement: Settlement) { append(.settlement(settlement)) }
    func reversal(_ reversal: Reversal) { append(.reversal(reversal)) }
    func claim(_ claim: Claim) { append(.claim(claim)) }
    func report(_ error: DropError) { append(.error(error)) }

    /// Hands on what is left and waits until the worker has processed everything.
    func finish() {
        flush()
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        drained.wait()
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

    private func drain() {
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
        drained.signal()
    }
}
