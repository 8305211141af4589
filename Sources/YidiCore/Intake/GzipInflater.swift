import CZlib

/// Inflates a gzip stream (RFC 1952) with zlib, member after member.
///
/// The only file that calls zlib's inflate. The `z_stream` lives at a fixed
/// address (zlib refuses a stream that moved between calls).
final class GzipInflater {
    /// Why inflating stopped.
    enum Failure: Error, Equatable {
        /// The stream is corrupt, or bytes after a member are not another member.
        case corrupt(String)
        /// The stream ended in the middle of a member, or held nothing.
        case truncated
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    /// The previous member ended exactly at the end of the input given so far.
    private var atMemberEnd = false
    private var sawInput = false
    /// Compressed bytes consumed so far, over every member.
    private(set) var consumedBytes: Int64 = 0

    /// Creates an inflater with an output chunk of `chunkSize` bytes.
    init(chunkSize: Int = 256 * 1024) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: chunkSize, alignment: 16)
        let status = yidi_inflate_init_gzip(stream)
        precondition(status == Z_OK, "zlib inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `input`, handing every inflated chunk to `sink`.
    ///
    /// - Returns: `false` when `sink` asked to stop.
    /// - Throws: ``Failure/corrupt(_:)`` on bad data.
    func feed(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) -> Bool) throws(Failure) -> Bool {
        guard let base = input.baseAddress, !input.isEmpty else { return true }
        sawInput = true
        if atMemberEnd {
            inflateReset(stream)
            atMemberEnd = false
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let before = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            consumedBytes += Int64(before - stream.pointee.avail_in)
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0, !sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) { return false }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return true }
                if produced == 0 && before == stream.pointee.avail_in { return true }  // no progress possible
            case Z_STREAM_END:
                if stream.pointee.avail_in == 0 {
                    atMemberEnd = true
                    return true
                }
                inflateReset(stream)  // another member follows (or garbage, which the next call reports)
            case Z_DATA_ERROR:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                throw .corrupt(reason)
            case Z_MEM_ERROR:
                throw .corrupt("zlib is out of memory")
            default:
                throw .corrupt("zlib status \(status)")
            }
        }
    }

    /// Confirms the input ended at the end of a member.
    func finish() throws(Failure) {
        guard sawInput, atMemberEnd else { throw .truncated }
    }
}
