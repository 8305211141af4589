#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What intake learned about a drop file.
public struct IntakeSummary: Sendable {
    /// SHA-256 of the compressed bytes, the whole file even when reading stopped early.
    public var sha256: String
    /// Size of the file.
    var compressedBytes: Int64
    /// Inflated bytes handed to the next stage.
    var inflatedBytes: Int64
    /// The fatal intake error (D001, D002), if any.
    public var failure: DropError?
}

/// Reads a `*.xml.gz` drop: hashes the compressed bytes, inflates them with
/// the limits of drops.md, and streams the result to the next stage.
///
/// ```swift
/// let summary = try DropReader(limits: .init()).read(path: "inbox/a.xml.gz", into: parser)
/// ```
struct DropReader: Sendable {
    /// The limits applied while reading.
    public var limits: DropLimits
    /// Size of each read from the file.
    var chunkSize = 256 * 1024
    /// Where the bytes read are counted for a progress display, if anywhere.
    var progress: RunProgress?
    /// Whether the file is read and hashed to its end even once the next stage stopped (a
    /// drop's identity is the SHA-256 of the whole file); false for a look at the header only,
    /// whose summary then has no hash. A look reads and inflates ``lookBytes`` at a time and
    /// hands them on at once (no first MiB held back for the ratio check: nothing is judged by
    /// a look), so that it stops a few KiB after the header instead of inflating a small drop
    /// whole.
    var readsWholeFile = true
    /// The slice a look at the header reads and inflates at a time.
    static let lookBytes = 16 * 1024

    /// Creates a reader with the given limits.
    public init(limits: DropLimits) { self.limits = limits }

    /// Streams the drop at `path` into `sink`.
    ///
    /// - Throws: ``YidiError`` with kind `noInput` if the file does not exist, `unreadable` if it
    ///   cannot be read.
    public func read(path: String, into sink: some InflatedByteSink) throws(YidiError) -> IntakeSummary {
        let (fd, fileSize) = try Self.open(path)
        defer { close(fd) }
        let drop = progress?.begin(size: fileSize)
        var readCount: Int64 = 0
        defer { if let drop { progress?.endReading(drop, unread: fileSize - readCount) } }
        var hash = SHA256()
        var summary = IntakeSummary(sha256: "", compressedBytes: fileSize, inflatedBytes: 0, failure: nil)
        if fileSize > limits.maxCompressedBytes {
            summary.failure = DropError(
                .limitExceeded,
                Phrase(
                    zh: "压缩后大小 \(fileSize) 字节超过上限 \(limits.maxCompressedBytes) 字节",
                    en: "compressed size \(fileSize) bytes exceeds the limit of \(limits.maxCompressedBytes) bytes"))
        }
        let inflater = readsWholeFile ? GzipInflater() : GzipInflater(chunkSize: Self.lookBytes)
        var inflating = summary.failure == nil
        // The first MiB is held back until the ratio can be judged, so that a gzip
        // bomb is reported as D002 before the parser trips over its content.
        var head: [UInt8] = []
        var headDelivered = !readsWholeFile
        let deliver: (UnsafeRawBufferPointer) -> Bool = { out in
            if headDelivered { return sink.consume(out) }
            head.append(contentsOf: out)
            guard summary.inflatedBytes > DropLimits.ratioCheckThreshold else { return true }
            headDelivered = true
            defer { head = [] }
            return head.withUnsafeBytes { sink.consume($0) }
        }
        try Paths.forEachChunk(
            of: fd, path: path, size: readsWholeFile ? chunkSize : Self.lookBytes, failure: .unreadable,
            while: { readsWholeFile || inflating }
        ) { (chunk) throws(YidiError) in
            // SIGTERM/SIGINT stop a long drop within a chunk: its transaction is rolled back
            if Interruption.isRequested { throw YidiError(.tempFail, "interrupted while reading \(path)") }
            if let drop { progress?.read(chunk.count, of: drop) }
            readCount += Int64(chunk.count)
            if readsWholeFile { hash.update(chunk) }
            guard inflating else { return }
            do throws(GzipInflater.Failure) {
                inflating = try inflater.feed(chunk) { out in
                    summary.inflatedBytes += Int64(out.count)
                    if let failure = limitFailure(inflated: summary.inflatedBytes, consumed: inflater.consumedBytes) {
                        summary.failure = failure
                        return false
                    }
                    return deliver(out)
                }
            } catch {
                summary.failure = DropError(.notGzip, Self.describe(error))
                inflating = false
            }
        }
        // A cut or corrupt stream still shows what it held: its header names the hospital.
        let flushHead = {
            if !headDelivered, !head.isEmpty {
                headDelivered = true
                _ = head.withUnsafeBytes { sink.consume($0) }
            }
        }
        if inflating {
            do throws(GzipInflater.Failure) {
                try inflater.finish()
                flushHead()
            } catch {
                flushHead()
                summary.failure = DropError(.notGzip, Self.describe(error))
            }
        } else if summary.failure?.code == .notGzip {
            flushHead()
        }
        summary.sha256 = readsWholeFile ? hash.finalizeHex() : ""
        return summary
    }

    /// Opens the drop (a regular file only) and returns its descriptor and size.
    private static func open(_ path: String) throws(YidiError) -> (fd: Int32, size: Int64) {
        let fd: Int32
        switch FileType.openRegular(path) {
        case .success(let opened): fd = opened
        case .failure(let failure):
            throw YidiError(failure.errno == ENOENT ? .noInput : .unreadable, "\(path): \(failure.message)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw YidiError(.unreadable, "\(path): \(message)")
        }
        return (fd, Int64(info.st_size))
    }

    private func limitFailure(inflated: Int64, consumed: Int64) -> DropError? {
        if inflated > limits.maxInflatedBytes {
            return DropError(
                .limitExceeded,
                Phrase(
                    zh: "解压后大小超过上限 \(limits.maxInflatedBytes) 字节",
                    en: "inflated size exceeds the limit of \(limits.maxInflatedBytes) bytes"))
        }
        // the product cannot overflow within the limits' maxima; were it to, no ratio is passed
        let (allowed, overflow) = limits.maxRatio.multipliedReportingOverflow(by: max(consumed, 1))
        if inflated > DropLimits.ratioCheckThreshold, !overflow, inflated > allowed {
            return DropError(
                .limitExceeded,
                Phrase(
                    zh: "解压比超过 \(limits.maxRatio):1（由 \(consumed) 字节压缩数据解压出 \(inflated) 字节）",
                    en: "inflate ratio exceeds \(limits.maxRatio):1 (\(inflated) bytes from \(consumed) compressed)"))
        }
        return nil
    }

    private static func describe(_ failure: GzipInflater.Failure) -> Phrase {
        switch failure {
        case .truncated: Phrase(zh: "gzip 数据流被截断或为空", en: "gzip stream is truncated or empty")
        case .corrupt(let reason): Phrase(zh: "不是有效的 gzip 数据流：\(reason)", en: "not a valid gzip stream: \(reason)")
        }
    }
}
