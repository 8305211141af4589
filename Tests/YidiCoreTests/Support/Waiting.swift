import Foundation

/// Waits until `condition` holds, asking every few milliseconds, for at most `seconds`:
/// tests wait on what they need to see, never for a fixed time.
@discardableResult
func waitUntil(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(5_000)
    }
    return try condition()
}

extension Process {
    /// Whether the running process has `path` open (Linux: its `/proc/PID/fd` links).
    func hasOpen(_ path: String) -> Bool {
        let fds = "/proc/\(processIdentifier)/fd"
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + fd), link == target { return true }
        }
        return false
    }
}
