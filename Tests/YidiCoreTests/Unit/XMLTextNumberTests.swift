import CZlib
import Testing

@testable import YidiCore

@Suite("Outbox: numbers written as bytes read as their descriptions")
struct XMLTextNumberTests {
    @Test func amountsAsBytesEqualTheirDescription() {
        var values: [Int128] = [
            0, 1, -1, 9, 10, 99, 100, -100, 101, 12_345, -5, Int128(Int64.max), -Int128(Int64.max),
            Int128(Int64.max) * 1000 + 7, -(Int128(UInt64.max) + 1)
        ]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {  // xorshift: every magnitude from 1 to 19 digits, both signs
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            let digits = Int(x % 19) + 1
            var v: Int128 = Int128(x % 10)
            for _ in 1..<digits { v = v * 10 + Int128((x >> 5) % 10) }
            values.append(x & 1 == 0 ? v : -v)
        }
        for fen in values {
            var x = XMLText(declaration: false)
            x.element("a", amount: Amount(fen: fen))
            let runtimeName = "b"
            x.element(runtimeName, amount: Amount(fen: fen))
            #expect(x.text == "<a>\(Amount(fen: fen).description)</a>\n<b>\(Amount(fen: fen).description)</b>\n", "\(fen)")
        }
    }

    @Test func feeLinesAsBytes() {
        var x = XMLText(declaration: false, depth: 0)
        let time = LocalDateTime(date: LocalDate(year: 2025, month: 1, day: 9)!, hour: 7, minute: 5, second: 0)!
        x.element("fee_ocur_time", time: time)
        x.element("amt", amount: Amount(fen: -7))
        x.element("feedetl_sn", text: "a<b&\"c\">")
        #expect(
            x.text
                == "<fee_ocur_time>2025-01-09T07:05:00</fee_ocur_time>\n<amt>-0.07</amt>\n<feedetl_sn>a&lt;b&amp;&quot;c&quot;&gt;</feedetl_sn>\n"
        )
    }
}
