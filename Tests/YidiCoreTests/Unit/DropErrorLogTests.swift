import Testing

@testable import YidiCore

/// The acknowledgement lists errors by line, then in the order found (outputs.md), and keeps
/// the first `max_listed_errors` of them.
@Suite("The error log: by line, in the order found, within the listing limit")
struct DropErrorLogTests {
    static func error(_ code: DropErrorCode, line: Int, _ id: String) -> DropError {
        DropError(code, Phrase(verbatim: "test"), line: line, setlID: id, field: "setl_id", found: id)
    }

    @Test func anErrorFoundLaterIsListedInItsPlace() {
        var log = DropErrorLog(listLimit: 10)
        log.append(Self.error(.totalMismatch, line: 1, "S1"))  // place 0
        let place = log.placesTaken  // S2's id read here
        log.append(Self.error(.totalMismatch, line: 1, "S2"))  // place 1
        log.append(Self.error(.alreadyAccepted, line: 1, "S2"), inPlaceOf: place)
        log.append(Self.error(.alreadyAccepted, line: 1, "S0"), inPlaceOf: 0)
        #expect(log.listed.map { "\($0.code.rawValue) \($0.setlID!)" } == ["B002 S0", "B006 S1", "B002 S2", "B006 S2"])
        #expect(log.totalCount == 4 && log.countsByCode[.alreadyAccepted] == 2)
    }

    @Test func theLimitKeepsTheFirstByLineAndPlace() {
        var log = DropErrorLog(listLimit: 2)
        for line in [5, 6, 7, 8] { log.append(Self.error(.totalMismatch, line: line, "S\(line)")) }
        log.append(Self.error(.alreadyAccepted, line: 6, "S6"), inPlaceOf: 1)
        log.append(Self.error(.alreadyAccepted, line: 9, "S9"), inPlaceOf: 0)
        #expect(log.listed.map { "\($0.code.rawValue) \($0.line!)" } == ["B006 5", "B002 6"])
        #expect(log.totalCount == 6)
    }
}
