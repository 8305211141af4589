import Testing

@testable import YidiCore

/// The record builder on element events alone, without libxml2: what the parser feeds it.
@Suite("Record builder: element events into records, counts and the control sum")
struct RecordBuilderTests {
    /// Feeds one element: a field with text, or (text nil) the start of a container.
    private struct Feeder {
        var builder = RecordBuilder(kind: .feeDetail)
        var depth = 1
        var line = 1
        var delivered: [DropRecord] = []

        init() { builder.enterRoot() }

        mutating func field(_ tag: ElementTag, _ text: String) {
            line += 1
            let isField = builder.start(tag, depth: depth + 1, line: line)
            #expect(isField, "a field here")
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { builder.assign(tag, UnsafeBufferPointer($0), line: Int32(line)) }
        }

        mutating func open(_ tag: ElementTag) {
            line += 1
            depth += 1
            let isField = builder.start(tag, depth: depth, line: line)
            #expect(!isField, "a container")
        }

        mutating func close() {
            if let record = builder.end(depth: depth) { delivered.append(record) }
            depth -= 1
        }
    }

    private func header(_ f: inout Feeder, setlCnt: String, lineCnt: String, sum: String) {
        f.open(.header)
        f.field(.dropID, "D1")
        f.field(.setlCnt, setlCnt)
        f.field(.lineCnt, lineCnt)
        f.field(.medfeeSumamt, sum)
        f.close()
    }

    private func settlement(_ f: inout Feeder, id: String, total: String, lines: [String]) {
        f.open(.setl)
        f.field(.setlID, id)
        f.field(.medfeeSumamt, total)
        for (i, amount) in lines.enumerated() {
            f.open(.fee)
            f.field(.feedetlSN, "\(id)-\(i + 1)")
            f.field(.detItemFeeSumamt, amount)
            f.close()
        }
        f.open(.category)
        f.field(.medChrgitmType, "01")
        f.field(.amt, total)
        f.close()
        f.close()
    }

    @Test func recordsArriveInDocumentOrderWithTheirLinesAndCategories() throws {
        var f = Feeder()
        header(&f, setlCnt: "3", lineCnt: "3", sum: "70.50")
        settlement(&f, id: "S1", total: "100.50", lines: ["60.00", "40.50"])
        settlement(&f, id: "S2", total: "20.00", lines: ["20.00"])
        f.open(.setlRevs)
        f.field(.setlID, "R1")
        f.field(.origSetlID, "S0")
        f.field(.medfeeSumamt, "50.00")
        f.close()

        #expect(f.delivered.count == 4)
        guard case .header(let h) = f.delivered[0], case .settlement(let s1) = f.delivered[1],
            case .settlement(let s2) = f.delivered[2], case .reversal(let r) = f.delivered[3]
        else {
            Issue.record("unexpected records \(f.delivered)")
            return
        }
        #expect(h.dropID == "D1" && h.line == 2)
        #expect(s1.id == "S1" && s1.amounts.total == Amount("100.50")! && s1.lines.map(\.serialNumber) == ["S1-1", "S1-2"])
        #expect(s1.lines.map(\.amount) == [Amount("60.00")!, Amount("40.50")!])
        #expect(s1.categories.count == 1 && s2.lines.count == 1)
        #expect(r.id == "R1" && r.originalID == "S0")
        #expect(f.builder.recordCount == 3 && f.builder.lineCount == 3)
        #expect(f.builder.controlSum == Amount("70.50")!)  // 100.50 + 20.00 − 50.00
        #expect(f.builder.headerErrors().isEmpty)
    }

    @Test func theHeaderIsCheckedAgainstWhatTheDropHolds() {
        var f = Feeder()
        header(&f, setlCnt: "2", lineCnt: "5", sum: "99.99")
        settlement(&f, id: "S1", total: "10.00", lines: ["10.00"])
        let errors = f.builder.headerErrors()
        #expect(errors.map(\.code) == [.countMismatch, .countMismatch, .controlSumMismatch])
        #expect(errors.map(\.field) == ["setl_cnt", "line_cnt", "medfee_sumamt"])
        #expect(errors.map(\.expected) == ["1", "1", "10.00"])
        #expect(errors.map(\.found) == ["2", "5", "99.99"])
        #expect(errors.allSatisfy { $0.line == 2 })
    }

    @Test func anUnreadableTotalMakesTheControlSumProveNothing() {
        var f = Feeder()
        header(&f, setlCnt: "1", lineCnt: "1", sum: "1.00")
        settlement(&f, id: "S1", total: "ten", lines: ["10.00"])
        #expect(f.builder.headerErrors().isEmpty, "no D007 on a sum that could not be added up")
    }

    @Test func anErrorIsPlacedInTheRecordAndLineBeingRead() {
        var f = Feeder()
        header(&f, setlCnt: "1", lineCnt: "1", sum: "1.00")
        f.open(.setl)
        f.field(.setlID, "S9")
        f.open(.fee)
        f.field(.feedetlSN, "L7")
        var inLine = DropError(.schemaInvalid, Phrase(verbatim: "x"), line: 1)
        f.builder.place(&inLine)
        #expect(inLine.setlID == "S9" && inLine.feedetlSN == "L7")
        f.close()
        var inSettlement = DropError(.schemaInvalid, Phrase(verbatim: "x"), line: 1)
        f.builder.place(&inSettlement)
        #expect(inSettlement.setlID == "S9" && inSettlement.feedetlSN == nil)
    }

    @Test func elementsOutsideARecordAreNotFields() {
        var builder = RecordBuilder(kind: .feeDetail)
        let beforeRoot = builder.start(.dropID, depth: 2, line: 2)
        #expect(!beforeRoot, "nothing before the root")
        builder.enterRoot()
        let underRoot = builder.start(.dropID, depth: 2, line: 2)
        #expect(!underRoot, "a field directly under the root belongs to no record")
        let ended = builder.end(depth: 2)
        #expect(ended == nil)
    }
}
