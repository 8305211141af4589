/// The acknowledgement of one drop attempt (outputs.md): `DropAck` in `urn:yidi:ack:1`.
struct Acknowledgement: Sendable {
    public var attempt: AttemptRecord
    /// The listed errors, by line.
    public var errors: [DropError]

    public init(attempt: AttemptRecord, errors: [DropError]) {
        self.attempt = attempt
        self.errors = errors
    }

    /// Where it is written, relative to the workspace: the hospital's folder once the drop's
    /// `drop_id` and `fixmedins_code` were read (and are safe as file names), else `_unknown/`.
    var relativePath: String {
        let a = attempt
        if let drop = a.dropID, let hospital = a.institutionCode, Self.isSafeName(drop), Self.isSafeName(hospital) {
            return "outbox/ack/\(hospital)/\(drop).\(a.attempt).xml"
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
        x.element("file_name", a.fileName)
        x.element("sha256", a.sha256)
        x.element("received_at", a.receivedAt)
        x.element("status", a.status.rawValue)
        x.element("kind", a.kind?.rawValue)
        if let kind = a.kind { x.element(kind == .feeDetail ? "setl_cnt" : "claim_cnt", String(a.recordCount)) }
        x.element("line_cnt", String(a.lineCount))
        x.element("medfee_sumamt", a.controlSum.description)
        x.element("run_id", String(a.runID))
        x.element("error_cnt", String(a.errorCount))
        for e in errors {
            x.open("error")
            x.element("code", e.code.rawValue)
            x.element("message", e.message)
            x.element("line", e.line.flatMap { $0 > 0 ? String($0) : nil })
            for (name, value) in e.context { x.element(name, value) }
            x.close("error")
        }
        x.close("DropAck")
        return x.text
    }

    /// Whether a code read from a drop can name a file: the code form of drops.md, not starting with a dot.
    static func isSafeName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first != UInt8(ascii: "."), s.utf8.count <= 30 else { return false }
        return s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
            || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }
}
