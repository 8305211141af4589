import Foundation

@testable import YidiCore

/// Runs the built `yidi` binary (next to the test bundle) and captures what it prints.
enum YidiBinary {
    /// Set by `scripts/sanitize`: memory bounds do not hold under AddressSanitizer.
    static let sanitized = ProcessInfo.processInfo.environment["YIDI_SANITIZER"] != nil

    static var path: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        for candidate in [dir, URL(fileURLWithPath: Fixtures.repository + "/.build/debug")] {
            let file = candidate.appendingPathComponent("yidi").path
            if FileManager.default.isExecutableFile(atPath: file) { return file }
        }
        return dir.appendingPathComponent("yidi").path
    }

    /// Starts yidi without waiting for it, its output discarded.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether a signal ended the process (then `status` is the signal).
        var killed = false
    }

    /// Runs yidi with output discarded and returns its exit status and its own peak RSS in KiB.
    ///
    /// A small Python process starts yidi and reads its children's peak RSS: started straight
    /// from this (large) test process, the child's peak would include ours (Linux carries the
    /// parent's high-water mark across a vfork+exec).
    static func runMeasuringPeakRSS(_ arguments: [String]) throws -> (status: Int32, peakKB: Int) {
        let script = """
            import resource, subprocess, sys
            rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
            print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let out = try run(["-c", script, path] + arguments, executable: "/usr/bin/env", prefix: ["python3"])
        let fields = out.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 2 else { throw CocoaError(.executableLoad) }
        return (Int32(fields[0]), fields[1])
    }

    static func run(
        _ arguments: [String], in directory: String? = nil, executable: String? = nil,
        prefix: [String] = [], environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = prefix + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), killed: process.terminationReason == .uncaughtSignal)
    }
}
