/// A record that remembers, per field, the line of its element and whether its text parsed.
protocol RecordFields {
    /// The record's fields, in document order.
    associatedtype Field: RawRepresentable where Field.RawValue == Int
    /// Line of the record's start tag.
    var line: Int { get }
    /// Fields whose text did not parse (the schema reported them).
    var invalidFields: FieldSet { get }
    /// The stored line of the field with this index (0 if it was absent).
    func storedLine(ofFieldAt index: Int) -> Int32
}

extension RecordFields {
    /// The line of a field's element (the record's start line if it was absent).
    public func line(of field: Field) -> Int {
        let l = Int(storedLine(ofFieldAt: field.rawValue))
        return l > 0 ? l : line
    }

    /// Whether a field's text failed to parse.
    func isInvalid(_ field: Field) -> Bool { invalidFields.contains(.field(field.rawValue)) }
}

extension Settlement: RecordFields {
    func storedLine(ofFieldAt index: Int) -> Int32 { fieldLines[index] }
}

extension Claim: RecordFields {
    func storedLine(ofFieldAt index: Int) -> Int32 { fieldLines[index] }
}

extension Reversal: RecordFields {
    func storedLine(ofFieldAt index: Int) -> Int32 { fieldLines[index] }
}

extension FeeLine: RecordFields {
    func storedLine(ofFieldAt index: Int) -> Int32 { fieldLines[index] }
}
