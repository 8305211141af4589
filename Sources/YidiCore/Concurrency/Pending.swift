import Foundation

/// A value that another thread provides later, once: waited for (``wait()``), or handed on
/// as it comes (``map(_:)``). A ledger's commit sent without waiting for its answer is one:
/// the night goes on with the next drop, and the drop's province-file records and report wait
/// for it.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    // Guarded by `condition`.
    private var value: Value?
    private var followers: [@Sendable (Value) -> Void] = []
    private let condition = NSCondition()

    /// A value still to come.
    init() {}

    /// A value there already.
    init(_ value: Value) { self.value = value }

    /// Provides the value and wakes whoever waits; a second call is ignored (the first
    /// answer stands, as a connection's deadline may fail what its answer then fulfils).
    func fulfil(_ value: Value) {
        condition.lock()
        guard self.value == nil else {
            condition.unlock()
            return
        }
        self.value = value
        let waiting = followers
        followers.removeAll()
        condition.broadcast()
        condition.unlock()
        for follower in waiting { follower(value) }
    }

    /// The value, waiting until it is there.
    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }

    /// Whether the value is there.
    var isFulfilled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return value != nil
    }

    /// A pending value made of this one by `transform`, which runs on the thread that fulfils
    /// this one (at once when it is there already).
    func map<T: Sendable>(_ transform: @escaping @Sendable (Value) -> T) -> Pending<T> {
        let mapped = Pending<T>()
        condition.lock()
        if let value {
            condition.unlock()
            mapped.fulfil(transform(value))
        } else {
            followers.append { mapped.fulfil(transform($0)) }
            condition.unlock()
        }
        return mapped
    }
}

/// A commit's answer: nothing, or why the commit did not go through.
public typealias CommitAnswer = Pending<Result<Void, YidiError>>
