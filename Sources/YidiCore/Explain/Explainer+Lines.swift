/// Each line from the hospital's code to its four parts (rules.md, "Classifying a fee line").
extension Explainer {
    /// One line traced through the mapping and the catalog, its parts recomputed; the
    /// differences from what the ledger holds are appended to `differences`.
    func explain(
        line entry: FeeLineEntry, institution: String, treatmentProvince: String,
        differences: inout [String]
    ) -> Explanation.Line {
        let date = entry.occurredAt.date
        let sn = entry.serialNumber
        let mapped = reference.mapping.entry(institution: institution, itemCode: entry.hospitalItemCode, on: date)
        if let mapped, mapped.value != entry.nationalCode {
            differences.append(
                "fee \(sn): \(ItemMapping.file) line \(mapped.line) maps \(entry.hospitalItemCode) to \(mapped.value), \(holder) \(entry.nationalCode)"
            )
        } else if mapped == nil {
            differences.append("fee \(sn): no row of \(ItemMapping.file) maps \(entry.hospitalItemCode) of \(institution) on \(date)")
        }
        let row = reference.catalog.entry(province: treatmentProvince, code: entry.nationalCode, on: date)
        var line = Explanation.Line(
            serialNumber: sn, occurredAt: entry.occurredAt.description, hospitalItemCode: entry.hospitalItemCode,
            mapping: mapped.map { source(ItemMapping.file, $0.range, $0.line) }, nationalCode: entry.nationalCode,
            catalog: row.map { source(Catalog.file, $0.range, $0.line) }, category: entry.category, itemClass: entry.itemClass,
            selfPayShare: nil, priceCap: nil, quantity: entry.quantityText, unitPrice: entry.unitPriceText,
            amount: Figures.amount(entry.amount), parts: [])
        guard let item = row?.value, let quantity = Quantity(entry.quantityText), let price = UnitPrice(entry.unitPriceText) else {
            differences.append("fee \(sn): \(entry.nationalCode) is not in the catalog of \(treatmentProvince)0000 on \(date)")
            line.parts = Self.partsAsHeld(entry.parts)
            return line
        }
        line.itemName = reference.catalog.name(province: treatmentProvince, code: entry.nationalCode)
        if item.category.rawValue != entry.category || item.itemClass.rawValue != entry.itemClass {
            differences.append(
                "fee \(sn): \(Catalog.file) line \(row!.line) gives \(item.category.rawValue)/\(item.itemClass.rawValue), \(holder) \(entry.category)/\(entry.itemClass)"
            )
        }
        line.selfPayShare = item.itemClass == .classB ? Figures.ratio(item.selfPayShare) : nil
        line.priceCap = item.priceCap.map(Figures.price)
        let parts = ScopeParts.split(amount: entry.amount, quantity: quantity, price: price, item: item)
        if parts != entry.parts {
            differences.append("fee \(sn): the catalog row gives parts \(Self.describe(parts)), \(holder) \(Self.describe(entry.parts))")
        }
        line.parts = Self.partSteps(entry.amount, quantity: quantity, price: price, item: item, parts: parts)
        return line
    }

    /// The arithmetic of rules.md for one line, with its numbers.
    static func partSteps(
        _ amt: Amount, quantity: Quantity, price: UnitPrice, item: CatalogItem,
        parts: ScopeParts
    ) -> [Explanation.Step] {
        let zero = Figures.amount(.zero)
        if item.itemClass == .classC {
            return [
                .init(name: "fulamt_ownpay_amt", formula: "amt (class C, not covered)", value: Figures.amount(parts.fullySelfPaid)),
                .init(name: "overlmt_amt", formula: "", value: zero), .init(name: "preselfpay_amt", formula: "", value: zero),
                .init(name: "inscp_scp_amt", formula: "", value: zero)
            ]
        }
        var steps: [Explanation.Step] = [.init(name: "fulamt_ownpay_amt", formula: "", value: zero)]
        if let cap = item.priceCap, price > cap {
            let difference = Figures.exact(price.millionths - cap.millionths, scale: 6)
            steps.append(
                .init(
                    name: "overlmt_amt",
                    formula:
                        "round2((pric − cap) × cnt) = round2((\(Figures.price(price)) − \(Figures.price(cap))) × \(quantity)) = round2(\(difference) × \(quantity))",
                    value: Figures.amount(parts.overCap)))
        } else {
            steps.append(
                .init(
                    name: "overlmt_amt",
                    formula: item.priceCap.map { "pric \(Figures.price(price)) within the cap \(Figures.price($0))" } ?? "no price cap",
                    value: zero))
        }
        let base = amt - parts.overCap
        steps.append(
            .init(
                name: "base", formula: "amt − overlmt_amt = \(Figures.amount(amt)) − \(Figures.amount(parts.overCap))",
                value: Figures.amount(base)))
        if item.itemClass == .classB {
            steps.append(
                .init(
                    name: "preselfpay_amt", formula: "round2(base × selfpay_prop) = " + Figures.product(base, item.selfPayShare),
                    value: Figures.amount(parts.firstSelfPaid)))
        } else {
            steps.append(.init(name: "preselfpay_amt", formula: "class A", value: zero))
        }
        steps.append(
            .init(
                name: "inscp_scp_amt",
                formula: "base − preselfpay_amt = \(Figures.amount(base)) − \(Figures.amount(parts.firstSelfPaid))",
                value: Figures.amount(parts.inScope)))
        return steps
    }

    /// The parts as the ledger holds them, when no catalog row can recompute them.
    static func partsAsHeld(_ p: ScopeParts) -> [Explanation.Step] {
        [
            ("fulamt_ownpay_amt", p.fullySelfPaid), ("overlmt_amt", p.overCap), ("preselfpay_amt", p.firstSelfPaid),
            ("inscp_scp_amt", p.inScope)
        ].map { .init(name: $0.0, formula: "as the ledger holds it", value: Figures.amount($0.1)) }
    }

    static func describe(_ p: ScopeParts) -> String {
        [p.fullySelfPaid, p.overCap, p.firstSelfPaid, p.inScope].map(Figures.amount).joined(separator: "/")
    }

    /// `medfee_sumamt` as the sum of the lines and of the four parts, and each part's sum.
    static func sums(_ lines: [FeeLineEntry], record: StoredRecord) -> [Explanation.Step] {
        var total = ScopeParts()
        for line in lines { total += line.parts }
        let sum = lines.reduce(Amount.zero) { $0 + $1.amount }
        return [
            .init(name: "medfee_sumamt", formula: "Σ amt = " + Figures.sum(lines.map(\.amount)), value: Figures.amount(sum)),
            .init(
                name: "fulamt_ownpay_amt", formula: "Σ = " + Figures.sum(lines.map(\.parts.fullySelfPaid)),
                value: Figures.amount(total.fullySelfPaid)),
            .init(
                name: "overlmt_selfpay", formula: "Σ overlmt_amt = " + Figures.sum(lines.map(\.parts.overCap)),
                value: Figures.amount(total.overCap)),
            .init(
                name: "preselfpay_amt", formula: "Σ = " + Figures.sum(lines.map(\.parts.firstSelfPaid)),
                value: Figures.amount(total.firstSelfPaid)),
            .init(name: "inscp_scp_amt", formula: "Σ = " + Figures.sum(lines.map(\.parts.inScope)), value: Figures.amount(total.inScope)),
            .init(
                name: "medfee_sumamt",
                formula: "fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt = "
                    + Figures.sum([total.fullySelfPaid, total.overCap, total.firstSelfPaid, total.inScope]),
                value: Figures.amount(record.amount("medfee_sumamt")))
        ]
    }
}
