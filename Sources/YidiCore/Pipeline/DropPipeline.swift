import Foundation

/// Intake and parse on a thread of their own, the later stages on the calling thread.
///
/// The calling thread is the one that may use the ledger, so classification, settlement and
/// recording run there, pulling the drop's records from a ``DropStream``, while inflating and
/// libxml2's parsing keep the other core busy.
struct DropPipeline {
    let limits: DropLimits
    /// Counts the bytes read for a progress display (nil: none).
    var progress: RunProgress?

    /// Compressed drops up to this size are inflated on the parsing thread.
    static let inlineInflateBytes: Int64 = 64 * 1024

    /// What intake and parse saw.
    struct Outcome {
        var intake: IntakeSummary
        var parse: DropParser.Summary
    }

    /// Starts streaming the drop at `path`: its records arrive through the stream's
    /// ``DropStream/next()``, its summary from ``DropStream/finish()``.
    func start(path: String) -> DropStream {
        let handoff = RecordHandoff()
        let limits = limits
        var intake = DropReader(limits: limits)
        intake.progress = progress
        // A small drop is inflated on the parsing thread itself: a thread of its own would cost
        // more in handoffs than inflating its few chunks saves.
        let small = Paths.size(of: path) <= Self.inlineInflateBytes
        let reader = ConcurrentDropReader(reader: intake), inline = intake
        let parsing = spawn(name: "yidi-parse", stackSize: 4 << 20) { () -> Result<Outcome, YidiError> in
            defer { handoff.close() }
            // built on the thread that uses it: the parser never crosses threads
            let parser = DropParser(limits: limits, handler: handoff)
            do throws(YidiError) {
                let summary = small ? try inline.read(path: path, into: parser) : try reader.read(path: path, into: parser)
                return .success(Outcome(intake: summary, parse: parser.finish(intakeFailed: summary.failure != nil)))
            } catch {
                return .failure(error)
            }
        }
        return DropStream(handoff: handoff, parsing: parsing)
    }

    /// Streams the drop at `path` through `handler` on this thread.
    ///
    /// - Throws: ``YidiError`` if the file is missing (`noInput`) or unreadable (`io`).
    func run(path: String, handler: any DropContentHandler) throws(YidiError) -> Outcome {
        let stream = start(path: path)
        while let record = stream.next() { record.deliver(to: handler) }
        return try stream.finish()
    }
}

/// One drop's records as they are parsed, pulled on the consuming thread.
final class DropStream {
    private let handoff: RecordHandoff
    private let parsing: SpawnedThread<Result<DropPipeline.Outcome, YidiError>>

    fileprivate init(handoff: RecordHandoff, parsing: SpawnedThread<Result<DropPipeline.Outcome, YidiError>>) {
        self.handoff = handoff
        self.parsing = parsing
    }

    /// The next record in document order; nil at the end of the drop.
    func next() -> DropRecord? { handoff.next() }

    /// Waits for the parse to end and returns what intake and parse saw.
    ///
    /// - Throws: ``YidiError`` if the file is missing (`noInput`) or unreadable (`io`).
    func finish() throws(YidiError) -> DropPipeline.Outcome {
        try parsing.join().get()
    }

    /// Gives up on the rest of the drop (the consumer failed): the parsing thread's further
    /// records are dropped and it is waited for, so that no thread outlives the drop.
    func abandon() {
        handoff.stop()
        _ = parsing.join()  // its outcome no longer matters: the drop failed for another reason
    }
}
