/// Carries out the ledger's pending outbox entries: writes acknowledgements and moves drop
/// files. Replaying an entry is harmless, so a crash between commit and file is repaired by
/// the next run.
struct OutboxFlusher {
    let ledger: any Ledger
    let workspace: Workspace
    /// The current run's spooled province files, if any (finished before the last flush).
    var spool: ProvinceSpool?

    /// Carries out every pending entry, oldest first; returns how many it carried out.
    ///
    /// - Throws: ``YidiError`` with kind `io` on the first entry that cannot be carried out
    ///   (it stays pending for the next run).
    @discardableResult
    func flush(kinds: Set<OutboxEntry.Kind> = [.ack, .move, .settlement, .reimbursement]) throws(YidiError) -> Int {
        let pending: [OutboxEntry]
        do { pending = try ledger.pendingOutbox() } catch { throw YidiError.ledger(error) }
        var done = 0
        for entry in pending where kinds.contains(entry.kind) {
            switch entry.kind {
            case .move: try move(entry)
            case .ack: try writeAck(entry)
            case .settlement, .reimbursement: try writeProvinceFile(entry)
            }
            try FaultInjection.check("outbox \(entry.id)")
            do { try ledger.markDone(entry, at: .nowInChina()) } catch { throw YidiError.ledger(error) }
            done += 1
        }
        return done
    }

    private func move(_ entry: OutboxEntry) throws(YidiError) {
        guard let source = entry.source, let target = entry.target else { return }
        let from = workspace.root + "/" + source, to = workspace.root + "/" + target
        if Paths.exists(from) {
            try Paths.move(from, to: to)
        }
        // else: moved before a crash, or gone; either way nothing is left to do
    }

    private func writeProvinceFile(_ entry: OutboxEntry) throws(YidiError) {
        try ProvinceFile(kind: entry.kind, runID: entry.runID, province: entry.subject).write(ledger: ledger, workspace: workspace, spool: spool)
    }

    private func writeAck(_ entry: OutboxEntry) throws(YidiError) {
        guard let id = Int64(entry.subject) else { return }
        let ack: Acknowledgement
        do {
            guard let attempt = try ledger.attempt(id: id) else { return }
            ack = Acknowledgement(attempt: attempt, errors: try ledger.errors(attemptID: id))
        } catch {
            throw YidiError.ledger(error)
        }
        try AtomicFile.write(workspace.root + "/" + ack.relativePath, text: ack.xml)
    }
}
