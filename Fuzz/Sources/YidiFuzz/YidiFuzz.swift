import Foundation
import YidiCore
import YidiTestSupport

/// The sample reference data, loaded once: the rules run on every input too.
private let reference: ReferenceData? = {
    let path = ProcessInfo.processInfo.environment["YIDI_FUZZ_REFERENCE"] ?? "Sources/yidi/Resources/sample"
    return try? ReferenceData.load(directory: path)
}()

private let scratch = NSTemporaryDirectory() + "/yidi-fuzz-\(getpid()).xml.gz"

/// One input is one drop file (gzip or not), checked like `yidi validate --workspace`.
private func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // Inputs are XML (compressed here, so that mutations reach the parser and the rules) or,
    // when they start with the gzip magic, gzip streams as they are (to reach intake's checks).
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = size >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B ? bytes : GzipDeflater.compress(bytes, level: 1)
    FileManager.default.createFile(atPath: scratch, contents: Data(file))
    var limits = DropLimits()
    limits.maxInflatedBytes = 64 << 20  // keep each run short; the limits themselves are tested elsewhere
    guard let result = try? DropCheck(limits: limits, reference: reference).run(path: scratch) else { return 0 }
    // a header value that names paths (the acknowledgement's folder and file, rejected/,
    // archive/) is a code that cannot leave its folder or hide: anything else is a finding
    if let header = result.parse.header, let id = header.trustedDropID {
        let allowed = id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
        guard allowed, let first = id.utf8.first, ![UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")].contains(first),
            id.hasPrefix(header.institutionCode + "-"), !header.institutionCode.hasPrefix("."), !header.institutionCode.hasPrefix("_")
        else { fatalError("a drop_id or fixmedins_code that may not name a path was trusted: \(id.debugDescription)") }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct YidiFuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv) { data, size in fuzz(data, size) })
    }
}
