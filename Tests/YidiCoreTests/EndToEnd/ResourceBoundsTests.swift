import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("Hostile drops finish in seconds and under a memory bound", .serialized, .tags(.timing))
struct ResourceBoundsTests {
    /// Builds a hostile drop, runs `yidi validate` on it and checks its code, time and peak RSS.
    private func check(_ name: String, code: String, _ bytes: [UInt8], level: Int32 = 9) throws {
        let dir = TemporaryDirectory()
        let path = dir.write(name, bytes: GzipDeflater.compress(bytes, level: level))
        let start = Date()
        let (status, peakKB) = try YidiBinary.runMeasuringPeakRSS(["validate", path])
        let seconds = Date().timeIntervalSince(start)
        #expect(status == 65, "\(name)")
        #expect(YidiBinary.sanitized || seconds < 10, "\(name) took \(seconds) s")
        #expect(YidiBinary.sanitized || peakKB / 1024 < 100, "\(name) peaked at \(peakKB / 1024) MB")
        let out = try YidiBinary.run(["validate", "--json", path])
        let codes = (try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []).compactMap {
            $0["code"] as? String
        }
        #expect(codes.contains(code), "\(name): \(codes)")
    }

    static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FeeDetailDrop xmlns=\"urn:yidi:fee-detail:1\">\n<header>\n"

    @Test func aGzipBombOf64MiB() throws {
        try check("bomb.xml.gz", code: "D002", Array(Self.head.utf8) + [UInt8](repeating: 0x20, count: 64 << 20))
    }

    @Test func a100MBTextNodeOfRandomLetters() throws {
        // random letters do not compress past the ratio limit: the text-node limit stops the read
        var letters = [UInt8](repeating: 0, count: 100_000_000)
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        letters.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                x ^= x << 13
                x ^= x >> 7
                x ^= x << 17
                buffer[i] = 0x61 &+ UInt8(truncatingIfNeeded: x % 26)
            }
        }
        try check("text.xml.gz", code: "D004", Array((Self.head + "<drop_id>").utf8) + letters, level: 1)
    }

    @Test func fiftyThousandNestedElements() throws {
        let deep = String(repeating: "<x>", count: 50_000) + String(repeating: "</x>", count: 50_000)
        try check("deep.xml.gz", code: "D004", Array((Self.head + deep).utf8))
    }

    @Test func billionLaughs() throws {
        var entities = "<!ENTITY a0 \"lol\">"
        for i in 1...12 { entities += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">" }
        let xml =
            "<?xml version=\"1.0\"?><!DOCTYPE FeeDetailDrop [\(entities)]><FeeDetailDrop xmlns=\"urn:yidi:fee-detail:1\">&a12;</FeeDetailDrop>"
        try check("laughs.xml.gz", code: "D003", Array(xml.utf8))
    }
}
