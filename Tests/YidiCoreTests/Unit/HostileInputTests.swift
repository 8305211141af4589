import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("Hostile drops: each yields its code and nothing else")
struct HostileInputTests {
    let ok = Fixtures.feeDetail
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    private func body(_ xml: String) -> String { String(xml.dropFirst(declaration.count)) }

    @Test func doctypeWithAnExternalEntityIsRefusedUnread() throws {
        let xml =
            declaration + "<!DOCTYPE FeeDetailDrop [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
            + body(ok).replacingAll("张三", with: "&x;")
        let (h, summary) = parse(xml)
        #expect(h.errors.map { "\($0.code):\($0.line ?? 0)" } == ["D003:2"])
        #expect(h.settlements.isEmpty && !summary.readToEnd)
        #expect(!h.headers.contains { $0.dropID.contains("root:") })
    }

    @Test func externalDTDAndNetworkEntitiesAreRefused() throws {
        let external = declaration + "<!DOCTYPE FeeDetailDrop SYSTEM \"http://127.0.0.1:9/x.dtd\">\n" + body(ok)
        #expect(try codes(ofXML: external) == ["D003:2"])
        let parameter = declaration + "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>\n" + body(ok)
        #expect(try codes(ofXML: parameter) == ["D003:2"])
    }

    @Test func billionLaughsAndQuadraticBlowup() throws {
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for i in 1...9 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        let laughs = declaration + "<!DOCTYPE FeeDetailDrop [\n" + entities + "]>\n" + body(ok).replacingAll("张三", with: "&lol9;")
        #expect(try codes(ofXML: laughs) == ["D003:2"])
        let big = String(repeating: "A", count: 50_000)
        let quadratic =
            declaration + "<!DOCTYPE r [<!ENTITY a \"\(big)\">]>\n"
            + body(ok).replacingAll("张三", with: String(repeating: "&a;", count: 10_000))
        #expect(try codes(ofXML: quadratic) == ["D003:2"])
    }

    @Test func undeclaredEntitiesAndXInclude() throws {
        #expect(try codeNames(ofXML: ok.replacingAll("张三", with: "&undeclared;")) == ["D003"])
        let xinclude = ok.replacingAll(
            "<fee>", with: "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/><fee>")
        #expect(try codeNames(ofXML: xinclude) == ["D003"])
    }

    @Test func wrongRootNamespaceOrVersion() throws {
        #expect(try codes(ofXML: ok.replacingAll("urn:yidi:fee-detail:1", with: "urn:yidi:fee-detail:2")) == ["D005:2"])
        #expect(try codes(ofXML: ok.replacingAll("xmlns=\"urn:yidi:fee-detail:1\"", with: "")) == ["D005:2"])
        #expect(try codes(ofXML: ok.replacingAll("FeeDetailDrop", with: "FeeDrop")) == ["D005:2"])
        // the manual root in the fee-detail namespace
        let swapped = ok.replacingAll("FeeDetailDrop", with: "ManualReimbursementDrop")
        #expect(try codes(ofXML: swapped) == ["D005:2"])
    }

    @Test func deepNestingStopsAtTheDepthLimit() throws {
        let deep = ok.replacingAll(
            "<fee>", with: "<fee>" + String(repeating: "<x>", count: 20_000) + String(repeating: "</x>", count: 20_000))
        let (h, summary) = parse(deep)
        #expect(h.errors.map(\.code).last == .schemaInvalid)
        #expect(h.errors.last?.message.en.contains("deeper than 16") == true)
        #expect(!summary.readToEnd)
    }

    @Test func longTextNodesStopAtTheLimit() throws {
        let long = ok.replacingAll("张三", with: String(repeating: "名", count: 2000))  // 6000 bytes
        let (h, summary) = parse(long)
        #expect(h.errors.map(\.code) == [.schemaInvalid])
        #expect(h.errors[0].message.en.contains("4096"))
        #expect(!summary.readToEnd)
        let whitespace = ok.replacingAll("</setl>", with: String(repeating: " ", count: 5000) + "</setl>")
        #expect(try codeNames(ofXML: whitespace) == ["D004"])
        let cdata = ok.replacingAll("张三", with: "<![CDATA[" + String(repeating: "x", count: 5000) + "]]>")
        #expect(try codeNames(ofXML: cdata) == ["D004"])
    }

    @Test func encodingsOtherThanUTF8AreRefused() throws {
        let latin = ok.replacingAll("encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        #expect(try codeNames(ofXML: latin) == ["D003"])
        // UTF-16 bytes declared as UTF-8
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in ok.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let dir = TemporaryDirectory()
        let result = try check(dir.write("u16.xml.gz", bytes: GzipDeflater.compress(utf16)))
        #expect(result.errors.map(\.code) == [.notWellFormed])
        // UTF-16 without a byte order mark, still declaring UTF-8
        var bare: [UInt8] = []
        for unit in ok.utf16 { bare += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let declared = try check(dir.write("u16bare.xml.gz", bytes: GzipDeflater.compress(bare)))
        #expect(declared.errors.map(\.code) == [.notWellFormed])
        // invalid UTF-8 in a name
        var bytes = Array(ok.utf8)
        let at = bytes.firstIndex(of: 0xE5)!  // first byte of 张
        bytes[at] = 0xFF
        let bad = try check(dir.write("bad.xml.gz", bytes: GzipDeflater.compress(bytes)))
        #expect(bad.errors.map(\.code) == [.notWellFormed])
    }

    @Test func aUTF8ByteOrderMarkIsAllowed() throws {
        let dir = TemporaryDirectory()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(ok.utf8)
        let result = try check(dir.write("bom.xml.gz", bytes: GzipDeflater.compress(bom)))
        #expect(result.errors.isEmpty)
        #expect(result.parse.recordCount == 2)
    }

    @Test func notWellFormedIsFatalAndSchemaEchoesAreDropped() throws {
        let cut = String(ok.prefix(ok.count - 40))  // the document ends mid-element
        let found = try codeNames(ofXML: cut)
        #expect(found == ["D003"])
        #expect(try codeNames(ofXML: ok.replacingAll("</psn_no>", with: "</psn_nr>")) == ["D003"])
        #expect(try codeNames(ofXML: "") == ["D003"])
        #expect(try codeNames(ofXML: "just text") == ["D003"])
    }

    @Test func errorsBeyondTheListingLimitAreCountedNotListed() throws {
        var limits = DropLimits()
        limits.maxListedErrors = 3
        var xml = Fixtures.feeDetail
        for field in ["mdtrt_id", "psn_no", "insu_admdvs", "med_type", "filing_type", "begndate"] {
            xml = xml.replacingAll("<\(field)>", with: "<\(field)>!")
        }
        let dir = TemporaryDirectory()
        let result = try check(dir.writeDrop("a.xml.gz", xml: xml), limits: limits)
        #expect(result.errorCount == 6)
        #expect(result.errors.count == 3)
        #expect(result.errors.map { $0.line ?? 0 } == [14, 15, 18], "the first three by line")
    }
}
