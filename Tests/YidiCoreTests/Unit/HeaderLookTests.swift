import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

/// Registering a night's files for several workers reads each drop's header only
/// (`DropProcessor.hospital(ofDropAt:)`): nothing after the header is parsed, validated or
/// even inflated.
@Suite("A look at a drop's header only")
struct HeaderLookTests {
    /// The fixture's header followed by `copies` of its first settlement, then `tail`.
    static func drop(copies: Int, tail: String = "</FeeDetailDrop>\n") -> String {
        let xml = Fixtures.feeDetail
        let headerEnd = xml.range(of: "</header>\n")!.upperBound
        let setl = xml[xml.range(of: "  <setl>")!.lowerBound..<xml.range(of: "</setl>\n")!.upperBound]
        return String(xml[..<headerEnd]) + String(repeating: String(setl), count: copies) + tail
    }

    @Test func theHospitalIsTheHeadersInstitution() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("a.xml.gz", bytes: GzipDeflater.compress(Array(Fixtures.feeDetail.utf8)))
        #expect(DropProcessor.hospital(ofDropAt: path, limits: DropLimits()) == "H44010600001")
    }

    @Test func noHospitalWithoutAReadableHeader() throws {
        let dir = TemporaryDirectory()
        let garbage = dir.write("b.xml.gz", bytes: Array("not gzip, not XML".utf8))
        #expect(DropProcessor.hospital(ofDropAt: garbage, limits: DropLimits()) == nil)
        #expect(DropProcessor.hospital(ofDropAt: dir.path + "/missing.xml.gz", limits: DropLimits()) == nil)
    }

    @Test func parsingEndsQuietlySoonAfterTheHeader() throws {
        // 5 000 settlements, then a part that is not well-formed: a full parse reports it
        let xml = Self.drop(copies: 5_000, tail: "<setl><oops></setl>\n</FeeDetailDrop>\n")
        let full = parse(xml).0
        #expect(full.settlements.count == 5_000)
        #expect(full.errors.contains { $0.code == .notWellFormed })

        let handler = RecordingHandler()
        let parser = DropParser(limits: DropLimits(), handler: handler)
        parser.stopsAfterHeader = true
        var bytes = Array(xml.utf8)
        let more = bytes.withUnsafeMutableBytes { parser.consume(UnsafeRawBufferPointer($0)) }
        #expect(!more, "the reader is told to stop")
        #expect(handler.headers.map(\.institutionCode) == ["H44010600001"])
        #expect(handler.settlements.isEmpty && handler.errors.isEmpty)
        let lines = xml.utf8.count { $0 == UInt8(ascii: "\n") }
        #expect(parser.currentLine < lines / 50, "stopped at line \(parser.currentLine) of \(lines)")
    }

    @Test func aDropWithoutAHeaderEndsAtItsFirstRecord() throws {
        var xml = Self.drop(copies: 5_000)
        xml.removeSubrange(xml.range(of: "  <header>")!.lowerBound..<xml.range(of: "</header>\n")!.upperBound)
        let handler = RecordingHandler()
        let parser = DropParser(limits: DropLimits(), handler: handler)
        parser.stopsAfterHeader = true
        var bytes = Array(xml.utf8)
        _ = bytes.withUnsafeMutableBytes { parser.consume(UnsafeRawBufferPointer($0)) }
        #expect(handler.headers.isEmpty)
        #expect(handler.settlements.count == 1)
        #expect(parser.currentLine < 1_000, "stopped at line \(parser.currentLine)")
        let dir = TemporaryDirectory()
        let path = dir.write("d.xml.gz", bytes: GzipDeflater.compress(Array(xml.utf8)))
        #expect(DropProcessor.hospital(ofDropAt: path, limits: DropLimits()) == nil)
    }

    @Test func inflatingEndsSoonAfterTheHeader() throws {
        let dir = TemporaryDirectory()
        let xml = Array(Self.drop(copies: 5_000).utf8)
        #expect(xml.count > 4 << 20)
        let path = dir.write("c.xml.gz", bytes: GzipDeflater.compress(xml))
        var reader = DropReader(limits: DropLimits())
        reader.readsWholeFile = false
        let parser = DropParser(limits: DropLimits(), handler: RecordingHandler())
        parser.stopsAfterHeader = true
        let summary = try reader.read(path: path, into: parser)
        #expect(summary.failure == nil)
        #expect(summary.inflatedBytes < 2 << 20, "inflated \(summary.inflatedBytes) of \(xml.count) bytes")
        #expect(summary.sha256 == "", "a look at the header does not claim the file's identity")
    }
}
