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
        let chunks = ChunkQueue(capacity: capacity)
        let reader = self.reader
        let intake = spawn(name: "yidi-inflate") { () -> Result<IntakeSummary, YidiError> in
            defer { chunks.queue.close() }
            do throws(YidiError) { return .success(try reader.read(path: path, into: chunks)) } catch { return .failure(error) }
        }
        while let chunk = chunks.queue.take() {
            let more = chunk.withUnsafeBytes { sink.consume($0) }
            if !more { chunks.queue.stop() }
        }
        return try intake.join().get()
    }
}

/// The reader's side of the queue to the parser: a copy of each chunk; `false` once the
/// parser has stopped reading (the reader then only hashes the rest).
private final class ChunkQueue: InflatedByteSink, Sendable {
    let queue: BlockingQueue<[UInt8]>

    init(capacity: Int) { queue = BlockingQueue(capacity: capacity) }

    func consume(_ chunk: UnsafeRawBufferPointer) -> Bool { queue.put([UInt8](chunk)) }
}
