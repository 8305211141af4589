import Foundation

/// Drops committed together (group commit): a night of thousands of small drops pays one
/// ledger sync per group rather than per drop. Each drop is still all or nothing (a savepoint
/// of the group's transaction); a crash loses at most the uncommitted group, which stays in the
/// inbox and is processed again by the next run.
///
/// A group closes at 64 drops, 8 MiB of compressed drops or one second, whichever comes first;
/// a drop that would take it past 8 MiB starts a new group (a big drop is a group of its own).
struct DropGroup {
    static let maxDrops = FaultInjection.groupDrops ?? 64
    static let maxBytes: Int64 = 8 << 20
    static let maxSeconds = 1.0

    private(set) var isOpen = false
    private var outcomes: [DropOutcome] = []
    private var bytes: Int64 = 0
    private var openedAt = Date()

    /// Opens the group's transaction.
    mutating func open(_ ledger: any Ledger) throws(YidiError) {
        try ledger.beginGroup()
        isOpen = true
        outcomes = []
        bytes = 0
        openedAt = Date()
    }

    /// Whether a drop of `bytes` (compressed) still fits.
    func takes(bytes size: Int64) -> Bool { outcomes.isEmpty || bytes + size <= Self.maxBytes }

    /// A drop processed in the group (committed to its savepoint).
    mutating func add(_ outcome: DropOutcome, bytes size: Int64) {
        outcomes.append(outcome)
        bytes += size
    }

    /// Whether the group should be committed now.
    var isFull: Bool {
        outcomes.count >= Self.maxDrops || bytes >= Self.maxBytes || Date().timeIntervalSince(openedAt) >= Self.maxSeconds
    }

    /// Commits the group: its drops' outcomes, now durable.
    mutating func commit(ledger: any Ledger) throws(YidiError) -> [DropOutcome] {
        try FaultInjection.check("commit group")
        isOpen = false  // committed or, if the commit fails, rolled back: closed either way
        try ledger.commitGroup()
        defer { outcomes = [] }
        return outcomes
    }
}
