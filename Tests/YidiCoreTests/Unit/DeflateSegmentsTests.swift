import CZlib
import Testing

@testable import YidiCore

@Suite("Outbox: one gzip member from segments compressed apart")
struct DeflateSegmentsTests {
    /// Inflates `gz` with zlib, which checks the trailer's CRC-32 and length; nil unless it is
    /// exactly one gzip member with nothing after it.
    static func inflateOneMember(_ gz: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard yidi_inflate_init_gzip(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = gz
        return input.withUnsafeMutableBufferPointer { inp -> [UInt8]? in
            stream.next_in = inp.baseAddress
            stream.avail_in = uInt(inp.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
                    stream.next_out = c.baseAddress
                    stream.avail_out = uInt(c.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { return stream.avail_in == 0 ? out : nil }
                if status != Z_OK { return nil }
            }
        }
    }

    /// Text of `n` lines, compressible but not trivially.
    static func text(_ tag: String, _ n: Int) -> String {
        (0..<n).map { "<\(tag)><sn>\($0)</sn><amt>\($0 * 7919 % 100_003).\($0 % 100)</amt></\(tag)>\n" }.joined()
    }

    @Test func segmentsJoinIntoOneMemberThatZlibVerifies() throws {
        var gz: [UInt8] = GzipMember.header
        let sink: ByteSink = { gz.append(contentsOf: $0) }
        let deflater = SegmentDeflater()
        var member = GzipMember()
        let parts = ["<head/>\n", Self.text("a", 20_000), "", Self.text("b", 3), "</end>\n"]
        for (i, part) in parts.enumerated() {
            try deflater.write(part, to: sink)
            let segment = try deflater.endSegment(final: i == parts.count - 1, to: sink)
            #expect(segment.inflatedCount == Int64(part.utf8.count))
            member.append(segment)
        }
        gz += member.trailer
        let expected = Array(parts.joined().utf8)
        #expect(Self.inflateOneMember(gz) == expected)
        #expect(
            member.crc == UInt32(expected.withUnsafeBytes { crc32(0, $0.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt($0.count)) })
        )
        #expect(gz.count < expected.count / 5)
    }

    @Test func anAbandonedSegmentLeavesNoTrace() throws {
        // the spool truncates a rejected drop's bytes; the next segment must not refer back to them
        var gz: [UInt8] = GzipMember.header
        var member = GzipMember()
        let deflater = SegmentDeflater()
        try deflater.write("kept 1 " + Self.text("x", 500), to: { gz.append(contentsOf: $0) })
        member.append(try deflater.endSegment(final: false, to: { gz.append(contentsOf: $0) }))
        var discarded: [UInt8] = []
        try deflater.write(Self.text("x", 500), to: { discarded.append(contentsOf: $0) })
        deflater.abandonSegment()
        try deflater.write(Self.text("x", 500) + " kept 2", to: { gz.append(contentsOf: $0) })
        member.append(try deflater.endSegment(final: true, to: { gz.append(contentsOf: $0) }))
        gz += member.trailer
        #expect(Self.inflateOneMember(gz) == Array(("kept 1 " + Self.text("x", 500) + Self.text("x", 500) + " kept 2").utf8))
    }

    @Test func aCorruptedTrailerIsCaught() throws {
        var gz: [UInt8] = GzipMember.header
        var member = GzipMember()
        let deflater = SegmentDeflater()
        try deflater.write("abc", to: { gz.append(contentsOf: $0) })
        member.append(try deflater.endSegment(final: true, to: { gz.append(contentsOf: $0) }))
        var trailer = member.trailer
        trailer[0] ^= 1
        #expect(Self.inflateOneMember(gz + trailer) == nil)
        #expect(Self.inflateOneMember(gz + member.trailer) == Array("abc".utf8))
    }
}
