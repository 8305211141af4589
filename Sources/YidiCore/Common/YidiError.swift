/// An error that is not about the content of a drop: usage, missing input, I/O,
/// configuration, lock. It carries the sysexits code of operations.md.
public struct YidiError: Error, Sendable, CustomStringConvertible {
    /// The class of failure, which fixes the process exit code.
    public struct Kind: Hashable, Sendable {
        /// The exit code of operations.md.
        public let exitCode: Int32
        /// What the exit code means, as printed before the cause.
        public let meaning: String
        /// The same in Chinese.
        public let meaningZH: String

        /// Usage error (64).
        static let usage = Kind(exitCode: 64, meaning: "usage error", meaningZH: "用法错误")
        /// Refused input (65).
        public static let refused = Kind(exitCode: 65, meaning: "refused", meaningZH: "拒绝执行")
        /// A file or drop id does not exist (66).
        public static let noInput = Kind(exitCode: 66, meaning: "no such input", meaningZH: "找不到输入")
        /// An internal error, a bug (70).
        public static let internalError = Kind(exitCode: 70, meaning: "internal error (a bug)", meaningZH: "内部错误（程序缺陷）")
        /// I/O error (74).
        static let io = Kind(exitCode: 74, meaning: "I/O error", meaningZH: "读写错误")
        /// An input file that exists but cannot be read (74): left in place, the rest processed.
        public static let unreadable = Kind(exitCode: 74, meaning: "unreadable input", meaningZH: "输入无法读取")
        /// Workspace locked or command interrupted (75).
        static let tempFail = Kind(exitCode: 75, meaning: "try again", meaningZH: "请稍后重试")
        /// Configuration or reference data error (78).
        static let config = Kind(exitCode: 78, meaning: "configuration error", meaningZH: "配置或参考数据错误")
    }

    /// The class of failure.
    public var kind: Kind
    /// A one-line cause (English: logs and the ledger's `run.failure` keep this one).
    public var message: String
    /// The cause in Chinese where it is written (the refusals an operator acts on); else the
    /// English cause is printed after the Chinese meaning.
    public var zh: String?
    /// Set when the ledger refused a commit because another worker's drop came first: the
    /// drop is to be assessed again.
    var conflict: LedgerConflict?

    /// Creates an error of a kind with a one-line cause.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An error whose cause is written in both languages.
    public init(_ kind: Kind, zh: String, en: String) {
        self.kind = kind
        self.message = en
        self.zh = zh
    }

    public var description: String { "\(kind.meaning): \(message)" }

    /// `meaning: cause` in `language`.
    public func description(in language: Language) -> String {
        switch language {
        case .english: description
        case .chinese: "\(kind.meaningZH)：\(zh ?? message)"
        }
    }
}
