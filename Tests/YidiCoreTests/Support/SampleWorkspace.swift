import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

/// A sample workspace made by the binary, with helpers to look inside.
final class SampleWorkspace {
    let dir = TemporaryDirectory()
    var root: String { dir.path + "/ws" }
    /// The workspace's PostgreSQL database when the suites run on that ledger (``TestLedger``).
    let postgresURL: String?

    init(drops: [String] = Fixtures.samples.map(\.0), ledger: TestLedger = .current) throws {
        let root = dir.path + "/ws"
        let out = try YidiBinary.run(["init", root, "--sample"])
        precondition(out.status == 0, out.stderr)
        if ledger == .postgres {
            let url = try TestLedger.makeDatabase()
            postgresURL = url
            try "ledger = \"\(url)\"\n".write(toFile: root + "/yidi.toml", atomically: true, encoding: .utf8)
        } else {
            postgresURL = nil
        }
        for name in drops { try copySample(name) }
    }

    deinit {
        if let postgresURL { TestLedger.dropDatabase(postgresURL) }
    }

    func copySample(_ name: String, as target: String? = nil) throws {
        try FileManager.default.copyItem(
            atPath: Fixtures.repository + "/SampleDrops/" + name,
            toPath: root + "/inbox/" + (target ?? name))
    }

    func put(_ name: String, xml: String) {
        #expect(FileManager.default.createFile(atPath: root + "/inbox/" + name, contents: Data(GzipDeflater.compress(Array(xml.utf8)))))
    }

    func yidi(_ arguments: [String], environment: [String: String] = [:]) throws -> YidiBinary.Output {
        try YidiBinary.run(arguments + ["--workspace", root], environment: environment)
    }

    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: root + "/" + folder)) ?? [])
            .filter { !$0.hasSuffix("/") && !FileManager.default.directoryExists(root + "/" + folder + "/" + $0) }.sorted()
    }

    /// The workspace's ledger, whichever it is.
    func ledger() throws -> any ClearingLedger {
        if let postgresURL { return try PostgresLedger(url: postgresURL) }
        return try SQLiteLedger(path: root + "/ledger.sqlite")
    }

    /// The workspace's SQLite ledger (the suites that look at SQLite itself).
    func sqliteLedger() throws -> SQLiteLedger { try SQLiteLedger(path: root + "/ledger.sqlite") }

    func ack(_ relative: String) throws -> AckFile { try AckFile(path: root + "/" + relative) }
}

extension FileManager {
    func directoryExists(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
