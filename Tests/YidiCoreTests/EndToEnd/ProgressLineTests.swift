import Foundation
import Synchronization
import Testing

@testable import YidiCore

/// On a terminal the progress line moves within a drop and for the night, and every
/// other line is printed on a line of its own; off a terminal there is none.
@Suite("Progress on a terminal (under a pseudo-terminal)", .serialized)
struct ProgressLineTests {
    /// Runs `yidi run` under `script`, which gives it a pseudo-terminal; returns what it wrote.
    static func underPTY(_ ws: SampleWorkspace, timeout: Int) throws -> String {
        let command = "timeout -s TERM \(timeout) '\(YidiBinary.path)' run --workspace '\(ws.root)'"
        let out = try YidiBinary.run(["-qfec", command, "/dev/null"], executable: "/usr/bin/script")
        return out.stdout
    }

    @Test func theLineMovesWithinALongDrop() throws {
        let ws = try SampleWorkspace(drops: [])
        _ = try InboxEntryTests.putSlowDrop(ws)
        let screen = try Self.underPTY(ws, timeout: 3)
        let frames = screen.components(separatedBy: "\r\u{1B}[K").filter { $0.hasPrefix("yidi: 0/1 drops · this drop") }
        #expect(frames.count >= 3, "redrawn a few times a second: \(frames.count)")
        let percents = frames.compactMap { $0.firstMatch(of: /this drop ([0-9.]+)\//).map { Double($0.1) ?? 0 } }
        #expect(percents.count == frames.count && percents.last! > percents.first!, "the bytes read move")
        #expect(frames.last.map { $0.contains("MB/s") && $0.contains("MB left") && $0.contains("ETA") && $0.contains("%") } == true)
    }

    @Test func everyOtherLineStartsOnALineOfItsOwn() throws {
        let ws = try SampleWorkspace(drops: Array(Fixtures.samples.map(\.0).prefix(12)))
        let screen = try Self.underPTY(ws, timeout: 60)
        #expect(screen.contains("drops ·"), "a progress line was drawn")
        // each drop's outcome once: its line, not also a log line
        #expect(screen.contains("rejected  H") && !screen.contains("msg=\"drop rejected\""))
        for marker in ["accepted  H", "rejected  H", "ts=20", "run 1:"] {
            var rest = screen[...]
            while let range = rest.range(of: marker) {
                let before = screen[..<range.lowerBound]
                // under a pty a line ends with "\r\n", one Character
                #expect(
                    before.last?.isNewline ?? true || before.hasSuffix("\u{1B}[K"),
                    "\(marker) printed onto another line: …\(before.suffix(40).debugDescription)")
                rest = rest[range.upperBound...]
            }
        }
    }

    @Test func offATerminalThereIsNone() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        let out = try ws.yidi(["run"])
        #expect(out.status == 0 && !out.stderr.contains("\u{1B}[K") && !out.stderr.contains("drops ·"))
    }
}

extension ProgressLineTests {
    /// A line wider than the terminal would wrap and leave a copy at every redraw: it is cut.
    /// Never wider than the terminal (a wrapped line would stack at every redraw): cut at 50 and
    /// 80 columns, whole at 200.
    @Test(arguments: [50, 80, 200]) func theLineFitsTheTerminal(columns: Int) throws {
        let ws = try SampleWorkspace(drops: [])
        _ = try InboxEntryTests.putSlowDrop(ws)
        let command = "stty cols \(columns); timeout -s TERM 2 '\(YidiBinary.path)' run --workspace '\(ws.root)'"
        let screen = try YidiBinary.run(["-qfec", command, "/dev/null"], executable: "/usr/bin/script").stdout
        let frames = screen.components(separatedBy: "\r\u{1B}[K").filter { $0.hasPrefix("yidi: ") }.map {
            $0.split(separator: "\r").first ?? ""
        }
        #expect(!frames.isEmpty)
        #expect(frames.allSatisfy { $0.count <= columns - 1 }, "\(frames.map(\.count))")
        #expect(frames.contains { $0.hasSuffix("…") } == (columns < 200), "\(frames.last ?? "")")
    }

    /// A drop read ahead begins while the one before is still counted: the line follows the
    /// latest drop begun, never more than 100 % of it, and a drop read in part counts whole.
    @Test func aDropReadAheadDoesNotTakeTheBytesOfTheOneBefore() {
        let p = RunProgress()
        p.plan(drops: 2, bytes: 1_100)
        let big = p.begin(size: 1_000)
        p.read(600, of: big)
        let small = p.begin(size: 100)
        p.read(300, of: big)  // the big one goes on being read
        #expect(p.currentSize.load(ordering: .relaxed) == 100 && p.currentRead.load(ordering: .relaxed) == 0)
        p.read(100, of: small)
        #expect(p.currentRead.load(ordering: .relaxed) == 100)
        p.endReading(big, unread: 100)  // stopped early: its rest counts as read
        #expect(p.bytesRead.load(ordering: .relaxed) == 1_100 && p.currentSize.load(ordering: .relaxed) == 100)
        p.endReading(small, unread: 0)
        #expect(p.currentSize.load(ordering: .relaxed) == 0)
    }
}
