import Foundation
import Testing

@testable import YidiCore

/// docs/alerts.yml names only series that yidi writes, known ones present at 0 from the start.
@Suite("Example alert rules against a metrics file yidi wrote")
struct MetricsAlertTests {
    @Test func everySeriesTheRulesNameIsInTheMetricsFile() throws {
        let ws = try SampleWorkspace(drops: ["2025-10-05-H11010200001-01.xml.gz"])
        #expect(try ws.yidi(["run"]).status == 0)
        let metrics = try String(contentsOfFile: ws.root + "/metrics/yidi.prom", encoding: .utf8)
        let rules = try String(contentsOfFile: Fixtures.repository + "/docs/alerts.yml", encoding: .utf8)
        let named = Set(rules.matches(of: /yidi_[a-z_]+/).map { String($0.output) })
        #expect(named.count >= 6)
        for name in named {
            #expect(metrics.split(separator: "\n").contains { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }, "\(name)")
        }
        // the selectors the rules use find their series
        #expect(metrics.contains("yidi_last_success_timestamp_seconds{command=\"run\"}"))
        #expect(metrics.contains("yidi_last_exit_status{command=\"run\"} 0"))
        #expect(metrics.contains("yidi_drops_total{kind=\"recon-feedback\",outcome=\"rejected\"} 0"), "known series at 0")
        #expect(metrics.contains("yidi_recon_entries_total{state=\"excluded\"} 0"))
        #expect(metrics.contains("yidi_command_duration_seconds{command=\"run\"}"))
    }
}
