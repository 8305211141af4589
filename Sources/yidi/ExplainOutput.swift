import YidiCore

/// `yidi explain --json`: the explanation with its keys in a fixed order, amounts as text.
enum ExplainOutput {
    static func json(_ e: Explanation, language: Language) -> JSONValue {
        let errors = e.errors.map { error -> JSONValue in
            .object([
                ("code", .string(error.code.rawValue)), ("line", error.line.map { .int($0) } ?? .null),
                ("message", .string(error.message.text(in: language)))
            ])
        }
        return .object([
            ("element", .string(e.element)), ("id", .string(e.id)), ("status", .string(e.accepted ? "accepted" : "rejected")),
            ("place", place(e)), ("facts", pairs(e.facts)),
            ("lines", .array(e.lines.map(line))),
            ("categories", .array(e.categories.map { .object([("med_chrgitm_type", .string($0.category)), ("amt", .string($0.amount))]) })),
            ("sums", steps(e.sums)),
            ("grade", e.grade.map { .object([("hosp_lv", .int($0.value)), ("source", source($0.source))]) } ?? .null),
            (
                "policy",
                e.policy.map { .object([("source", source($0.source)), ("step", .string($0.step)), ("row", pairs($0.values))]) } ?? .null
            ),
            ("cut", e.cut.map(step) ?? .null),
            ("accumulators", steps(e.accumulators)),
            (
                "accumulator_records",
                .array(
                    e.accumulatorEntries.map {
                        .object([
                            ("element", .string($0.element)), ("id", .string($0.id)), ("drop_id", .string($0.dropID)),
                            ("act_pay_dedc", .string($0.deductible.description)), ("hifp_pay", .string($0.fund.description))
                        ])
                    })
            ),
            ("formulas", steps(e.formulas)), ("result", pairs(e.result)),
            ("reversal", e.reversal.map(pairs) ?? .null),
            (
                "references",
                .array(
                    e.references.map {
                        .object([("file", .string($0.file)), ("sha256", .string($0.recorded)), ("state", .string($0.state.rawValue))])
                    })
            ),
            ("differences", .array(e.differences.map(JSONValue.string))),
            ("errors", .array(errors))
        ])
    }

    private static func line(_ l: Explanation.Line) -> JSONValue {
        .object([
            ("feedetl_sn", .string(l.serialNumber)), ("fee_ocur_time", .string(l.occurredAt)),
            ("medins_list_codg", .string(l.hospitalItemCode)), ("mapping", l.mapping.map(source) ?? .null),
            ("med_list_codg", .string(l.nationalCode)), ("med_list_name", l.itemName.map(JSONValue.string) ?? .null),
            ("catalog", l.catalog.map(source) ?? .null),
            ("med_chrgitm_type", .string(l.category)), ("chrgitm_lv", .string(l.itemClass)),
            ("selfpay_prop", l.selfPayShare.map(JSONValue.string) ?? .null),
            ("pric_uplmt_amt", l.priceCap.map(JSONValue.string) ?? .null),
            ("cnt", .string(l.quantity)), ("pric", .string(l.unitPrice)), ("det_item_fee_sumamt", .string(l.amount)),
            ("parts", steps(l.parts))
        ])
    }

    /// Where the record came from, as fields: its drop, attempt (a number), file, run (a
    /// number) and period, then the reconciliation's trace as the text shows it.
    private static func place(_ e: Explanation) -> JSONValue {
        let o = e.origin, attempt = o.attempt, run = o.run
        let fields: [(String, JSONValue)] = [
            ("drop_id", o.dropID.map(JSONValue.string) ?? .null),
            ("attempt", attempt.map { .int(Int($0.attempt)) } ?? .null),
            ("file_name", attempt.map { .string($0.fileName) } ?? .null),
            ("sha256", attempt.map { .string($0.sha256) } ?? .null),
            ("received_at", attempt.map { .string($0.receivedAt) } ?? .null),
            ("stored_path", attempt.map { .string($0.storedPath) } ?? .null),
            ("run", run.map { .int(Int($0.id)) } ?? .null),
            ("run_command", run.map { .string($0.command) } ?? .null),
            ("run_started_at", run.map { .string($0.startedAt) } ?? .null),
            ("period", o.period.map(JSONValue.string) ?? .null)
        ]
        let told = Set(["drop_id", "attempt", "run", "period"])
        return .object(fields + e.place.filter { !told.contains($0.name) }.map { ($0.name, .string($0.value)) })
    }

    private static func source(_ s: Explanation.Source) -> JSONValue {
        .object([("file", .string(s.file)), ("line", .int(s.line)), ("validity", .string(s.validity)), ("state", .string(s.state.rawValue))]
        )
    }

    private static func step(_ s: Explanation.Step) -> JSONValue {
        .object([("name", .string(s.name)), ("formula", .string(s.formula)), ("value", .string(s.value))])
    }

    private static func steps(_ s: [Explanation.Step]) -> JSONValue { .array(s.map(step)) }

    private static func pairs(_ p: [(name: String, value: String)]) -> JSONValue { .object(p.map { ($0.name, .string($0.value)) }) }
}
