/// A fee line classified by the treatment place's catalog.
public struct ClassifiedLine: Sendable, Hashable {
    /// `med_list_codg`: the national code the hospital's item maps to.
    var nationalCode: String
    /// `med_chrgitm_type`.
    var category: ExpenseCategory
    /// `chrgitm_lv`.
    var itemClass: ItemClass
    /// The four payment-scope parts.
    public var parts: ScopeParts
}

/// Classifies the lines of one hospital: mapping → national code → catalog item → parts
/// ("treatment-place catalog"). Built once per drop, so each line costs two hash lookups.
public struct LineClassifier: Sendable {
    /// Why a line could not be classified.
    public enum Failure: Error, Sendable, Equatable {
        /// R002: no mapping for the hospital's item code on that date.
        case unmapped
        /// R003: the national code is not in the treatment place's catalog on that date.
        case notInCatalog(nationalCode: String)
    }

    private let mapping: [String: Versions<String>]
    private let catalog: [String: Versions<CatalogItem>]

    /// A classifier for `institutionCode` treating in the province with prefix `treatmentProvince` (2 digits).
    public init(reference: ReferenceData, institutionCode: String, treatmentProvince: String) {
        mapping = reference.mapping.institution(institutionCode)
        catalog = reference.catalog.province(treatmentProvince)
    }

    /// Classifies one line on the date of its `fee_ocur_time`.
    public func classify(_ line: FeeLine) -> Result<ClassifiedLine, Failure> {
        let date = line.occurredAt.date
        guard let national = mapping[line.hospitalItemCode]?.on(date) else { return .failure(.unmapped) }
        guard let item = catalog[national]?.on(date) else { return .failure(.notInCatalog(nationalCode: national)) }
        return .success(
            ClassifiedLine(
                nationalCode: national, category: item.category, itemClass: item.itemClass,
                parts: ScopeParts.split(amount: line.amount, quantity: line.quantity, price: line.unitPrice, item: item)))
    }
}
