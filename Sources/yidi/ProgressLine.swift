import Foundation
import YidiCore

/// On a terminal, one line on stderr that `yidi run` keeps rewriting: drops, MB/s, settlements.
final class ProgressLine {
    private let start = Date()
    private var drops = 0
    private var bytes: Int64 = 0
    private var settlements = 0

    func add(_ outcome: DropOutcome) {
        drops += 1
        bytes += outcome.inflatedBytes
        if outcome.attempt.status == .accepted { settlements += outcome.attempt.recordCount }
        guard CommandLogging.isTerminal else { return }
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(bytes) / 1_000_000 / seconds
        Diagnostics.printRaw("\r\u{1B}[Kyidi: \(drops) drops · \(String(format: "%.1f", rate)) MB/s · \(settlements) settlements")
    }

    func finish() {
        if CommandLogging.isTerminal && drops > 0 { Diagnostics.printRaw("\n") }
    }
}
