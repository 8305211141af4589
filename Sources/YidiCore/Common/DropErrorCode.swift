/// A stable error code of rules.md (`D001` … `B020`); operators grep for them.
public struct DropErrorCode: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Not a gzip stream, or the stream is corrupt or truncated.
    public static let notGzip = Self(rawValue: "D001")
    /// A size or ratio limit was passed.
    public static let limitExceeded = Self(rawValue: "D002")
    /// Not well-formed XML, or DOCTYPE, entity or XInclude present.
    public static let notWellFormed = Self(rawValue: "D003")
    /// The XML does not satisfy the schema, or a depth or text-node limit was passed.
    public static let schemaInvalid = Self(rawValue: "D004")
    /// Unknown root element, namespace or version.
    public static let unknownRoot = Self(rawValue: "D005")
    /// Header counts differ from what the drop holds.
    public static let countMismatch = Self(rawValue: "D006")
    /// Header control sum differs.
    public static let controlSumMismatch = Self(rawValue: "D007")
    /// `drop_id` already accepted with different content.
    public static let dropIDReused = Self(rawValue: "D008")

    /// Whether this code stops reading the drop (D001–D003, D005; D004 only for its limits).
    public var isAlwaysFatal: Bool {
        self == .notGzip || self == .limitExceeded || self == .notWellFormed || self == .unknownRoot
    }
}
