import Foundation

/// The part of a shared night that other workers process, as this worker's progress display
/// counts it: the files this worker listed and registered, less those it claimed itself, are
/// asked of the ledger at most once a second; each one found done is counted as finished.
final class NightShare {
    private let claims: any InboxClaims
    private let progress: RunProgress
    /// Listed files that neither this worker claimed nor the ledger reported done, with their sizes.
    private var others: [String: Int64]
    private var lastAsked = ContinuousClock.now
    /// A question failed: no more are asked.
    private var failed = false

    static let askEvery: Duration = .seconds(1)

    init(files: [String: Int64], claims: any InboxClaims, progress: RunProgress) {
        self.others = files
        self.claims = claims
        self.progress = progress
    }

    /// This worker claimed the file `key`: its own progress counts it.
    func claimed(_ key: String) {
        others[key] = nil
    }

    /// Counts the files other workers finished since the last time it asked (if a second has
    /// passed since, or `now`). A display never changes the night: a question that fails
    /// (the server gone, a worker cut off) ends the counting, and the night goes on to meet
    /// the failure where it matters, with its own exit status.
    func update(now: Bool = false) {
        guard !failed, !others.isEmpty, now || ContinuousClock.now - lastAsked >= Self.askEvery else { return }
        lastAsked = .now
        let done: Set<String>
        do { done = try claims.doneInboxKeys(among: Array(others.keys)) } catch {
            failed = true
            return
        }
        var (drops, bytes) = (0, Int64(0))
        for key in done {
            guard let size = others.removeValue(forKey: key) else { continue }  // not asked: not counted
            drops += 1
            bytes += size
        }
        if drops > 0 { progress.othersFinished(drops: drops, bytes: bytes) }
    }
}
