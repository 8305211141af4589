/// The limits of drops.md, each with a default and a largest value `yidi.toml` may set.
public struct DropLimits: Sendable, Equatable {
    /// Largest compressed file accepted (D002).
    var maxCompressedBytes: Int64 = 2 << 30
    /// Largest inflated size accepted (D002).
    public var maxInflatedBytes: Int64 = 16 << 30
    /// Largest ratio inflated ÷ compressed-so-far, checked once past 1 MiB inflated (D002).
    var maxRatio: Int64 = 200
    /// Deepest element nesting (D004, stops reading).
    var maxDepth: Int = 16
    /// Longest text node in bytes (D004, stops reading).
    var maxTextBytes: Int = 4096
    /// Most errors listed in one acknowledgement; all are counted.
    var maxListedErrors: Int = 1000
    /// Largest `medfee_sumamt` (absolute value) of one settlement or claim (B022).
    var maxRecordAmount = Amount(fen: 100_000_000_00)
    /// Oldest detail accepted, in days before the drop's `created_at` (B021).
    var maxDetailAgeDays: Int = 366

    /// Inflated size from which the ratio is checked.
    static let ratioCheckThreshold: Int64 = 1 << 20

    /// The largest value of each limit, chosen so that nothing computed from it can overflow:
    /// sizes stay far below 2^63 even after `maxRatio ×` a compressed size, a drop's listed
    /// errors are kept twice over in memory, and at 10^10 yuan a record, 9 × 10^6 of them are
    /// needed before a 64-bit sum of fen can overflow (the ledger's sums are checked besides).
    enum Maximum {
        static let bytes: Int64 = 1 << 50
        static let ratio: Int64 = 1 << 12
        /// libxml2's own nesting limit.
        static let depth: Int64 = 256
        /// libxml2's own text-node limit.
        static let textBytes: Int64 = 10_000_000
        static let listedErrors: Int64 = 1_000_000
        static let recordAmount = Amount(fen: 10_000_000_000_00)
        static let detailAgeDays: Int64 = 36_600
    }

    /// The defaults of drops.md.
    public init() {}
}
