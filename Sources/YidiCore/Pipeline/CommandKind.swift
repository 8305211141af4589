/// The commands that open a workspace session, and what each one's kind decides: whether it
/// shares the ledger with other workers, whether it is a run (recorded as one, and done with
/// a rejected drop), and so when it "did its job" for the metrics.
public enum CommandKind: String, Sendable, CaseIterable {
    case run
    case reprocess
    case clear
    case recon
    case prepay
    case ledgerCopy = "ledger copy"

    /// The name the ledger and the metrics know it by.
    public var name: String { rawValue }

    /// `yidi run` workers share a PostgreSQL ledger; every other command holds it alone.
    var sharesTheLedger: Bool { self == .run }

    /// A run processes drops: it is recorded as a run, and a rejected drop (exit 1) is part of
    /// a night's work, not a failure.
    var processesDrops: Bool { self == .run || self == .reprocess }

    /// Whether ending with `exitCode` means the command did its job.
    func didItsJob(_ exitCode: Int32) -> Bool { exitCode == 0 || (exitCode == 1 && processesDrops) }
}
