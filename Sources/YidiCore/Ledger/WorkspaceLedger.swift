/// Everything a command asks of a workspace's ledger — records, clearing, reconciliation —
/// which both ledgers answer. Opening a workspace's ledger gives one (``LedgerLocation/open(in:)``),
/// so that no caller casts or names a backend.
protocol WorkspaceLedger: RecordLedger, ClearingLedger {
    /// The inbox claims, where several workers may share the ledger (PostgreSQL); nil where one
    /// run holds the workspace lock.
    var inboxClaims: (any InboxClaims)? { get }
    /// Holds the ledger for a command that writes (operations.md): `run` workers share it,
    /// every other writing command refuses (75) while a run works on it and holds it alone
    /// until it ends. A ledger behind the workspace lock has nothing more to hold.
    func hold(for command: CommandKind) throws(YidiError)
}

extension SQLiteLedger: WorkspaceLedger {
    var inboxClaims: (any InboxClaims)? { nil }
    func hold(for command: CommandKind) {}
}

extension PostgresLedger: WorkspaceLedger {
    var inboxClaims: (any InboxClaims)? { self }
    func hold(for command: CommandKind) throws(YidiError) {
        try holdNight(shared: command.sharesTheLedger, command: command.name)
    }
}

extension LedgerLocation {
    /// Opens the ledger, without the lock or the reference data. A missing or empty ledger is
    /// created only in a workspace without history (``LedgerGuard``, 78 otherwise).
    func open(in workspace: Workspace) throws(YidiError) -> any WorkspaceLedger {
        switch self {
        case .sqlite(let relative):
            let path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
            let presence = LedgerGuard.presence(of: path)
            try LedgerGuard.checkMayCreate(path, presence: presence, workspace: workspace)
            return try SQLiteLedger(path: path)
        case .postgres(let url):
            return try PostgresLedger(url: url) { () throws(YidiError) in
                try LedgerGuard.checkMayCreate(printable, presence: .missing, workspace: workspace)
            }
        }
    }

    /// Opens the ledger for a command that only reads it: nothing is created or written, so it
    /// works on a read-only copy of a workspace (``SQLiteLedger/init(readingOnly:)``).
    func openForReading(in workspace: Workspace) throws(YidiError) -> any WorkspaceLedger {
        switch self {
        case .sqlite(let relative):
            let path = relative.hasPrefix("/") ? relative : workspace.root + "/" + relative
            // a lost ledger is not read as an empty one where the workspace has history
            try LedgerGuard.checkMayCreate(path, presence: LedgerGuard.presence(of: path), workspace: workspace)
            return try SQLiteLedger(readingOnly: path)
        case .postgres:
            return try open(in: workspace)
        }
    }
}
