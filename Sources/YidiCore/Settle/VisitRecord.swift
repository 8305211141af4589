/// What settlements and claims share, so that one set of checks serves both.
protocol VisitRecord {
    var id: String { get }
    var visit: Visit { get }
    var line: Int { get }
    var lines: [FeeLine] { get }
    /// The line of a field's element, by element name.
    func line(ofElement name: String) -> Int
    /// Whether a field's text failed to parse, by element name.
    func isInvalid(element name: String) -> Bool
}

/// A field that knows its element name at the XML boundary.
protocol NamedField: CaseIterable {
    var elementName: String { get }
}

extension VisitRecord where Self: RecordFields, Field: NamedField {
    func line(ofElement name: String) -> Int {
        Field.allCases.first { $0.elementName == name }.map { line(of: $0) } ?? line
    }

    func isInvalid(element name: String) -> Bool {
        Field.allCases.first { $0.elementName == name }.map { isInvalid($0) } ?? false
    }
}

extension Settlement.Field: NamedField {}
extension Claim.Field: NamedField {}
extension Settlement: VisitRecord {}
extension Claim: VisitRecord {}
