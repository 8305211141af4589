/// The next stage after parsing: receives a drop's typed values one record at a
/// time, in document order, and every error found while reading.
public protocol DropContentHandler: AnyObject {
    /// The header, once its end tag is read.
    func header(_ header: DropHeader)
    /// One settlement with all its lines.
    func settlement(_ settlement: Settlement)
    /// One reversal.
    func reversal(_ reversal: Reversal)
    /// One manual-reimbursement claim with all its lines.
    func claim(_ claim: Claim)
    /// One entry of a reconciliation feedback drop.
    func feedbackEntry(_ entry: FeedbackEntry)
    /// An error found while reading (D003–D007).
    func report(_ error: DropError)
}
