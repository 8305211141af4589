import Foundation
import Logging
import YidiCore

#if canImport(Glibc)
    import Glibc
#endif

/// Structured log lines on stderr in logfmt: `ts=… level=… msg="…" key=value …`.
struct LogfmtLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    /// On a terminal `run` prints a line per drop itself: its outcome is not logged again.
    var dropOutcomesShownElsewhere = false

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if dropOutcomesShownElsewhere, event.metadata?["status"] != nil, event.message.description.hasPrefix("drop ") { return }
        var line = "ts=\(LocalDateTime.nowInChina())+08:00 level=\(event.level) msg=\(Self.quote(event.message.description))"
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.quote(value.description))"
        }
        TerminalLine.shared.printAbove { Diagnostics.printLine(line) }
    }

    /// A logfmt value: quoted when it holds a space, a quote, `=` or a control character, which
    /// is written escaped (a CR LF in an inbox file name must not start a forged line).
    static func quote(_ s: String) -> String {
        guard s.isEmpty || s.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || String.isControl($0) })
        else { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").oneLine + "\""
    }
}

/// Logging for the writing commands: logfmt lines on stderr, or on a terminal a progress line
/// and only warnings and errors as log lines.
enum CommandLogging {
    /// Whether stderr is a terminal.
    static let isTerminal = isatty(2) == 1

    /// Bootstraps swift-log once, at the level `yidi.toml` names.
    static func bootstrap(level: String, quiet: Bool = false) {
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { _ in
            var handler = LogfmtLogHandler()
            handler.logLevel = isTerminal || quiet ? max(parsed, .warning) : parsed
            handler.dropOutcomesShownElsewhere = isTerminal && !quiet
            return handler
        }
    }
}
