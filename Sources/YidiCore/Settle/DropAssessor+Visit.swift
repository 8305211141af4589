/// What the visit checks found out, for the checks that depend on it.
struct VisitFacts {
    /// `begndate` and `enddate` are valid and in order (else no B005).
    var datesUsable = true
    /// A policy can be looked up (no R005, R006 or B012, types valid).
    var policyLookupPossible = true
}

/// What the line checks found out.
struct LineFacts {
    var classified: [ClassifiedLine?] = []
    var parts = ScopeParts()
    var categories = CategoryAmounts()
    var sumOfAmounts = Amount.zero
    /// Every line parsed and was classified (else no B007–B009).
    var complete = true
    /// Every line amount parsed (else no B006).
    var sumUsable = true

    var sortedCategories: [(category: ExpenseCategory, amount: Amount)] { categories.sorted }
}

extension DropAssessor {
    /// B017, R006, B013, B012, R005, B020: checks of the person and the visit.
    func checkVisit(_ record: some VisitRecord) -> VisitFacts {
        var facts = VisitFacts()
        let v = record.visit
        let datesValid = !record.isInvalid(element: "begndate") && !record.isInvalid(element: "enddate")
        if datesValid && v.endDate < v.beginDate {
            report(
                .endBeforeBegin, zh: "enddate \(v.endDate) 早于 begndate \(v.beginDate)",
                en: "enddate \(v.endDate) is before begndate \(v.beginDate)", line: record.line,
                field: "enddate", expected: ">= \(v.beginDate)", found: v.endDate.description)
        }
        facts.datesUsable = datesValid && v.beginDate <= v.endDate
        if v.insuranceType == nil || v.medicalType == nil { facts.policyLookupPossible = false }
        if !record.isInvalid(element: "insu_admdvs") {
            if !reference.knowsProvince(of: v.insuredArea) {
                report(
                    .unknownProvince, zh: "insu_admdvs \(v.insuredArea) 不属于参与跨省结算的省份",
                    en: "insu_admdvs \(v.insuredArea) names no province that takes part",
                    line: record.line, field: "insu_admdvs", found: v.insuredArea)
                facts.policyLookupPossible = false
            } else if !treatmentProvince.isEmpty, v.insuredArea.hasPrefix(treatmentProvince) {
                report(
                    .notCrossProvincial, zh: "参保地 \(v.insuredArea) 与就医地在同一省份，不属于跨省就医",
                    en: "insured place \(v.insuredArea) and treatment place are in the same province",
                    line: record.line, field: "insu_admdvs", found: v.insuredArea)
            }
        } else {
            facts.policyLookupPossible = false
        }
        switch (v.medicalType, v.diseaseCode) {
        case (.chronicDisease?, nil):
            // the chronic disease is part of a 14 policy row's key: no policy can be found
            report(
                .diseaseMismatch, zh: "med_type 14（门诊慢特病）须填写 dise_codg", en: "med_type 14 needs a dise_codg", line: record.line,
                field: "dise_codg")
            facts.policyLookupPossible = false
        case (.inpatient?, nil):
            // a 21 policy row needs no disease: the amounts are still checked (rules.md: only an
            // unknown grade or policy silences B007–B009), so that one resend fixes everything
            report(
                .diseaseMismatch, zh: "med_type 21（住院）须填写 dise_codg", en: "med_type 21 needs a dise_codg", line: record.line,
                field: "dise_codg")
        case (.chronicDisease?, let code?) where !reference.isChronicDisease(code):
            report(
                .unknownDisease, zh: "dise_codg \(code) 不是 chronic_diseases.csv 中的慢特病",
                en: "dise_codg \(code) is not a chronic disease of chronic_diseases.csv",
                line: record.line, field: "dise_codg", found: code)
            facts.policyLookupPossible = false
        default:
            break
        }
        if !record.isInvalid(element: "certno"), let check = CertificateNumber.expectedCheckCharacter(v.certificateNumber),
            v.certificateNumber.last != check
        {
            report(
                .badCheckDigit, zh: "certno 校验位不正确", en: "certno fails its check digit", line: record.line(ofElement: "certno"),
                field: "certno", expected: String(check), found: String(v.certificateNumber.suffix(1)))
        }
        return facts
    }

    /// B003, B004, B005, R002, R003: checks of each line, classifying it on the way.
    func checkLines(_ record: some VisitRecord, checkDates: Bool) -> LineFacts {
        var facts = LineFacts()
        lineAmountCause = nil
        facts.classified.reserveCapacity(record.lines.count)
        var serials = Set<String>(minimumCapacity: record.lines.count)
        let v = record.visit
        for line in record.lines {
            let sn = line.serialNumber
            if !line.isInvalid(.serialNumber), !serials.insert(sn).inserted {
                report(
                    .duplicateLine, zh: "feedetl_sn \(sn) 在同一结算中重复出现", en: "feedetl_sn \(sn) is repeated within the settlement",
                    line: line.line(of: .serialNumber), field: "feedetl_sn", found: sn, feedetlSN: sn)
            }
            let amountsValid = !line.isInvalid(.quantity) && !line.isInvalid(.unitPrice) && !line.isInvalid(.amount)
            if amountsValid {
                let expected = UnitPrice.lineAmount(line.quantity, line.unitPrice)
                if expected != line.amount {
                    report(
                        .lineAmountMismatch,
                        zh: "det_item_fee_sumamt \(line.amount) 不等于 round2(\(line.quantity) × \(line.unitPrice)) = \(expected)",
                        en: "det_item_fee_sumamt \(line.amount) is not round2(\(line.quantity) × \(line.unitPrice)) = \(expected)",
                        line: line.line(of: .amount), field: "det_item_fee_sumamt", expected: expected.description,
                        found: line.amount.description, feedetlSN: sn)
                    if lineAmountCause == nil { lineAmountCause = DropError.Cause(code: .lineAmountMismatch, line: line.line(of: .amount)) }
                }
            }
            let when = line.occurredAt.date
            if checkDates, !line.isInvalid(.occurredAt), when < v.beginDate || when > v.endDate {
                report(
                    .feeOutsideVisit, zh: "fee_ocur_time \(line.occurredAt) 不在就诊期间 \(v.beginDate)..\(v.endDate) 内",
                    en: "fee_ocur_time \(line.occurredAt) lies outside \(v.beginDate)..\(v.endDate)",
                    line: line.line(of: .occurredAt), field: "fee_ocur_time",
                    expected: "\(v.beginDate)..\(v.endDate)", found: line.occurredAt.description, feedetlSN: sn)
            }
            if line.isInvalid(.amount) { facts.sumUsable = false } else { facts.sumOfAmounts += line.amount }
            guard let classifier, amountsValid, !line.isInvalid(.occurredAt), !line.isInvalid(.hospitalItemCode) else {
                facts.classified.append(nil)
                facts.complete = false
                continue
            }
            switch classifier.classify(line) {
            case .success(let classified):
                facts.classified.append(classified)
                facts.parts += classified.parts
                facts.categories.add(line.amount, to: classified.category)
            case .failure(.unmapped):
                facts.classified.append(nil)
                facts.complete = false
                report(
                    .unmappedItem, zh: "医院项目 \(line.hospitalItemCode) 在 \(when) 没有对照关系",
                    en: "no mapping for item \(line.hospitalItemCode) on \(when)",
                    line: line.line(of: .hospitalItemCode), field: "medins_list_codg", found: line.hospitalItemCode,
                    feedetlSN: sn)
            case .failure(.notInCatalog(let national)):
                facts.classified.append(nil)
                facts.complete = false
                report(
                    .notInCatalog, zh: "项目 \(line.hospitalItemCode) 的国家编码 \(national) 在 \(when) 不在 \(treatmentProvince)0000 的目录中",
                    en:
                        "national code \(national) of item \(line.hospitalItemCode) is not in the catalog of \(treatmentProvince)0000 on \(when)",
                    line: line.line(of: .hospitalItemCode), field: "medins_list_codg", found: national, feedetlSN: sn)
            }
        }
        return facts
    }

    /// The institution's grade on `date`, or R001 for this record.
    func grade(on date: LocalDate, line: Int, field: String) -> Int? {
        guard let header else { return nil }
        if let found = reference.institutions.institution(header.institutionCode, on: date) { return found.grade }
        if institutionKnown {  // an unknown institution is reported once, on the header
            let code = header.institutionCode, designated = reference.institutions.designations(code)
            report(
                .unknownInstitution, zh: "医疗机构 \(code) 在 \(date) 不是定点机构（定点期间 \(designated)）",
                en: "institution \(code) is not designated on \(date) (designated \(designated))", line: line,
                field: field, found: date.description)
        }
        return nil
    }

    /// The insured place's policy for a visit in `year`, or R004.
    func policy(for record: some VisitRecord, year: Int, facts: VisitFacts) -> PolicyRule? {
        let v = record.visit
        guard facts.policyLookupPossible, let insutype = v.insuranceType, let medType = v.medicalType else { return nil }
        if let rule = reference.policies.rule(
            area: v.insuredArea, insuranceType: insutype, medicalType: medType,
            disease: v.diseaseCode, year: year)
        {
            return rule
        }
        let disease = medType == .chronicDisease ? " \(v.diseaseCode ?? "")" : ""
        let key = "\(v.insuredArea) \(insutype.rawValue) \(medType.rawValue)\(disease)"
        report(
            .noPolicy, zh: "参保地政策缺失：\(key) 在 \(year) 年没有政策", en: "no policy for \(key) in \(year)",
            line: record.line, field: "insu_admdvs", found: v.insuredArea)
        return nil
    }
}
