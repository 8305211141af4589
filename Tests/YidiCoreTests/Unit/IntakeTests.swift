import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("Intake: gzip, hash, limits")
struct IntakeTests {
    let ok = Array(Fixtures.feeDetail.utf8)

    @Test func validDropHashesTheCompressedBytes() throws {
        let dir = TemporaryDirectory()
        let gz = GzipDeflater.compress(ok)
        let result = try check(dir.write("a.xml.gz", bytes: gz))
        var h = SHA256()
        h.update(gz)
        let digest = h.finalizeHex()
        #expect(result.errorCount == 0)
        #expect(result.intake.sha256 == digest)
        #expect(result.intake.compressedBytes == Int64(gz.count))
        #expect(result.intake.inflatedBytes == Int64(ok.count))
    }

    @Test func multiMemberStreamsAreReadToTheirEnd() throws {
        let dir = TemporaryDirectory()
        let cut = ok.count / 3
        let gz = GzipDeflater.compress(Array(ok[..<cut])) + GzipDeflater.compress(Array(ok[cut...]))
        let result = try check(dir.write("a.xml.gz", bytes: gz))
        #expect(result.errorCount == 0)
        #expect(result.parse.recordCount == 2)
    }

    @Test("D001 for what is not a whole gzip stream", arguments: ["garbage", "truncated", "empty", "plain", "trailing", "corrupt"])
    func notGzip(caseName: String) throws {
        let dir = TemporaryDirectory()
        let gz = GzipDeflater.compress(ok)
        let bytes: [UInt8]
        switch caseName {
        case "garbage": bytes = gz + Array("not gzip at all, but long enough to hold a header".utf8)
        case "truncated": bytes = Array(gz[..<(gz.count - 9)])
        case "empty": bytes = []
        case "plain": bytes = ok
        case "trailing": bytes = gz + [0]
        default:
            var c = gz
            c[c.count / 2] ^= 0xFF
            c[c.count / 2 + 1] ^= 0xFF
            bytes = c
        }
        let result = try check(dir.write("a.xml.gz", bytes: bytes))
        #expect(result.errors.map(\.code) == [.notGzip], "\(caseName): a broken stream is reported alone")
        #expect(result.errors.first?.line == nil)
    }

    @Test func gzipBombStopsAtTheRatioLimit() throws {
        // 64 MiB of zeros compress to about 64 KiB: a ratio near 1000:1
        let dir = TemporaryDirectory()
        let bomb = GzipDeflater.compress([UInt8](repeating: 0, count: 64 << 20), level: 9)
        #expect(bomb.count < 100_000)
        let result = try check(dir.write("bomb.xml.gz", bytes: bomb))
        #expect(result.errors.map(\.code) == [.limitExceeded])
        #expect(result.intake.inflatedBytes < 2 << 20, "stops soon after the first MiB")
    }

    @Test func bombWithAValidPrologueIsStillD002() throws {
        let xml = "<?xml version=\"1.0\"?>\n<FeeDetailDrop xmlns=\"urn:yidi:fee-detail:1\">" + String(repeating: " ", count: 8 << 20)
        #expect(try codes(ofXML: xml) == ["D002:0"])
    }

    @Test func absoluteSizeLimits() throws {
        var limits = DropLimits()
        limits.maxInflatedBytes = 1000
        #expect(try codeNames(ofXML: Fixtures.feeDetail, limits: limits) == ["D002"])
        limits = DropLimits()
        limits.maxCompressedBytes = 100
        #expect(try codeNames(ofXML: Fixtures.feeDetail, limits: limits) == ["D002"])
    }

    @Test func missingAndUnreadableFiles() {
        #expect(throws: YidiError.self) { try check("/nonexistent/drop.xml.gz") }
        do {
            _ = try check("/nonexistent/drop.xml.gz")
        } catch {
            #expect((error as? YidiError)?.kind == .noInput)
        }
        let dir = TemporaryDirectory()
        do {
            _ = try check(dir.path)  // a directory is not a drop
            Issue.record("a directory was read as a drop")
        } catch {
            #expect((error as? YidiError)?.kind == .unreadable)  // left in the inbox; the night goes on
        }
    }

    @Test func aTruncatedDropStillNamesItsHospital() throws {
        let dir = TemporaryDirectory()
        let gz = GzipDeflater.compress(ok)
        let result = try check(dir.write("a.xml.gz", bytes: Array(gz[..<(gz.count * 2 / 3)])))
        #expect(result.errors.map(\.code) == [.notGzip])
        #expect(result.parse.header?.dropID == "H44010600001-20261124-01")
        #expect(result.parse.header?.institutionCode == "H44010600001")
    }
}
