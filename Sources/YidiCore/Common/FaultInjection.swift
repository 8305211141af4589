#if canImport(Glibc)
import Glibc
#endif

/// Faults injected for the crash and fault tests, chosen by environment variables:
///
/// - `YIDI_CRASH_AFTER=N`: the process kills itself (SIGKILL) at the N-th checkpoint
///   (a ledger commit or a file operation), as a machine losing power would.
/// - `YIDI_FAIL_IO=substring`: a file operation whose description contains the substring
///   fails with an I/O error (disk full, permission), as tests run as root cannot provoke.
///
/// Unset, the checks cost a counter increment.
public enum FaultInjection {
    nonisolated(unsafe) private static var checkpoints = 0
    private static let crashAfter: Int? = getenv("YIDI_CRASH_AFTER").flatMap { Int(String(cString: $0)) }
    private static let failIO: String? = getenv("YIDI_FAIL_IO").map { String(cString: $0) }

    /// Passes a checkpoint named `what`; may crash or fail as the environment asks.
    public static func check(_ what: String) throws(YidiError) {
        checkpoints += 1
        if let crashAfter, checkpoints >= crashAfter { kill(getpid(), SIGKILL) }
        if let failIO, !failIO.isEmpty, what.contains(failIO) {
            if what.hasPrefix("read ") { throw YidiError(.unreadable, "\(what): permission denied (injected)") }
            throw YidiError(.io, "\(what): no space left on device (injected)")
        }
    }
}
