/// An outbox entry as `yidi status --outbox` names it for the operator: the drop and its
/// sender where it has one, the file it is to write or move, and since when it fails.
public struct PendingOutput: Sendable {
    public var entry: OutboxEntry
    /// The drop an acknowledgement or a move is about, with its attempt number and sender.
    public var dropID: String?
    public var attempt: Int?
    public var sender: String?
    /// The workspace-relative file it writes or moves to.
    public var target: String

    /// The pending entries of `ledger`, described, oldest first.
    public static func read(_ ledger: any Ledger) throws(YidiError) -> [PendingOutput] {
        let pending = try ledger.pendingOutbox()
        let read = try ledger.attempts(ids: Array(Set(pending.compactMap(\.task.attemptID))))
        let attempts = Dictionary(read.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return pending.map { entry in
            let attempt = entry.task.attemptID.flatMap { attempts[$0] }
            let target: String =
                switch entry.task {
                case .acknowledge(let id):
                    attempt.map { Acknowledgement.relativePath(of: $0) }
                        ?? "(attempt \(id) is missing from the ledger)"
                case .move(_, _, let to): to
                case .settlementFile(let province), .reimbursementFile(let province):
                    ProvinceFile(kind: entry.kind, runID: entry.runID, province: province).relativePath
                case .reconStatement(let period, let province): "outbox/recon/\(period)/RECON_\(province)_\(period).xml.gz"
                }
            return PendingOutput(
                entry: entry, dropID: attempt?.dropID, attempt: attempt?.attempt, sender: attempt?.institutionCode,
                target: target)
        }
    }
}
