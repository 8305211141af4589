/// The limits of drops.md, configurable in `yidi.toml` and never unlimited.
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

    /// Inflated size from which the ratio is checked.
    static let ratioCheckThreshold: Int64 = 1 << 20

    /// The defaults of drops.md.
    public init() {}
}
