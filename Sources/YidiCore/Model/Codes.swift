/// The three kinds of drop, told apart by the root element's namespace (drops.md).
public enum DropKind: String, Sendable, CaseIterable {
    /// `FeeDetailDrop`, `urn:yidi:fee-detail:1`: deferred fee detail of direct settlements.
    case feeDetail = "fee-detail"
    /// `ManualReimbursementDrop`, `urn:yidi:manual-reimbursement:1`: claims of patients who paid in full.
    case manualReimbursement = "manual-reimbursement"
    /// `ReconciliationFeedbackDrop`, `urn:yidi:recon-feedback:1`: a province's answer to a
    /// month's reconciliation (reconciliation.md).
    case reconFeedback = "recon-feedback"

    /// The root element's local name.
    var rootElement: String {
        switch self {
        case .feeDetail: "FeeDetailDrop"
        case .manualReimbursement: "ManualReimbursementDrop"
        case .reconFeedback: "ReconciliationFeedbackDrop"
        }
    }

    /// The header field and acknowledgement element that count its records.
    var recordCountElement: String {
        switch self {
        case .feeDetail: "setl_cnt"
        case .manualReimbursement: "claim_cnt"
        case .reconFeedback: "entry_cnt"
        }
    }

    /// The header field and acknowledgement element of its control sum.
    var controlSumElement: String { self == .reconFeedback ? "dedc_sumamt" : "medfee_sumamt" }

    /// `count` of its records where people read them: "3 settlements", "3 条结算".
    public func recordsNoun(_ count: Int, _ language: Language) -> String {
        let (zh, one, many) =
            switch self {
            case .feeDetail: ("条结算", "settlement", "settlements")
            case .manualReimbursement: ("条手工报销", "claim", "claims")
            case .reconFeedback: ("条对账反馈", "feedback entry", "feedback entries")
            }
        return Phrase(zh: "\(count) \(zh)", en: "\(count) \(count == 1 ? one : many)").text(in: language)
    }

    /// The root element's namespace.
    var namespace: String {
        switch self {
        case .feeDetail: "urn:yidi:fee-detail:1"
        case .manualReimbursement: "urn:yidi:manual-reimbursement:1"
        case .reconFeedback: "urn:yidi:recon-feedback:1"
        }
    }
}

/// `insutype`: the insurance scheme.
public enum InsuranceType: String, Sendable, Hashable, CaseIterable {
    /// 310, employee basic medical insurance.
    case employee = "310"
    /// 390, urban and rural resident basic medical insurance.
    case resident = "390"
}

/// `med_type`: the kind of care.
public enum MedicalType: String, Sendable, Hashable, CaseIterable {
    /// 11, general outpatient care.
    case outpatient = "11"
    /// 14, outpatient chronic or special disease.
    case chronicDisease = "14"
    /// 21, inpatient care.
    case inpatient = "21"
}

/// `filing_type`: how the person registered for care elsewhere (备案).
public enum FilingType: String, Sendable, Hashable, CaseIterable {
    /// 1, long-term resident, filed: no cut.
    case resident = "1"
    /// 2, referral.
    case referral = "2"
    /// 3, emergency.
    case emergency = "3"
    /// 4, other temporary, filed.
    case otherTemporary = "4"
    /// 5, not filed (manual reimbursement claims only).
    case unfiled = "5"
}

/// `fail_reason`: why direct settlement failed for a manual-reimbursement claim.
enum FailReason: String, Sendable, Hashable, CaseIterable {
    /// 1, not filed.
    case notFiled = "1"
    /// 2, system or network fault.
    case systemFault = "2"
    /// 3, card or certificate problem.
    case cardProblem = "3"
    /// 9, other.
    case other = "9"
}

/// `med_chrgitm_type`: one of the 14 standard expense categories (`01` … `14`).
public struct ExpenseCategory: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The category number, 1 … 14.
    public let number: Int
    /// The two-digit code.
    public var rawValue: String { number < 10 ? "0\(number)" : "\(number)" }
    public var description: String { rawValue }

    /// Parses a two-digit code `01` … `14`.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 2, let n = Int(rawValue), (1...14).contains(n) else { return nil }
        number = n
    }

    public static func < (a: Self, b: Self) -> Bool { a.number < b.number }
    public static func == (a: Self, b: Self) -> Bool { a.number == b.number }
    public func hash(into hasher: inout Hasher) { hasher.combine(number) }

    /// The category with this number (1 … 14).
    init(number: Int) {
        precondition((1...14).contains(number))
        self.number = number
    }

    /// All 14 categories, ascending.
    public static let all = (1...14).map { ExpenseCategory(number: $0) }
}

/// An amount per expense category, without hashing: 14 slots and a presence mask.
struct CategoryAmounts: Sendable, Equatable {
    private var fen = InlineArray<15, Int128>(repeating: 0)
    private var present: UInt16 = 0

    /// No category present.
    public init() {}

    /// Adds `amount` to a category, marking it present.
    public mutating func add(_ amount: Amount, to category: ExpenseCategory) {
        fen[category.number] += amount.fen
        present |= 1 << UInt16(category.number)
    }

    /// The amount of a category, `nil` if absent.
    public subscript(category: ExpenseCategory) -> Amount? {
        present & (1 << UInt16(category.number)) != 0 ? Amount(fen: fen[category.number]) : nil
    }

    /// The present categories with their amounts, ascending.
    public var sorted: [(category: ExpenseCategory, amount: Amount)] {
        ExpenseCategory.all.compactMap { c in self[c].map { (category: c, amount: $0) } }
    }

    /// The categories present in either.
    func union(_ other: CategoryAmounts) -> [ExpenseCategory] {
        let mask = present | other.present
        return ExpenseCategory.all.filter { mask & (1 << UInt16($0.number)) != 0 }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.present == b.present && ExpenseCategory.all.allSatisfy { a[$0] == b[$0] }
    }
}
