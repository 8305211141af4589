import CISAL
import CZlib

/// A stretch of raw DEFLATE that ends on a byte boundary (a sync flush) and, but for the last
/// one, without a final block, with the CRC-32 and length of what it holds.
///
/// Segments compressed apart, each with a fresh history, join into one gzip member by
/// concatenation (the technique of pigz): a province file is assembled from the segments each
/// drop of the night left in its spool, without compressing anything twice.
struct DeflateSegment: Sendable, Equatable {
    /// CRC-32 (gzip's) of the inflated bytes.
    var crc: UInt32 = 0
    /// Inflated bytes.
    var inflatedCount: Int64 = 0
    /// Compressed bytes.
    var compressedCount: Int64 = 0
}

/// Where compressed bytes go.
typealias ByteSink = (UnsafeRawBufferPointer) throws(YidiError) -> Void

extension Array where Element == UInt8 {
    /// Calls `body` with the bytes, keeping its error type (`withUnsafeBytes` rethrows untyped).
    func withBytes(_ body: (UnsafeRawBufferPointer) throws(YidiError) -> Void) throws(YidiError) {
        var result: Result<Void, YidiError> = .success(())
        withUnsafeBytes { bytes in
            do throws(YidiError) { try body(bytes) } catch { result = .failure(error) }
        }
        try result.get()
    }
}

/// Compresses segments with ISA-L's igzip at level 1, about ten times as fast as zlib's level 3
/// for a ratio of 12 : 1 on province files. The only file that calls ISA-L.
final class SegmentDeflater {
    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private var current = DeflateSegment()

    /// A deflater whose first segment starts now.
    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: isal_zstream())
        levelBuffer = .allocate(byteCount: Int(yidi_isal_level1_buffer_size()), alignment: 64)
        output = .allocate(byteCount: 128 * 1024, alignment: 64)
        isal_deflate_init(stream)
        reset()
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
        output.deallocate()
    }

    /// Compresses `bytes` into the current segment.
    func write(_ bytes: UnsafeRawBufferPointer, to sink: ByteSink) throws(YidiError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {  // avail_in is 32 bits
            let n = min(bytes.count - offset, 1 << 30)
            current.crc = crc32_gzip_refl(current.crc, base.assumingMemoryBound(to: UInt8.self) + offset, UInt64(n))
            current.inflatedCount += Int64(n)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self) + offset)
            stream.pointee.avail_in = UInt32(n)
            repeat { try run(to: sink) } while stream.pointee.avail_in > 0
            offset += n
        }
    }

    /// Compresses the UTF-8 bytes of `text` into the current segment.
    func write(_ text: String, to sink: ByteSink) throws(YidiError) {
        try Array(text.utf8).withBytes { (bytes) throws(YidiError) in try write(bytes, to: sink) }
    }

    /// Ends the current segment on a byte boundary (`final`: with the final block of the
    /// stream) and starts the next one with a fresh history.
    func endSegment(final: Bool, to sink: ByteSink) throws(YidiError) -> DeflateSegment {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        stream.pointee.flush = UInt16(SYNC_FLUSH)
        stream.pointee.end_of_stream = final ? 1 : 0
        if final {
            repeat { try run(to: sink) } while stream.pointee.internal_state.state != ZSTATE_END
        } else {
            var full: Bool
            repeat { full = try run(to: sink) } while full
        }
        let segment = current
        reset()
        return segment
    }

    /// Drops the current segment's state (its bytes are the caller's to discard) and starts afresh.
    func abandonSegment() { reset() }

    private func reset() {
        isal_deflate_reset(stream)
        stream.pointee.level = 1
        stream.pointee.level_buf = levelBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.level_buf_size = UInt32(levelBuffer.count)
        stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
        stream.pointee.flush = UInt16(NO_FLUSH)
        stream.pointee.end_of_stream = 0
        current = DeflateSegment()
    }

    /// One call of `isal_deflate`; returns whether the output buffer filled up (more may follow).
    @discardableResult
    private func run(to sink: ByteSink) throws(YidiError) -> Bool {
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(output.count)
        let status = isal_deflate(stream)
        precondition(status == COMP_OK, "isal_deflate failed: \(status)")
        let produced = output.count - Int(stream.pointee.avail_out)
        current.compressedCount += Int64(produced)
        if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
        return stream.pointee.avail_out == 0
    }
}

/// One gzip member (RFC 1952) around segments written in order: the header, the segments'
/// bytes, then the trailer with their combined CRC-32 and length.
struct GzipMember {
    private(set) var crc: UInt32 = 0
    private(set) var inflatedCount: Int64 = 0

    /// The member header: deflate, no name, no time, unknown OS (the same bytes every time).
    static let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]

    /// Accounts for a segment whose bytes were written after the header.
    mutating func append(_ segment: DeflateSegment) {
        crc = UInt32(crc32_combine(uLong(crc), uLong(segment.crc), off_t(segment.inflatedCount)))
        inflatedCount += segment.inflatedCount
    }

    /// CRC-32 and length modulo 2³², little-endian.
    var trailer: [UInt8] {
        let size = UInt32(truncatingIfNeeded: inflatedCount)
        return (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) } + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
    }

    /// The CRC-32 of `bytes` as gzip computes it (for tests and checks).
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return crc32_gzip_refl(0, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }
}
