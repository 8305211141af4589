import CZlib

/// Compresses a stream into one gzip member with zlib: gzip files for the tests and the fuzz
/// target (the province files go through YidiCore's SegmentDeflater, ISA-L).
///
/// The only file that calls zlib's deflate. Output goes to `sink` chunk by chunk.
public final class GzipDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    /// Creates a deflater at a zlib `level` (1 fastest … 9 smallest) that hands its output to `sink`.
    public init(level: Int32 = 6, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: 256 * 1024, alignment: 16)
        self.sink = sink
        let status = yidi_deflate_init_gzip(stream, level)
        precondition(status == Z_OK, "zlib deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try run(bytes, flush: Z_NO_FLUSH)
    }

    /// Compresses the UTF-8 bytes of `text`.
    public func write(_ text: String) throws {
        var copy = text
        try copy.withUTF8 { try run(UnsafeRawBufferPointer($0), flush: Z_NO_FLUSH) }
    }

    /// Ends the member (trailer with CRC-32 and size); call once.
    public func finish() throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        repeat {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = deflate(stream, flush)
            precondition(status != Z_STREAM_ERROR, "zlib deflate stream error")
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
        } while stream.pointee.avail_out == 0
        stream.pointee.next_in = nil
    }

    /// Compresses `bytes` into a complete gzip member in memory (tests, small files).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var result: [UInt8] = []
        let deflater = GzipDeflater(level: level) { result.append(contentsOf: $0) }
        // the sink appends to memory and never throws, so neither call can fail
        bytes.withUnsafeBytes { try? deflater.write($0) }
        try? deflater.finish()
        return result
    }
}
