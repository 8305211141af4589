/// The end of a drop's pipeline in `yidi run`: records accepted records in the drop's ledger
/// transaction while no error has been found, and collects every error.
final class LedgerSink: AssessedDropSink {
    let transaction: any DropTransaction
    var log: DropErrorLog
    private(set) var header: DropHeader?
    /// The ledger failed while recording: the drop is not processed (an I/O error, not a NAK).
    private(set) var failure: YidiError?
    private let latestClosed: ClearingPeriod?
    /// Where recorded records go on to the province files while the drop streams (nil: they
    /// are rendered from the ledger after the run).
    private let spool: ProvinceSpool?
    /// Where each record written is counted for the progress line (nil: nowhere).
    private let progress: RunProgress?

    init(
        transaction: any DropTransaction, listLimit: Int, latestClosed: ClearingPeriod?, spool: ProvinceSpool? = nil,
        progress: RunProgress? = nil
    ) {
        self.transaction = transaction
        self.progress = progress
        log = DropErrorLog(listLimit: listLimit)
        self.latestClosed = latestClosed
        self.spool = spool
    }

    /// Whether records are still worth writing: a drop with an error is rolled back anyway.
    private var writing: Bool { log.totalCount == 0 && failure == nil && header != nil }

    func header(_ header: DropHeader, institution: Institution?) {
        self.header = header
        guard !header.dropID.isEmpty else { return }
        if checksDropIDAtEnd {
            dropIDCheckPlace = errorsFound
            return
        }
        checkDropID(of: header, inPlaceOf: nil)
    }

    /// Whether the header's D008 check waits for the end of the drop (``checkDropIDAtEnd()``),
    /// where the ledger reads the drop's history with its duplicate check in one round trip.
    var checksDropIDAtEnd = false
    /// Where the waiting D008 check's error is listed.
    private var dropIDCheckPlace: Int?

    /// The header's D008 check, if it waited: its error listed where the header was read.
    func checkDropIDAtEnd() {
        guard let place = dropIDCheckPlace, let header else { return }
        dropIDCheckPlace = nil
        checkDropID(of: header, inPlaceOf: place)
    }

    /// D008: the drop id was accepted before with other content.
    private func checkDropID(of header: DropHeader, inPlaceOf place: Int?) {
        do {
            if let accepted = try transaction.acceptedAttempt(dropID: header.dropID) {
                let error = DropError(
                    .dropIDReused,
                    Phrase(
                        zh: "drop_id \(header.dropID) 已作为第 \(accepted.attempt) 次上传以不同内容被接收，以该次为准",
                        en: "drop_id \(header.dropID) was accepted as attempt \(accepted.attempt) with other content; that drop stands"),
                    line: header.line, field: "drop_id", expected: accepted.sha256, found: header.dropID)
                if let place { report(error, inPlaceOf: place) } else { report(error) }
            }
        } catch {
            failure = error
        }
    }

    func settlement(_ settlement: AssessedSettlement) {
        guard writing, let h = header else { return }
        let period = ClearingPeriod.assign(settlement.settlement.settledAt.date, latestClosed: latestClosed)
        attempt { () throws(YidiError) in
            try transaction.record(
                settlement, dropID: h.dropID, institution: h.institutionCode,
                treatmentArea: h.treatmentArea, period: period)
        }
        guard failure == nil, let spool else { return }
        spool.add(kind: .settlement, province: ProvinceFileRecord.province(of: settlement.settlement.visit.insuredArea)) {
            .settlement(settlement, dropID: h.dropID, institution: h.institutionCode, treatmentArea: h.treatmentArea, period: period)
        }
    }

    func reversal(_ reversal: AssessedReversal) {
        guard writing, let h = header else { return }
        let period = ClearingPeriod.assign(reversal.reversal.reversedAt.date, latestClosed: latestClosed)
        var province: String?
        attempt { () throws(YidiError) in
            province = try transaction.record(
                reversal, dropID: h.dropID, institution: h.institutionCode,
                treatmentArea: h.treatmentArea, period: period)
        }
        guard failure == nil, let spool, let province, let original = reversal.original else { return }
        spool.add(kind: .settlement, province: province) {
            .reversal(reversal, original: original, dropID: h.dropID, period: period)
        }
    }

    func claim(_ claim: AssessedClaim) {
        guard writing, let h = header else { return }
        attempt { () throws(YidiError) in
            try transaction.record(claim, dropID: h.dropID, institution: h.institutionCode, treatmentArea: h.treatmentArea)
        }
        guard failure == nil, let spool, let share = claim.share else { return }
        spool.add(kind: .reimbursement, province: ProvinceFileRecord.province(of: claim.claim.visit.insuredArea)) {
            .claim(claim, share: share, dropID: h.dropID, institution: h.institutionCode, treatmentArea: h.treatmentArea)
        }
    }

    func feedback(_ line: AcceptedFeedback) {
        guard writing else { return }
        attempt { () throws(YidiError) in try transaction.record(line) }
    }

    func report(_ error: DropError) { log.append(error) }

    var errorsFound: Int { log.placesTaken }

    func report(_ error: DropError, inPlaceOf place: Int) { log.append(error, inPlaceOf: place) }

    func ledgerFailed(_ error: YidiError) {
        if failure == nil { failure = error }
    }

    /// Writes one record; a failure fails the drop, a success is counted for the progress line.
    private func attempt(_ body: () throws(YidiError) -> Void) {
        do {
            try body()
            progress?.recorded()
        } catch {
            failure = error
        }
    }
}
