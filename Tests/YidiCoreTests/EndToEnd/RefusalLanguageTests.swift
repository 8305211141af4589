import Foundation
import Testing

@testable import YidiCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Refusals an operator acts on are said in the workspace's language too.
@Suite struct RefusalLanguageTests {
    @Test func aRefusalIsChineseByDefaultAndEnglishWhenSet() throws {
        let ws = try SampleWorkspace(drops: [])
        let zh = try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-10-31"])
        #expect(zh.status == 65 && zh.stderr == "yidi: 拒绝执行：期间 2025-10 在 2025-10-31 尚未结束：自 2025-11-01 起方可关账\n", "\(zh.stderr)")
        let settings = ws.root + "/yidi.toml"
        let old = (try? String(contentsOfFile: settings, encoding: .utf8)) ?? ""
        try (old + "\nlanguage = \"en\"\n").write(toFile: settings, atomically: true, encoding: .utf8)
        let en = try ws.yidi(["clear", "--period", "2025-10", "--date", "2025-10-31"])
        #expect(
            en.status == 65 && en.stderr == "yidi: refused: period 2025-10 is not over on 2025-10-31: it can be closed from 2025-11-01\n",
            "\(en.stderr)")
        let status = try ws.yidi(["status", "NOPE-1", "--lang", "zh-CN"])
        #expect(status.status == 66 && status.stderr.contains("账本中没有数据包 NOPE-1"), "--lang wins over the setting")
    }
}
