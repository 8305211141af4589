#if canImport(Glibc)
import Glibc
#endif

/// What a run did, for its summary and exit code.
public struct RunSummary: Sendable {
    public var runID: Int64
    public var outcomes: [DropOutcome] = []
    /// Files left in the inbox because they could not be read.
    public var unreadable: [String] = []

    /// operations.md: 0 every drop accepted or a duplicate, 1 one was rejected, 74 a file or output failed.
    public var exitCode: Int32 {
        if !unreadable.isEmpty { return 74 }
        return outcomes.contains { $0.attempt.status == .rejected } ? 1 : 0
    }
}

/// `yidi run`: every ready drop in `inbox/`, in file-name order, accepted or rejected exactly once.
public struct NightlyRun {
    let session: WorkspaceSession
    /// Called after each drop, for the progress and summary lines.
    let report: (DropOutcome) -> Void

    /// A run over a session whose lock is held.
    public init(session: WorkspaceSession, report: @escaping (DropOutcome) -> Void) {
        self.session = session
        self.report = report
    }

    /// Processes the inbox.
    ///
    /// - Throws: ``YidiError`` (`io`) when the ledger or an output fails; what was committed stays.
    public func run(command: String = "run") throws(YidiError) -> RunSummary {
        let ledger = session.ledger
        let runID = try Self.startRun(ledger, command: command, reference: session.reference)
        var summary = RunSummary(runID: runID)
        let flusher = OutboxFlusher(ledger: ledger, workspace: session.workspace)
        try flusher.flush()  // what a crashed run left pending
        let processor = DropProcessor(workspace: session.workspace, ledger: ledger, reference: session.reference,
                                      limits: session.settings.limits, runID: runID, today: LocalDateTime.nowInChina().date)
        for name in try readyDrops() {
            do throws(YidiError) {
                let outcome = try processor.process(source: "inbox/" + name, fileName: name)
                try flusher.flush(kinds: [.move])
                summary.outcomes.append(outcome)
                report(outcome)
            } catch where error.kind == .noInput {
                continue  // renamed away while we ran: not ours to process
            } catch where error.kind == .unreadable {
                summary.unreadable.append(name)  // left in place; the rest is processed
            }
        }
        try flusher.flush()
        try Self.finishRun(ledger, runID, exitCode: summary.exitCode)
        return summary
    }

    /// The ready drops: final names `*.xml.gz`, no leading dot, in byte order of the name.
    func readyDrops() throws(YidiError) -> [String] {
        let inbox = session.workspace.inboxDirectory
        guard let dir = opendir(inbox) else { throw YidiError(.io, "\(inbox): \(String(cString: strerror(errno)))") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name.hasSuffix(".xml.gz"), !name.hasPrefix(".") else { continue }
            names.append(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func startRun(_ ledger: any Ledger, command: String, reference: ReferenceData) throws(YidiError) -> Int64 {
        do {
            return try ledger.startRun(command: command, startedAt: .nowInChina(), referenceHashes: reference.fileHashes)
        } catch {
            throw YidiError(.io, "ledger: \(error)")
        }
    }

    static func finishRun(_ ledger: any Ledger, _ id: Int64, exitCode: Int32) throws(YidiError) {
        do { try ledger.finishRun(id, finishedAt: .nowInChina(), exitCode: exitCode) } catch {
            throw YidiError(.io, "ledger: \(error)")
        }
    }
}
