import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The night's settlement and reimbursement files, rendered and compressed on a thread of their
/// own while the drops stream, so that writing every fee line again costs no wall time after
/// the last drop.
///
/// Each accepted record goes, as it is recorded, into a spool per file (a hidden temporary next
/// to it) as raw DEFLATE segments. A drop's rendered records wait uncompressed in the file's
/// buffer behind those of the committed drops before it; when its transaction rolls back (a
/// rejected drop, a failed commit) they are cut off, and once the committed drops' bytes reach
/// the buffer's size they are compressed as one segment. A drop that outgrows the buffer on its
/// own is compressed as it comes, in a segment of its own, which a rollback cuts back out of
/// the file. At the end of the run ``ProvinceFile`` joins the kept segments behind the header
/// without compressing anything twice.
///
/// The spool is a cache, not a record: a spool that failed (disk full) is left aside and the
/// file rendered from the ledger; a crash leaves the files pending in the ledger's outbox and
/// the next run renders them from the ledger.
final class ProvinceSpool: @unchecked Sendable {
    /// The run whose files the spool holds.
    let runID: Int64
    private let workspace: Workspace

    /// A file the spool feeds.
    struct Key: Hashable, Sendable {
        var kind: OutboxEntry.Kind
        var province: String
    }

    /// What a file's spool holds of committed drops: its first `byteCount` bytes.
    struct Segments: Sendable {
        var segments: [DeflateSegment] = []
        var byteCount: Int64 = 0
    }

    private enum Item {
        case record(Key, @Sendable () -> ProvinceFileRecord)
        /// The end of a drop, whose records stay if the answer is true once it comes.
        case endDrop(committed: Pending<Bool>)
    }

    // The producer's batch (calling thread only).
    private var batch: [Item] = []
    private var finished = false
    private let queue = BlockingQueue<[Item]>(capacity: 16)
    private var thread: SpawnedThread<Void>?
    // The spool thread's, then (after `finish`) the caller's:
    private var files: [Key: SpoolFile] = [:]

    /// Starts the spool thread of run `runID`.
    init(workspace: Workspace, runID: Int64) {
        self.workspace = workspace
        self.runID = runID
        batch.reserveCapacity(64)
        thread = spawn(name: "yidi-spool") { [self] in work() }
    }

    /// Adds an accepted record to the file `kind` of `province`; `build` runs on the spool thread.
    func add(kind: OutboxEntry.Kind, province: String, _ build: @escaping @Sendable () -> ProvinceFileRecord) {
        batch.append(.record(Key(kind: kind, province: province), build))
        if batch.count >= 64 { hand() }
    }

    /// Ends the current drop: its records stay when its transaction `committed`, else they go.
    func endDrop(committed: Bool) {
        endDrop(whenAnswered: Pending(committed))
    }

    /// Ends the current drop, whose commit is answered later: the spool thread waits for the
    /// answer before it takes anything after (records of the next drops wait in the queue).
    func endDrop(whenAnswered committed: Pending<Bool>) {
        batch.append(.endDrop(committed: committed))
        hand()
    }

    /// Waits until everything handed over is spooled and stops the thread (again: no-op).
    func finish() {
        guard !finished else { return }
        finished = true
        hand()
        queue.close()
        thread?.join()
    }

    /// The committed segments of a file, or nil when the spool holds none or failed.
    func committedSegments(kind: OutboxEntry.Kind, province: String) -> Segments? {
        guard let file = files[Key(kind: kind, province: province)], file.failure == nil, !file.committed.segments.isEmpty
        else { return nil }
        return file.committed
    }

    /// Copies the committed segments' bytes to `sink`.
    func copy(_ segments: Segments, kind: OutboxEntry.Kind, province: String, to sink: ByteSink) throws(YidiError) {
        guard let file = files[Key(kind: kind, province: province)] else { return }
        try file.copy(byteCount: segments.byteCount, to: sink)
    }

    /// Removes the spool files (after the outputs were written, or when the run gives up).
    func removeFiles() {
        for file in files.values { file.remove() }
        files.removeAll()
    }

    // MARK: - Producer side

    private func hand() {
        guard !batch.isEmpty else { return }
        queue.put(batch)
        batch.removeAll(keepingCapacity: true)
    }

    // MARK: - The spool thread

    private func work() {
        var text = XMLText(declaration: false, depth: 1)
        var touched: Set<Key> = []
        while let items = queue.take() {
            for item in items {
                switch item {
                case .record(let key, let build):
                    let file = files[key] ?? open(key)
                    ProvinceFile.render(build(), into: &text)
                    text.withBytes { file.write($0) }
                    text.removeAll()
                    touched.insert(key)
                case .endDrop(let answer):
                    let committed = answer.wait()
                    for key in touched { files[key]?.endDrop(committed: committed) }
                    touched.removeAll()
                }
            }
        }
        for file in files.values { file.endRun() }
    }

    private func open(_ key: Key) -> SpoolFile {
        let target = workspace.root + "/" + ProvinceFile(kind: key.kind, runID: runID, province: key.province).relativePath
        let file = SpoolFile(path: Paths.folder(of: target) + "/." + Paths.name(of: target) + ".spool.tmp")
        files[key] = file
        return file
    }
}

/// One file's spool: raw DEFLATE segments on disk, and the rendered records not yet compressed.
private final class SpoolFile {
    let path: String
    private var fd: Int32 = -1
    private let deflater = SegmentDeflater()
    /// Compressed bytes not yet written.
    private var buffer: [UInt8] = []
    /// Bytes on disk.
    private var written: Int64 = 0
    /// What committed drops left on disk.
    private(set) var committed = ProvinceSpool.Segments()
    /// Set once the spool cannot be trusted; the file is then rendered from the ledger.
    private(set) var failure: YidiError?
    /// Rendered records not yet compressed: the committed drops' (`kept` bytes), then the
    /// current drop's.
    private var pending: [UInt8] = []
    private var kept = 0
    /// Whether the current drop outgrew `pending` and is compressed as it comes, in the
    /// deflater's open segment.
    private var streaming = false

    /// How many rendered bytes wait before they are compressed. Each segment costs its own
    /// Huffman tables and compresses on a fresh history: a segment per drop made a night of
    /// 3 000 drops of 30 settlements (a record or two per province each) spend a seventh of
    /// the spool thread on building tables, for files nearly twice as large. At most two kinds
    /// of file for each of the 31 provinces, so the buffers stay under 8 MiB in all.
    static let pendingLimit = FaultInjection.spoolBuffer ?? 128 * 1024

    init(path: String) {
        self.path = path
        buffer.reserveCapacity(256 * 1024)
        do throws(YidiError) {
            try Paths.makeFolders(Paths.folder(of: path))
            if let injected = FaultInjection.ioFailure("spool \(Paths.name(of: path))") { throw injected }
            fd = Glibc.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if fd < 0 { throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))") }
        } catch {
            failure = error
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Adds rendered records of the current drop.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do throws(YidiError) {
            if streaming { return try deflater.write(bytes, to: append) }
            pending.append(contentsOf: bytes)
            guard pending.count - kept > Self.pendingLimit else { return }
            // the drop alone outgrew the buffer: the committed drops' bytes become a segment,
            // and the drop's own is compressed as it comes, in a segment a rollback can cut off
            try compressKept()
            try pending.withBytes { (drop) throws(YidiError) in try deflater.write(drop, to: append) }
            pending.removeAll(keepingCapacity: true)
            streaming = true
        } catch {
            failure = error
        }
    }

    /// Keeps the drop's records (`committed`) or cuts them off.
    func endDrop(committed keep: Bool) {
        guard failure == nil else { return }
        do throws(YidiError) {
            if streaming {
                streaming = false
                try endStreamedDrop(keep: keep)
            } else if keep {
                kept = pending.count
                if kept >= Self.pendingLimit { try compressKept() }
            } else {
                pending.removeSubrange(kept...)
            }
        } catch {
            failure = error
        }
    }

    /// The end of the run, before the segments are read: the committed drops' bytes still
    /// waiting become the last segment.
    func endRun() {
        guard failure == nil else { return }
        do throws(YidiError) { try compressKept() } catch { failure = error }
    }

    /// Compresses the committed drops' bytes waiting in `pending` as one segment.
    private func compressKept() throws(YidiError) {
        guard kept > 0 else { return }
        try pending.withBytes { (all) throws(YidiError) in
            try deflater.write(UnsafeRawBufferPointer(rebasing: all[0..<kept]), to: append)
        }
        try keepSegment()
        pending.removeSubrange(0..<kept)
        kept = 0
    }

    /// Ends the segment of a drop that was compressed as it came: kept, or cut back out of the file.
    private func endStreamedDrop(keep: Bool) throws(YidiError) {
        guard !keep else { return try keepSegment() }
        deflater.abandonSegment()
        buffer.removeAll(keepingCapacity: true)
        guard ftruncate(fd, off_t(committed.byteCount)) == 0 else {
            throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))")
        }
        written = committed.byteCount
    }

    /// Ends the deflater's segment and counts it among the committed ones, on disk.
    private func keepSegment() throws(YidiError) {
        let segment = try deflater.endSegment(final: false, to: append)
        try drain()
        committed.segments.append(segment)
        committed.byteCount = written
    }

    /// Copies the first `byteCount` bytes to `sink`.
    func copy(byteCount: Int64, to sink: ByteSink) throws(YidiError) {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < byteCount {
            let want = Int(min(Int64(chunk.count), byteCount - offset))
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw YidiError(.io, "\(path): \(n < 0 ? String(cString: strerror(errno)) : "shorter than spooled")") }
            try chunk.withBytes { (b) throws(YidiError) in try sink(UnsafeRawBufferPointer(rebasing: b[0..<n])) }
            offset += Int64(n)
        }
    }

    func remove() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(path)
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws(YidiError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 256 * 1024 { try drain() }
    }

    private func drain() throws(YidiError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress! + offset, $0.count - offset, off_t(written)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw YidiError(.io, "\(path): \(String(cString: strerror(errno)))")
            }
            offset += n
            written += Int64(n)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
