/// An error that is not about the content of a drop: usage, missing input, I/O,
/// configuration, lock. It carries the sysexits code of operations.md.
public struct YidiError: Error, Sendable, CustomStringConvertible {
    /// The class of failure, which fixes the process exit code.
    public struct Kind: Hashable, Sendable {
        /// The exit code of operations.md.
        public let exitCode: Int32
        /// What the exit code means, as printed before the cause.
        public let meaning: String

        /// Usage error (64).
        static let usage = Kind(exitCode: 64, meaning: "usage error")
        /// Refused input (65).
        public static let refused = Kind(exitCode: 65, meaning: "refused")
        /// A file or drop id does not exist (66).
        public static let noInput = Kind(exitCode: 66, meaning: "no such input")
        /// An internal error, a bug (70).
        public static let internalError = Kind(exitCode: 70, meaning: "internal error (a bug)")
        /// I/O error (74).
        static let io = Kind(exitCode: 74, meaning: "I/O error")
        /// An input file that exists but cannot be read (74): left in place, the rest processed.
        public static let unreadable = Kind(exitCode: 74, meaning: "unreadable input")
        /// Workspace locked or command interrupted (75).
        static let tempFail = Kind(exitCode: 75, meaning: "try again")
        /// Configuration or reference data error (78).
        static let config = Kind(exitCode: 78, meaning: "configuration error")
    }

    /// The class of failure.
    public var kind: Kind
    /// A one-line cause.
    public var message: String
    /// The PostgreSQL ledger's SQLSTATE when the server refused a statement (23505: a unique
    /// constraint, the signal to assess a drop again).
    var sqlState: String?

    /// Creates an error of a kind with a one-line cause.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.meaning): \(message)" }
}
