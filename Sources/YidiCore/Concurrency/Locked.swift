import Foundation

/// A value that one thread at a time reads or changes, inside ``withLock(_:)``.
///
/// The standard library's `Synchronization.Mutex` would do the same, but on Linux its lock
/// is a futex that ThreadSanitizer cannot see, so that every access it guards is reported as
/// a race (`scripts/sanitize thread`). This one locks a `pthread_mutex_t` (through `NSLock`),
/// which the sanitizer follows.
final class Locked<Value> {
    private var value: Value
    private let lock = NSLock()

    /// A lock guarding `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, the lock held.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// @unchecked: `value` is touched only while `lock` is held; shared across threads only when the
// value itself may be
extension Locked: @unchecked Sendable where Value: Sendable {}
