import Foundation

/// Intake and parse on a thread of their own, the later stages on the calling thread.
///
/// The calling thread is the one that may use the ledger (GRDB serves a transaction on the
/// thread that opened it), so classification, settlement and recording run there, while
/// inflating and libxml2's parsing keep the other core busy.
struct DropPipeline {
    let limits: DropLimits
    /// Counts the bytes read for a progress display (nil: none).
    var progress: RunProgress?

    /// What intake and parse saw.
    struct Outcome {
        var intake: IntakeSummary
        var parse: DropParser.Summary
    }

    /// Streams the drop at `path`; `handler` receives its records and errors on this thread.
    ///
    /// - Throws: ``YidiError`` if the file is missing (`noInput`) or unreadable (`io`).
    func run(path: String, handler: any DropContentHandler) throws(YidiError) -> Outcome {
        let handoff = RecordHandoff(downstream: handler)
        let parser = ParserBox(DropParser(limits: limits, handler: handoff))
        var intake = DropReader(limits: limits)
        intake.progress = progress
        let reader = ConcurrentDropReader(reader: intake)
        let parsing = spawn(name: "yidi-parse", stackSize: 4 << 20) { () -> Result<Outcome, YidiError> in
            defer { handoff.close() }
            do throws(YidiError) {
                let summary = try reader.read(path: path, into: parser.parser)
                return .success(Outcome(intake: summary, parse: parser.parser.finish(intakeFailed: summary.failure != nil)))
            } catch {
                return .failure(error)
            }
        }
        handoff.drain()
        return try parsing.join().get()
    }
}

/// The parser, used by the parsing thread only once it is handed over.
private final class ParserBox: @unchecked Sendable {
    let parser: DropParser

    init(_ parser: DropParser) { self.parser = parser }
}
