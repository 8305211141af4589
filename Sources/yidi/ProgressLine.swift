import Foundation
import Synchronization
import YidiCore

/// On a terminal, one line on stderr that `yidi run` rewrites a few times a second from the
/// run's counters: the drop being read (bytes read of its size, %, MB/s) and the night (drops
/// done of ready, bytes left, ETA). Any other line is printed through ``print(_:)`` or
/// ``TerminalLine``, which clear it first and draw it again after. Off a terminal it prints
/// nothing.
final class ProgressLine: Sendable {
    let counters = RunProgress()
    private let start = ContinuousClock.now
    private let stopped = Atomic<Bool>(false)
    private let enabled: Bool
    /// Whether the line is drawn (on a terminal, not `--quiet`): the run counts for it only then.
    var isShown: Bool { enabled }

    init(enabled: Bool = CommandLogging.isTerminal) {
        self.enabled = enabled
        guard enabled else { return }
        TerminalLine.shared.setRedraw { [weak self] in self?.text() }
        let thread = Thread { [weak self] in
            while let self, !self.stopped.load(ordering: .relaxed) {
                TerminalLine.shared.draw()
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        thread.name = "yidi-progress"
        thread.start()
    }

    /// Prints a line on stdout below the progress line.
    func print(_ line: String) {
        TerminalLine.shared.printAbove {
            Swift.print(line)
            fflush(nil)
        }
    }

    /// Stops the ticker and clears the line.
    func finish() {
        guard enabled else { return }
        stopped.store(true, ordering: .relaxed)
        TerminalLine.shared.setRedraw(nil)
        TerminalLine.shared.clear()
    }

    /// The line as it stands now.
    func text() -> String {
        let c = counters
        let since = (ContinuousClock.now - start).components
        let elapsed = max(Double(since.seconds) + Double(since.attoseconds) / 1e18, 0.001)
        let read = c.bytesRead.load(ordering: .relaxed)
        let rate = Double(read) / 1_000_000 / elapsed
        let ready = c.readyBytes.load(ordering: .relaxed)
        let left = max(ready - read, 0)
        var line = "yidi: \(c.doneDrops.load(ordering: .relaxed))/\(c.readyDrops.load(ordering: .relaxed)) drops"
        let size = c.currentSize.load(ordering: .relaxed)
        if size > 0 {
            let current = min(c.currentRead.load(ordering: .relaxed), size)
            line += " · this drop \(Self.megabytes(current))/\(Self.megabytes(size)) MB (\(current * 100 / size) %)"
        }
        if let tail = RunProgress.Tail(rawValue: c.tail.load(ordering: .relaxed))?.text {
            line += " · \(tail)"
        } else {
            line += " · \(String(format: "%.1f", rate)) MB/s · \(Self.megabytes(left)) MB left"
            if let seconds = c.secondsLeft(elapsed: elapsed) { line += " · ETA \(Self.duration(seconds))" }
        }
        let recording = c.recordingRecords.load(ordering: .relaxed)
        line += " · \(c.acceptedRecords.load(ordering: .relaxed)) accepted" + (recording > 0 ? " (+\(recording) being recorded)" : "")
        return Self.fitted(line, columns: Self.terminalColumns())
    }

    /// The line cut to one column less than the terminal is wide: a line that wrapped would
    /// leave a copy of itself on the row above at every redraw (`\r\e[K` clears one row).
    static func fitted(_ line: String, columns: Int?) -> String {
        guard let columns, columns > 1, line.count >= columns else { return line }
        return String(line.prefix(columns - 2)) + "…"
    }

    /// The terminal's width in columns, nil when stderr is no terminal or does not say.
    static func terminalColumns() -> Int? {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f", Double(bytes) / 1_000_000) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }
}

/// The one line at the bottom of the terminal that a progress display owns; every other line
/// written to the terminal clears it first (so nothing is printed onto its end).
final class TerminalLine: Sendable {
    static let shared = TerminalLine()

    private struct State {
        var shown = false
        /// What to draw, while a progress display is on.
        var redraw: (@Sendable () -> String?)?
    }

    private let state = Mutex(State())

    /// Sets (or, with nil, removes) what the line shows.
    func setRedraw(_ redraw: (@Sendable () -> String?)?) {
        state.withLock { $0.redraw = redraw }
    }

    /// Draws the line again.
    func draw() {
        state.withLock { state in
            guard let text = state.redraw?() else { return }
            Diagnostics.printRaw("\r\u{1B}[K" + text)
            state.shown = true
        }
    }

    /// Clears the line (the cursor stays at its start).
    func clear() {
        state.withLock { Self.clear(&$0) }
    }

    /// Clears the line, runs `body` (which prints whole lines), and lets the next tick redraw.
    func printAbove(_ body: () -> Void) {
        state.withLock { state in
            Self.clear(&state)
            body()
        }
    }

    private static func clear(_ state: inout State) {
        if state.shown { Diagnostics.printRaw("\r\u{1B}[K") }
        state.shown = false
    }
}
