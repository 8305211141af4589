/// A growable byte buffer over raw memory, for the two hot paths that gather bytes: the text of
/// the field being parsed and the XML of the province files being written.
///
/// Appending to an `[UInt8]` costs a uniqueness and capacity check per call; here an append is
/// a bounds check and a copy (about 5 % of the parsing thread, a third of XML rendering).
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: bytes, count: length)
        count += length
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ literal: StaticString) {
        append(literal.utf8Start, literal.utf8CodeUnitCount)
    }

    /// Appends `byte` `n` times.
    @inline(__always)
    func append(repeating byte: UInt8, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(repeating: byte, count: n)
        count += n
    }

    @inline(__always)
    func removeAll() { count = 0 }

    /// The bytes gathered so far, valid for the duration of `body`.
    @inline(__always)
    func withBytes<T, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> T) throws(E) -> T {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    private func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }
}
