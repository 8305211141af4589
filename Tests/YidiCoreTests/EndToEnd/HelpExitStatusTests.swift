import Foundation
import Testing

@testable import YidiCore

/// Each command's `--help` lists the exit statuses docs/operations.md gives it, no more, no fewer.
@Suite struct HelpExitStatusTests {
    /// The statuses in the "Exit status:" paragraph of a help text (64 and 70, which every
    /// command can end with, left aside).
    static func statuses(inHelp help: String) -> Set<Int>? {
        guard let start = help.range(of: "Exit status:") else { return nil }
        let paragraph = help[start.upperBound...].components(separatedBy: "\n\n")[0]
        // a status is a number standing alone after a space or an opening bracket ("0 done", "(65)")
        let numbers = paragraph.matches(of: /(?:^|[\s(])(\d{1,2})(?=[\s,;.)]|$)/).compactMap { Int($0.1) }
        return Set(numbers).subtracting([64, 70])
    }

    @Test func everyCommandsHelpListsTheStatusesOfOperationsMd() throws {
        let doc = try String(contentsOfFile: Fixtures.repository + "/docs/operations.md", encoding: .utf8)
        var documented: [String: Set<Int>] = [:]
        for match in doc.matches(of: /\| `yidi ([a-z ]+)` \| ([0-9, ]+) \|/) {
            documented[String(match.1)] = Set(match.2.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        }
        #expect(documented.count == 11, "\(documented.keys.sorted())")
        for (command, statuses) in documented {
            let help = try YidiBinary.run(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(help.status == 0)
            #expect(Self.statuses(inHelp: help.stdout) == statuses, "yidi \(command): \(help.stdout)")
        }
    }
}
