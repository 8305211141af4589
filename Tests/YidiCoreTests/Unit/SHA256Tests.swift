import Foundation
import Testing

@testable import YidiCore

@Suite("SHA-256 against the NIST vectors")
struct SHA256Tests {
    private func hex(_ bytes: [UInt8]) -> String {
        var h = SHA256()
        h.update(bytes)
        return h.finalizeHex()
    }

    @Test func nistVectors() {
        #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("chunking never changes the digest", arguments: [1, 3, 63, 64, 65, 127, 1000])
    func chunked(size: Int) {
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var h = SHA256()
        var i = 0
        while i < data.count {
            h.update(Array(data[i..<min(i + size, data.count)]))
            i += size
        }
        #expect(h.finalizeHex() == hex(data))
    }

    @Test func paddingBoundaries() {
        // lengths around the 56-byte padding boundary, against the system's sha256sum
        for length in [55, 56, 57, 63, 64, 119, 120] {
            let data = [UInt8](repeating: 0x61, count: length)
            let dir = TemporaryDirectory()
            let path = dir.write("x", bytes: data)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            process.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(String(out.prefix(64)) == hex(data), "length \(length)")
        }
    }
}
