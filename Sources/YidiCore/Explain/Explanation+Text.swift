/// The explanation as a person reads it on a terminal.
extension Explanation {
    /// The outcome first (the shares as accepted, any reversal, where the record belongs), then
    /// the record, its lines, its sums, what the insured place's policy gives, and where it all
    /// came from: an auditor reads the answer before the working.
    ///
    /// A sum of many terms shows its first ``Figures/shownTerms`` unless `full` (`--full`); the
    /// JSON always has every term.
    public func text(in language: Language, full: Bool = false) -> String {
        full ? render(language) : shortened.render(language)
    }

    /// The explanation with its long sums cut for a terminal.
    private var shortened: Explanation {
        var copy = self
        func cut(_ steps: [Step]) -> [Step] { steps.map { Step(name: $0.name, formula: Figures.shortened($0.formula), value: $0.value) } }
        copy.sums = cut(sums)
        copy.accumulators = cut(accumulators)
        copy.formulas = cut(formulas)
        copy.lines = lines.map {
            var line = $0
            line.parts = cut(line.parts)
            return line
        }
        return copy
    }

    private func render(_ language: Language) -> String {
        let say = language.say
        var out: [String] = []
        let kind = element == "claim" ? say("手工报销", "claim") : say("结算", "settlement")
        out.append(
            "\(kind) \(id)"
                + (accepted ? say("（已接收）", " (accepted)") : say("（已拒收：按最近一次上传读取）", " (REJECTED: from its latest attempt's reading)")))
        if !result.isEmpty {
            out.append("  " + say("接收结果：", "as accepted: ") + result.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        }
        if let reversal {
            out.append("  " + say("已被冲销：", "reversed by ") + reversal.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        }
        out += place.map { "  \($0.name): \($0.value)" }
        if !errors.isEmpty {
            out.append("")
            out.append(say("最近一次上传的错误", "errors of the latest attempt"))
            out += errors.map {
                "  \($0.code.rawValue) " + say("第 \($0.line.map(String.init) ?? "-") 行", "line \($0.line.map(String.init) ?? "-")")
                    + ": \($0.message.text(in: language))"
            }
        }
        out.append("")
        out.append(facts.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        for line in lines { out += Self.text(line) }
        if !categories.isEmpty {
            out.append("")
            out.append(say("费用类别：", "categories: ") + categories.map { "\($0.category) \($0.amount)" }.joined(separator: ", "))
        }
        out += Self.section(say("合计", "sums"), sums)
        out += policyText
        out += Self.section(say("累计额（本次之前）", "accumulators"), accumulators)
        out += accumulatorEntries.map { "  \($0.element) \($0.id) (drop \($0.dropID)): act_pay_dedc \($0.deductible), hifp_pay \($0.fund)" }
        out += Self.section(say("结算计算", "settling"), formulas)
        out.append("")
        out.append(say("本次运行使用的参考数据文件", "reference files of the run"))
        out += references.map { "  \($0.file) \($0.recorded.prefix(12))… " + Self.describe($0.state) }
        if !differences.isEmpty {
            out.append("")
            out.append(say("差异", "differences"))
            out += differences.map { "  " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private var policyText: [String] {
        var out: [String] = [""]
        if let grade {
            out.append("grade: hosp_lv \(grade.value) (\(Self.describe(grade.source)))")
        }
        if let policy {
            let area = policy.values.first { $0.name == "insu_admdvs" }?.value ?? ""
            out.append(
                "policy: \(Self.describe(policy.source)), found by \(policy.step) (\(area))"
                    + (policy.step == "exact area"
                        ? "" : ": no row for the " + (policy.step == "city" ? "exact area" : "exact area or its city")))
            out.append("  " + policy.values.filter { !$0.value.isEmpty }.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        }
        if let cut { out.append("cut = \(cut.formula) = \(cut.value)") }
        return out.count > 1 ? out : []
    }

    private static func text(_ line: Line) -> [String] {
        var out = [
            "",
            "fee \(line.serialNumber) at \(line.occurredAt): \(line.hospitalItemCode) → "
                + (line.mapping.map { describe($0) } ?? "no mapping row")
                + " → \(line.nationalCode)\(line.itemName.map { " \($0)" } ?? "") → "
                + (line.catalog.map { describe($0) } ?? "no catalog row")
        ]
        var item = "  category \(line.category), class \(line.itemClass)"
        if let share = line.selfPayShare { item += ", selfpay_prop \(share)" }
        if let cap = line.priceCap { item += ", price cap \(cap)" }
        out.append(item + "; cnt \(line.quantity) × pric \(line.unitPrice), amt \(line.amount)")
        out += line.parts.map { "  " + describe($0) }
        return out
    }

    private static func section(_ title: String, _ steps: [Step]) -> [String] {
        guard !steps.isEmpty else { return [] }
        return ["", title] + steps.map { "  " + describe($0) }
    }

    private static func describe(_ step: Step) -> String {
        step.formula.isEmpty ? "\(step.name) = \(step.value)" : "\(step.name) = \(step.formula) = \(step.value)"
    }

    private static func describe(_ source: Source) -> String {
        var text = "\(source.file) line \(source.line)"
        if !source.validity.isEmpty { text += ", valid \(source.validity)" }
        if source.state == .changed { text += ", today's row: the file changed since, possibly different" }
        if source.state == .archived { text += ", as the run used it" }
        return text
    }

    static func describe(_ state: ReferenceVersion.State) -> String {
        switch state {
        case .unchanged: "unchanged"
        case .archived: "changed since; read from reference-history/"
        case .changed: "changed since and not kept: today's file is read, possibly different"
        }
    }
}
