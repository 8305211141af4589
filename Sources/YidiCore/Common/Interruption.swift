#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGTERM and SIGINT during a command: the current drop's transaction is finished (or rolled
/// back by the crash it would otherwise be), outputs are flushed, and the command exits 75.
public enum Interruption {
    private static let requested = Atomic<Bool>(false)

    /// Installs the handlers (once per process).
    public static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in Interruption.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }

    /// Whether a signal asked the command to stop.
    public static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
