import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and SIGINT during a command: the current drop's transaction is finished or rolled
/// back (a drop being read stops within one chunk), outputs are flushed, and the command
/// exits 75. A second signal ends the process at once with 75: everything that was committed
/// is safe (the ledger is crash-safe) and the rest is done again by the next run.
public enum Interruption {
    private static let requested = Atomic<Bool>(false)

    /// Installs the handlers (once per process), without `SA_RESTART`: a system call that
    /// waits returns `EINTR` instead of waiting on.
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Interruption.requested.exchange(true, ordering: .relaxed) { _exit(75) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        // a parent that blocked them (a supervisor, a test runner) must not make us deaf to them
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Whether a signal asked the command to stop.
    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
