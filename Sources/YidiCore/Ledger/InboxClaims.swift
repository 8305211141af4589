/// An inbox file as the workers share it: known by name and identity (a file that later
/// arrives under the same name is another file), with the hospital whose drops go one at a time.
public struct InboxFile: Sendable, Equatable {
    /// The file name in `inbox/`.
    public var name: String
    /// Name, device, inode, size and modification time: which file this is.
    public var key: String
    /// The header's `fixmedins_code`, or the name up to its first `-` when the header cannot be read.
    public var hospital: String
}

/// A worker's claim on one inbox file: while it holds it no other worker processes the file,
/// and its drop commits only if the claim is still its own (the fence has not moved on).
public struct InboxClaim: Sendable, Equatable {
    public var file: InboxFile
    /// Raised by every claim on the file: a worker whose claim was taken over cannot commit.
    public var fence: Int64
}

/// What several workers on one ledger share (operations.md, "Several workers on one
/// PostgreSQL ledger"): claims on inbox files instead of the workspace lock, and runs whose
/// liveness the ledger knows. The SQLite ledger has one worker and does not take part.
protocol InboxClaims: Ledger {
    /// The keys among `keys` the ledger does not know yet.
    func unknownInboxKeys(_ keys: [String]) throws(YidiError) -> Set<String>
    /// Registers files (a file already registered is left as it is).
    func register(_ files: [InboxFile]) throws(YidiError)
    /// Claims the next file a worker may process: the first open file of a hospital with no
    /// live claim, in name order; a claim whose lease ran out, or whose run's worker is gone
    /// (its connection closed), is taken over. Nil when none is free now.
    ///
    /// - Parameter skipping: hospitals passed over, however far their files are: the worker's
    ///   drop whose commit is not answered yet may be committed by now or not, and its
    ///   hospital's next file is left alone either way, so that one worker claims in the same
    ///   order whatever the timing.
    func claimNext(worker: String, runID: Int64, leaseSeconds: Int, skipping: [String]) throws(YidiError) -> InboxClaim?
    /// The keys among `keys` whose files some worker has processed.
    func doneInboxKeys(among keys: [String]) throws(YidiError) -> Set<String>
    /// Whether `claim` is still this worker's: its fence unchanged and its file not done.
    func holds(_ claim: InboxClaim) throws(YidiError) -> Bool
    /// Whether any registered file is still to be processed (free now, or claimed by a worker).
    func openClaimsRemain() throws(YidiError) -> Bool
    /// Ends a claim without a drop: `processed` marks the file done (it vanished), otherwise
    /// the claim is forgotten so that a later run tries the file again (it could not be read).
    func endClaim(_ claim: InboxClaim, processed: Bool) throws(YidiError)
    /// Marks this process's run live for the other workers (held until the process ends), and
    /// has the server end this worker's connection when a transaction of it idles longer than
    /// `idleLimitSeconds` (a worker cut off mid-drop must not hold its locks past its lease).
    func holdRun(_ runID: Int64, idleLimitSeconds: Int) throws(YidiError)
    /// The runs whose worker is alive.
    func liveRuns() throws(YidiError) -> Set<Int64>
    /// Runs `body` unless another worker is already carrying out dead runs' outbox entries.
    func ifNobodyElseReplays(_ body: () throws(YidiError) -> Void) throws(YidiError)
    /// Keeps a claim's lease alive from another connection while the drop is processed.
    func leaseKeeper(for claim: InboxClaim, leaseSeconds: Int) throws(YidiError) -> any LeaseKeeper
}

/// Renews a claim's lease on a thread of its own until stopped.
protocol LeaseKeeper: AnyObject {
    /// Stops renewing; whether every renewal found the claim still its own.
    @discardableResult
    func stop() -> Bool
}
