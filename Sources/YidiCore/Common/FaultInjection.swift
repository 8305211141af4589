import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Faults injected for the crash and fault tests, chosen by environment variables:
///
/// - `YIDI_CRASH_AFTER=N`: the process kills itself (SIGKILL) at the N-th checkpoint
///   (a ledger commit or a file operation), as a machine losing power would.
/// - `YIDI_FAIL_IO=substring`: a file operation whose description contains the substring
///   fails with an I/O error (disk full, permission), as tests run as root cannot provoke.
/// - `YIDI_LEDGER_MAX_PAGES=N`: the SQLite ledger may not grow past N pages (`PRAGMA
///   max_page_count`): SQLite's own SQLITE_FULL, the ledger's disk filling up.
/// - `YIDI_CROSS_DEVICE=substring`: renaming a file whose name contains the substring fails with
///   `EXDEV`, as a target on another file system would.
/// - `YIDI_RENAME_AWAY=substring`: an inbox file whose name contains the substring is renamed
///   away (to a hidden name) just before it is read, as a sender taking a file back would.
/// - `YIDI_GROUP_DROPS=N`: a group of drops committed together holds at most N drops, so that
///   the crash test's small night spans several groups.
/// - `YIDI_SPOOL_BUFFER=N`: a province file's spool holds at most N bytes of rendered records
///   before it compresses them, so that the sample night's small drops take every path of
///   ``ProvinceSpool`` (a drop that outgrows the buffer, one rejected after it did).
///
/// Unset, the checks cost a counter increment.
enum FaultInjection {
    /// Checkpoints passed, by every thread (the intake, the spool and the recording thread all pass some).
    private static let checkpoints = Atomic<Int>(0)
    private static let crashAfter: Int? = getenv("YIDI_CRASH_AFTER").flatMap { Int(String(cString: $0)) }
    private static let failIO: String? = getenv("YIDI_FAIL_IO").map { String(cString: $0) }
    private static let crossDeviceName: String? = getenv("YIDI_CROSS_DEVICE").map { String(cString: $0) }

    /// `EXDEV` if the environment asks that renaming `source` cross file systems.
    static func crossDevice(_ source: String) -> Int32? {
        guard let crossDeviceName, !crossDeviceName.isEmpty, Paths.name(of: source).contains(crossDeviceName) else { return nil }
        return EXDEV
    }

    /// The bound on a group's drops, if the environment sets one.
    static let groupDrops: Int? = getenv("YIDI_GROUP_DROPS").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }

    /// The bound on a spool's uncompressed bytes, if the environment sets one.
    static let spoolBuffer: Int? = getenv("YIDI_SPOOL_BUFFER").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }

    /// The ledger's page limit, if the environment sets one.
    static let ledgerMaxPages: Int? = getenv("YIDI_LEDGER_MAX_PAGES").flatMap { Int(String(cString: $0)) }
    private static let renameAway: String? = getenv("YIDI_RENAME_AWAY").map { String(cString: $0) }

    /// Renames `path` away if the environment asks for it (before an inbox file is read).
    static func maybeRenameAway(_ path: String) {
        guard let renameAway, !renameAway.isEmpty, Paths.name(of: path).contains(renameAway) else { return }
        rename(path, Paths.folder(of: path) + "/." + Paths.name(of: path) + ".taken-back")
    }

    /// Passes a checkpoint named `what`; may crash or fail as the environment asks.
    static func check(_ what: String) throws(YidiError) {
        let passed = checkpoints.add(1, ordering: .relaxed).newValue
        if let crashAfter, passed >= crashAfter { kill(getpid(), SIGKILL) }
        if let failure = ioFailure(what) { throw failure }
    }

    /// The I/O failure injected for the operation `what`, if any; not a checkpoint (safe on
    /// any thread, and it leaves the crash test's numbering alone).
    static func ioFailure(_ what: String) -> YidiError? {
        guard let failIO, !failIO.isEmpty, what.contains(failIO) else { return nil }
        if what.hasPrefix("read ") { return YidiError(.unreadable, "\(what): permission denied (injected)") }
        return YidiError(.io, "\(what): no space left on device (injected)")
    }
}
