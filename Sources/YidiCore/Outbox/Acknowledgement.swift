/// The acknowledgement of one drop attempt (outputs.md): `DropAck` in `urn:yidi:ack:1`.
struct Acknowledgement: Sendable {
    public var attempt: AttemptRecord
    /// The listed errors, by line.
    public var errors: [DropError]
    /// The language of the messages; codes and element names are the same in both.
    public var language: Language

    public init(attempt: AttemptRecord, errors: [DropError], language: Language) {
        self.attempt = attempt
        self.errors = errors
        self.language = language
    }

    /// Where it is written, relative to the workspace: the hospital's folder when the drop is
    /// known by its `drop_id` (``DropHeader/trustedDropID``), else `_unknown/` under its file
    /// name, numbered as its attempts are (so that two acknowledgements never share a path).
    var relativePath: String { Self.relativePath(of: attempt) }

    /// Where the acknowledgement of attempt `a` is written.
    static func relativePath(of a: AttemptRecord) -> String {
        if !a.dropKey.hasPrefix(AttemptRecord.unknownKeyPrefix), let hospital = a.institutionCode {
            return "outbox/ack/\(hospital)/\(a.dropKey).\(a.attempt).xml"
        }
        return "outbox/ack/_unknown/" + Paths.boundedName(a.fileName, suffix: ".\(a.attempt).xml")
    }

    /// The document.
    public var xml: String {
        let a = attempt
        var x = XMLText()
        x.open("DropAck", namespace: "urn:yidi:ack:1")
        x.element("drop_id", a.dropID)
        x.element("attempt", String(a.attempt))
        // a file name is the one text here no schema checked: its control characters escaped
        // (XML 1.0 cannot carry most of them at all)
        x.element("file_name", a.fileName.oneLine)
        x.element("sha256", a.sha256)
        x.element("received_at", a.receivedAt)
        x.element("status", a.status.rawValue)
        x.element("kind", a.kind?.rawValue)
        if let kind = a.kind { x.element(kind.recordCountElement, String(a.recordCount)) }
        x.element("line_cnt", String(a.lineCount))
        x.element(a.kind?.controlSumElement ?? "medfee_sumamt", a.controlSum.description)
        x.element("run_id", String(a.runID))
        x.element("error_cnt", String(a.errorCount))
        for e in errors {
            x.open("error")
            x.element("code", e.code.rawValue)
            x.element("message", e.message.text(in: language).oneLine)
            x.element("line", e.line.flatMap { $0 > 0 ? String($0) : nil })
            for (name, value) in e.context { x.element(name, value.oneLine) }
            if let cause = e.causedBy {
                x.open("caused_by")
                x.element("code", cause.code.rawValue)
                x.element("line", String(cause.line))
                x.close("caused_by")
            }
            x.close("error")
        }
        x.close("DropAck")
        return x.text
    }
}
