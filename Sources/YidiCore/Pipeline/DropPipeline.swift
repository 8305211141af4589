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
        let box = ProducerBox(parser: DropParser(limits: limits, handler: handoff))
        var intake = DropReader(limits: limits)
        intake.progress = progress
        let reader = ConcurrentDropReader(reader: intake)
        let thread = Thread {
            do throws(YidiError) {
                let intake = try reader.read(path: path, into: box.parser)
                box.result = .success(Outcome(intake: intake, parse: box.parser.finish(intakeFailed: intake.failure != nil)))
            } catch {
                box.result = .failure(error)
            }
            handoff.close()
            box.done.signal()
        }
        thread.name = "yidi-parse"
        thread.stackSize = 4 << 20
        thread.start()
        handoff.drain()
        box.done.wait()
        return try box.result!.get()
    }
}

/// What the parsing thread hands back; the semaphore orders the accesses.
private final class ProducerBox: @unchecked Sendable {
    let parser: DropParser
    var result: Result<DropPipeline.Outcome, YidiError>?
    let done = DispatchSemaphore(value: 0)

    init(parser: DropParser) { self.parser = parser }
}
