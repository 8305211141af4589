/// A small document written as one gzip member with the same bytes every time (no name, no
/// time in the header): a statement re-issued from the ledger is byte for byte the first.
enum GzipText {
    /// Writes `text` gzip-compressed to `path`, atomically; a file already there with other
    /// content is never overwritten (70).
    static func write(_ path: String, text: String) throws(YidiError) {
        try AtomicFile.write(path, existing: .mustMatchBy(GzipContent.same)) { (sink) throws(YidiError) in
            var member = GzipMember()
            try GzipMember.header.withBytes { (b) throws(YidiError) in try sink(b) }
            let deflater = SegmentDeflater()
            try deflater.write(text, to: sink)
            member.append(try deflater.endSegment(final: true, to: sink))
            try member.trailer.withBytes { (b) throws(YidiError) in try sink(b) }
        }
    }
}
