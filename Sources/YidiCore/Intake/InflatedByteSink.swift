/// The next stage: receives a drop's inflated bytes in order, chunk by chunk.
protocol InflatedByteSink: AnyObject {
    /// Takes one chunk of inflated bytes; returns `false` to stop reading (a fatal error).
    func consume(_ chunk: UnsafeRawBufferPointer) -> Bool
}
