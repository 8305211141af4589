import Foundation
import Testing

@testable import YidiCore

@Suite("yidi.toml")
struct SettingsTests {
    @Test func keysAndDefaults() throws {
        let s = try Settings.parse(
            """
            # settings
            ledger = "sqlite:ledger.sqlite"   # embedded
            log_level = "warning"
            metrics = ""

            [limits]
            max_ratio = 100
            max_compressed_bytes = 1_073_741_824
            """, file: "yidi.toml")
        #expect(s.logLevel == "warning" && s.metrics == "" && s.limits.maxRatio == 100)
        #expect(s.limits.maxCompressedBytes == 1 << 30 && s.limits.maxDepth == 16)
        #expect(try Settings.parse("", file: "x") == Settings())
    }

    @Test(
        "refused settings",
        arguments: [
            "unknown = 1", "[limits]\nmax_depth = 0", "[limits]\nmax_depth = -5", "[other]", "log_level = \"loud\"",
            "ledger = sqlite", "[limits]\nmax_ratio = \"200\"", "just text"
        ])
    func refused(text: String) {
        #expect(throws: YidiError.self) { try Settings.parse(text, file: "yidi.toml") }
    }
}
