/// A value bound to, or read from, a statement of either ledger: the ledger stores integers
/// (fen, counts, ids) and text only.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    /// Text, or NULL for nil.
    static func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
    /// An integer, or NULL for nil.
    static func int(_ i: Int64?) -> SQLValue { i.map(SQLValue.int) ?? .null }
    static func int(_ i: Int) -> SQLValue { .int(Int64(i)) }
}

/// One row of a result, by column name or position.
struct SQLRow: Sendable {
    let names: [String]
    let values: [SQLValue]

    subscript(_ i: Int) -> SQLValue { values[i] }
    subscript(_ name: String) -> SQLValue {
        guard let i = names.firstIndex(of: name) else { preconditionFailure("no column \(name)") }
        return values[i]
    }

    func int(_ i: Int) -> Int64 { if case .int(let v) = values[i] { return v } else { return 0 } }
    func int(_ name: String) -> Int64 { if case .int(let v) = self[name] { return v } else { return 0 } }
    func optionalInt(_ name: String) -> Int64? { if case .int(let v) = self[name] { return v } else { return nil } }
    func optionalInt(_ i: Int) -> Int64? { if case .int(let v) = values[i] { return v } else { return nil } }
    func text(_ i: Int) -> String { if case .text(let v) = values[i] { return v } else { return "" } }
    func text(_ name: String) -> String { if case .text(let v) = self[name] { return v } else { return "" } }
    func optionalText(_ i: Int) -> String? { if case .text(let v) = values[i] { return v } else { return nil } }
    func optionalText(_ name: String) -> String? { if case .text(let v) = self[name] { return v } else { return nil } }
}
