import Foundation
import Testing

@testable import YidiCore

@Suite("yidi validate and init, as an operator runs them", .serialized)
struct CommandLineTests {
    let samples = Fixtures.repository + "/SampleDrops"

    @Test func validSamplesPrintOnlyTheirSummaryAndExitZero() throws {
        let valid = Fixtures.samples.filter { $0.1.isEmpty }.map(\.0)
        let out = try YidiBinary.run(["validate", "--lang", "en"] + valid, in: samples)
        #expect(out.status == 0)
        #expect(out.stdout.split(separator: "\n").count == valid.count)
        #expect(out.stdout.split(separator: "\n").allSatisfy { $0.contains(": valid (") })
        // without a workspace it says plainly what was not checked, once, on stderr
        #expect(out.stderr.split(separator: "\n").count == 1 && out.stderr.contains("only the drop format was checked"))
        let ws = try SampleWorkspace(drops: [])
        let checked = try YidiBinary.run(["validate", "--lang", "en", "--workspace", ws.root] + valid, in: samples)
        #expect(checked.status == 0 && checked.stderr.isEmpty)
    }

    @Test func brokenSamplesPrintFileLineCode() throws {
        let dir = TemporaryDirectory()
        #expect(try YidiBinary.run(["init", dir.path, "--sample"]).status == 0)
        for (file, want) in Fixtures.samples where !want.isEmpty {
            let out = try YidiBinary.run(["validate", "--lang", "en", "--workspace", dir.path, file], in: samples)
            #expect(out.status == 65, "\(file)")
            let errorLines = out.stdout.split(separator: "\n").filter { !$0.contains(": invalid (") }
            let got = errorLines.map { line -> String in
                let parts = line.split(separator: ":", maxSplits: 2)
                return parts.count == 3 ? "\(parts[2].dropFirst().prefix(4)):\(parts[1])" : String(line)
            }
            #expect(got == want, "\(file)")
            #expect(errorLines.allSatisfy { $0.hasPrefix(file + ":") })
        }
    }

    @Test func jsonOutputAndMissingFiles() throws {
        let out = try YidiBinary.run(
            ["validate", "--lang", "en", "--json", "2025-11-21-H44030400002-18-D006-line-count.xml.gz"], in: samples)
        #expect(out.status == 65)
        let array = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]]
        let first = try #require(array?.first)
        #expect(first["code"] as? String == "D006" && first["line"] as? Int == 3)
        let expected = try #require(Int(first["expected"] as? String ?? ""))
        #expect(first["field"] as? String == "line_cnt" && first["found"] as? String == String(expected + 1))
        #expect(first["file"] as? String == "2025-11-21-H44030400002-18-D006-line-count.xml.gz")

        let missing = try YidiBinary.run(
            ["validate", "--lang", "en", "no-such-drop.xml.gz", "2025-10-05-H11010200001-01.xml.gz"], in: samples)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no-such-drop.xml.gz"))
        #expect(missing.stdout.contains("2025-10-05-H11010200001-01.xml.gz: valid"), "the other files are still checked")

        let valid = try YidiBinary.run(["validate", "--lang", "en", "--json", "2025-10-05-H11010200001-01.xml.gz"], in: samples)
        #expect(valid.status == 0 && valid.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func validateWithABrokenWorkspaceExits78() throws {
        let dir = TemporaryDirectory()
        #expect(try YidiBinary.run(["init", dir.path, "--sample"]).status == 0)
        _ = dir.write("yidi.toml", bytes: Array("colour = \"blue\"\n".utf8))
        let out = try YidiBinary.run(["validate", "--lang", "en", "--workspace", dir.path, samples + "/2025-10-05-H11010200001-01.xml.gz"])
        #expect(out.status == 78 && out.stderr.contains("yidi.toml:1: unknown key colour"))
        try FileManager.default.removeItem(atPath: dir.path + "/yidi.toml")
        try FileManager.default.removeItem(atPath: dir.path + "/reference/catalog.csv")
        let missing = try YidiBinary.run([
            "validate", "--lang", "en", "--workspace", dir.path, samples + "/2025-10-05-H11010200001-01.xml.gz"
        ])
        #expect(missing.status == 78 && missing.stderr.contains("catalog.csv"))
    }

    @Test func initCreatesASampleWorkspace() throws {
        let dir = TemporaryDirectory()
        let out = try YidiBinary.run(["init", dir.path + "/ws", "--sample"])
        #expect(out.status == 0)
        for folder in ["reference", "inbox", "archive", "rejected", "outbox/ack", "metrics"] {
            var isDir: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: dir.path + "/ws/" + folder, isDirectory: &isDir) && isDir.boolValue)
        }
        let reference = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/ws/reference").sorted()
        #expect(
            reference == [
                "calendar.csv", "catalog.csv", "chronic_diseases.csv", "institutions.csv", "mapping.csv",
                "policies.csv", "provinces.csv"
            ])
    }

    @Test func memoryStaysFlatOnALargeDrop() throws {
        // about 100 MB inflated; RSS must not grow with the drop
        let dir = TemporaryDirectory()
        let drop = dir.path + "/large.xml.gz"
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: Fixtures.repository + "/scripts/gen-drops")
        gen.arguments = ["large", "--out", drop, "--settlements", "20000"]
        gen.standardOutput = FileHandle.nullDevice
        try gen.run()
        gen.waitUntilExit()
        #expect(gen.terminationStatus == 0)
        let (status, peakKB) = try YidiBinary.runMeasuringPeakRSS(["validate", drop])
        #expect(status == 0)
        #expect(YidiBinary.sanitized || peakKB / 1024 < 100, "peak RSS \(peakKB / 1024) MB")
        #expect(try YidiBinary.run(["init", dir.path + "/ws", "--sample"]).status == 0)
        let (ruled, ruledKB) = try YidiBinary.runMeasuringPeakRSS(["validate", "--workspace", dir.path + "/ws", drop])
        #expect(ruled == 0, "the generated drop passes every rule")
        #expect(YidiBinary.sanitized || ruledKB / 1024 < 100, "peak RSS with the rules \(ruledKB / 1024) MB")
    }
}
