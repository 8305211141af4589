/// Converts the text of one field element into a typed value.
///
/// Each converter returns `nil` when the text does not have the form drops.md
/// fixes; the schema reports such text itself (D004), so the caller only marks
/// the field invalid.
enum FieldText {
    /// Codes and text are taken as written.
    static func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: text, as: UTF8.self)
    }

    /// The text without surrounding XML white space (numbers, as XSD reads them).
    static func trimmed(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var s = 0, e = text.count
        while s < e, ScaledDecimal.isXMLSpace(text[s]) { s += 1 }
        while e > s, ScaledDecimal.isXMLSpace(text[e - 1]) { e -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: text[s..<e]), as: UTF8.self)
    }

    /// A non-negative amount (header control sums may be negative: `allowNegative`).
    static func amount(_ text: UnsafeBufferPointer<UInt8>, allowNegative: Bool = false) -> Amount? {
        Amount(bytes: text, allowNegative: allowNegative)
    }

    /// A header count: at most 9 digits.
    static func count(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard
            let v = ScaledDecimal.parse(
                text, maxIntegerDigits: 9, maxFractionDigits: 0, scale: 0,
                allowNegative: false)
        else { return nil }
        return Int(v)
    }

    /// An enumerated code, taken as written.
    static func code<T: RawRepresentable>(_ text: UnsafeBufferPointer<UInt8>, as type: T.Type) -> T?
    where T.RawValue == String {
        T(rawValue: string(text))
    }
}

extension DropHeader {
    /// Stores a header field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var ok = true
        switch tag {
        case .dropID: dropID = FieldText.string(text)
        case .fixmedinsCode, .provAdmdvs: institutionCode = FieldText.string(text)
        case .period: if let v = ClearingPeriod(FieldText.trimmed(text)) { period = v } else { ok = false }
        case .mdtrtAdmdvs: treatmentArea = FieldText.string(text)
        case .createdAt: if let v = LocalDateTime(bytes: text) { createdAt = v } else { ok = false }
        case .setlCnt, .claimCnt, .entryCnt: if let v = FieldText.count(text) { recordCount = v } else { ok = false }
        case .lineCnt: if let v = FieldText.count(text) { lineCount = v } else { ok = false }
        case .medfeeSumamt, .dedcSumamt:
            if let v = FieldText.amount(text, allowNegative: kind == .feeDetail) { controlSum = v } else { ok = false }
        default: return false
        }
        if !ok { invalidFields.insert(.field(Int(tag.rawValue))) }
        return true
    }

    /// Whether a header field (by its tag) failed to parse.
    func isInvalid(_ tag: ElementTag) -> Bool { invalidFields.contains(.field(Int(tag.rawValue))) }
}

extension Visit {
    /// Stores a field shared by settlements and claims; `nil` if `tag` is not one, else whether it parsed.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch tag {
        case .mdtrtID: visitID = FieldText.string(text)
        case .psnNo: personNumber = FieldText.string(text)
        case .psnName: personName = FieldText.string(text)
        case .certno: certificateNumber = FieldText.string(text)
        case .insuAdmdvs: insuredArea = FieldText.string(text)
        case .insutype:
            insuranceType = FieldText.code(text, as: InsuranceType.self)
            return insuranceType != nil
        case .medType:
            medicalType = FieldText.code(text, as: MedicalType.self)
            return medicalType != nil
        case .diseCodg: diseaseCode = FieldText.string(text)
        case .filingType:
            filingType = FieldText.code(text, as: FilingType.self)
            return filingType != nil
        case .begndate:
            guard let v = LocalDate(bytes: text) else { return false }
            beginDate = v
        case .enddate:
            guard let v = LocalDate(bytes: text) else { return false }
            endDate = v
        default: return nil
        }
        return true
    }
}

extension Settlement {
    private static let fieldByTag: [Settlement.Field?] = ElementTag.allCases.map { tag in
        Field.allCases.first { $0.elementName == tag.name }
    }

    /// Stores a settlement field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>, line: Int32) -> Bool {
        guard let field = Self.fieldByTag[Int(tag.rawValue)] else { return false }
        fieldLines[field.rawValue] = line
        var ok = true
        switch field {
        case .id: id = FieldText.string(text)
        case .settledAt: if let v = LocalDateTime(bytes: text) { settledAt = v } else { ok = false }
        case .total: ok = Self.store(text, &amounts.total)
        case .fullySelfPaid: ok = Self.store(text, &amounts.fullySelfPaid)
        case .overCap: ok = Self.store(text, &amounts.overCap)
        case .firstSelfPaid: ok = Self.store(text, &amounts.firstSelfPaid)
        case .inScope: ok = Self.store(text, &amounts.inScope)
        case .deductiblePaid: ok = Self.store(text, &amounts.deductiblePaid)
        case .fundPayment: ok = Self.store(text, &amounts.fundPayment)
        case .allFunds: ok = Self.store(text, &amounts.allFunds)
        case .personalPart: ok = Self.store(text, &amounts.personalPart)
        case .accountPayment: ok = Self.store(text, &amounts.accountPayment)
        case .cashPayment: ok = Self.store(text, &amounts.cashPayment)
        case .deductibleBefore: ok = Self.store(text, &amounts.deductibleBefore)
        case .fundBefore: ok = Self.store(text, &amounts.fundBefore)
        default: ok = visit.assign(tag, text) ?? false
        }
        if !ok { invalidFields.insert(.field(field.rawValue)) }
        return true
    }

    private static func store(_ text: UnsafeBufferPointer<UInt8>, _ target: inout Amount) -> Bool {
        guard let v = FieldText.amount(text) else { return false }
        target = v
        return true
    }
}

extension Claim {
    private static let fieldByTag: [Claim.Field?] = ElementTag.allCases.map { tag in
        Field.allCases.first { $0.elementName == tag.name }
    }

    /// Stores a claim field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>, line: Int32) -> Bool {
        guard let field = Self.fieldByTag[Int(tag.rawValue)] else { return false }
        fieldLines[field.rawValue] = line
        var ok = true
        switch field {
        case .id: id = FieldText.string(text)
        case .diagnosisName: diagnosisName = FieldText.string(text)
        case .total: if let v = FieldText.amount(text) { total = v } else { ok = false }
        case .failReason:
            failReason = FieldText.code(text, as: FailReason.self)
            ok = failReason != nil
        default: ok = visit.assign(tag, text) ?? false
        }
        if !ok { invalidFields.insert(.field(field.rawValue)) }
        return true
    }
}

extension Reversal {
    /// Stores a reversal field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>, line: Int32) -> Bool {
        let field: Field
        var ok = true
        switch tag {
        case .setlID:
            field = .id
            id = FieldText.string(text)
        case .origSetlID:
            field = .originalID
            originalID = FieldText.string(text)
        case .revsTime:
            field = .reversedAt
            if let v = LocalDateTime(bytes: text) { reversedAt = v } else { ok = false }
        case .medfeeSumamt:
            field = .total
            if let v = FieldText.amount(text) { total = v } else { ok = false }
        default: return false
        }
        fieldLines[field.rawValue] = line
        if !ok { invalidFields.insert(.field(field.rawValue)) }
        return true
    }
}

extension FeeLine {
    /// Stores a fee-line field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>, line: Int32) -> Bool {
        let field: Field
        var ok = true
        switch tag {
        case .feedetlSN:
            field = .serialNumber
            serialNumber = FieldText.string(text)
        case .feeOcurTime:
            field = .occurredAt
            if let v = LocalDateTime(bytes: text) { occurredAt = v } else { ok = false }
        case .medinsListCodg:
            field = .hospitalItemCode
            hospitalItemCode = FieldText.string(text)
        case .medinsListName:
            field = .hospitalItemName
            hospitalItemName = FieldText.string(text)
        case .cnt:
            field = .quantity
            if let v = Quantity(bytes: text), v.tenThousandths > 0 {
                quantity = v
                quantityText = FieldText.trimmed(text)
            } else {
                ok = false
            }
        case .pric:
            field = .unitPrice
            if let v = UnitPrice(bytes: text) {
                unitPrice = v
                unitPriceText = FieldText.trimmed(text)
            } else {
                ok = false
            }
        case .detItemFeeSumamt:
            field = .amount
            if let v = FieldText.amount(text) { amount = v } else { ok = false }
        case .bilgDeptCodg:
            field = .departmentCode
            departmentCode = FieldText.string(text)
        default: return false
        }
        fieldLines[field.rawValue] = line
        if !ok { invalidFields.insert(.field(field.rawValue)) }
        return true
    }
}

extension CategoryTotal {
    /// Stores a category field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch tag {
        case .medChrgitmType: category = ExpenseCategory(rawValue: FieldText.string(text))
        case .amt: if let v = FieldText.amount(text) { amount = v }
        default: return false
        }
        return true
    }
}
