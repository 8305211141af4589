/// The language of what people read (NAK/ACK messages, `validate`, `status`, `explain`,
/// `report`): Chinese first, English available. Codes, element and field names, file names,
/// JSON and logfmt keys and metric names are the same in both.
public enum Language: String, Sendable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    /// Of a text written in both languages, the one to print.
    public func say(_ zh: String, _ en: String) -> String { self == .chinese ? zh : en }
}

/// One text a person reads, written in both languages where it is made, so that no message
/// can exist in one language only.
public struct Phrase: Hashable, Sendable {
    /// The Chinese text.
    public let zh: String
    /// The English text.
    public let en: String

    /// A text in both languages; the two must state the same facts (codes, values, lines).
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// A text that reads the same in both: a message read back from the ledger, which holds it
    /// as the acknowledgement gave it.
    public init(verbatim text: String) {
        zh = text
        en = text
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        switch language {
        case .chinese: zh
        case .english: en
        }
    }
}
