import ArgumentParser
import YidiCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to standard error (file descriptor 2; Swift 6 forbids touching C's `stderr`).
enum Diagnostics {
    /// The language of refusals: Chinese until a command knows its workspace's setting or
    /// `--lang`. Set on the main thread before a command's work begins (``use(_:)``), only read after.
    nonisolated(unsafe) private(set) static var language = Language.chinese

    /// Prints refusals in `language` from now on.
    static func use(_ language: Language) { self.language = language }

    /// Prints a non-drop error as `yidi: meaning: cause`.
    static func printError(_ error: YidiError) {
        printLine("yidi: \(error.description(in: language))")
    }

    /// Prints `error` and gives the exit status its kind fixes: the one way a command ends on an error.
    static func fail(_ error: YidiError) -> ExitCode {
        printError(error)
        return ExitCode(error.kind.exitCode)
    }

    /// Runs `body`; a ``YidiError`` is printed and becomes the process's exit code.
    static func orExit<T>(_ body: () throws(YidiError) -> T) throws(ExitCode) -> T {
        do {
            return try body()
        } catch {
            throw fail(error)
        }
    }

    /// Prints one line to standard error, its control characters escaped (a file name or a
    /// cause may carry a line break or a terminal escape sequence).
    static func printLine(_ line: String) { printRaw(line.oneLine + "\n") }

    /// Writes text to standard error as it is.
    static func printRaw(_ raw: String) {
        var text = raw
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
