import Foundation

/// A workspace's layout (operations.md, "Workspace").
public struct Workspace: Sendable {
    /// The workspace directory.
    public let root: String

    /// Opens the workspace at `root` without touching it.
    public init(root: String) { self.root = root }

    /// `reference/`: CSV reference data.
    public var referenceDirectory: String { root + "/reference" }
    /// `yidi.toml`: settings (optional).
    public var settingsFile: String { root + "/yidi.toml" }
    /// `inbox/`: drops arrive here.
    var inboxDirectory: String { root + "/inbox" }
    /// `reference-history/`: every version of a reference file a run used, as `<sha256>.csv`.
    var referenceHistoryDirectory: String { root + "/reference-history" }

    /// Removes the temporary files a crash left behind while writing outputs (`.name.pid.tmp`);
    /// only called with the workspace lock held.
    ///
    /// - Parameter olderThan: seconds; when other workers share the workspace, only files no
    ///   writer can still be busy with (nil: every one — the workspace lock keeps writers out).
    func removeStaleTemporaryFiles(olderThan age: TimeInterval? = nil) {
        for folder in ["outbox", "metrics", "reference-history"] {
            guard let files = FileManager.default.enumerator(atPath: root + "/" + folder) else { continue }
            for case let file as String in files where Paths.name(of: file).hasPrefix(".") && file.hasSuffix(".tmp") {
                if let age,
                    let modified = (try? FileManager.default.attributesOfItem(atPath: root + "/" + folder + "/" + file))?[.modificationDate]
                        as? Date,
                    Date().timeIntervalSince(modified) < age
                {
                    continue
                }  // unreadable attributes: removed as before
                // best effort: a temporary file left behind is ignored by every reader (hidden
                // name) and removed by the next run; it must not stop this one
                try? FileManager.default.removeItem(atPath: root + "/" + folder + "/" + file)
            }
        }
    }

    /// The folders a workspace holds.
    static let folders = [
        "reference", "inbox", "archive", "rejected", "outbox/ack", "outbox/settlement",
        "outbox/reimbursement", "outbox/clearing", "outbox/prepay", "metrics"
    ]

    /// Creates the workspace folders (existing ones are kept) and copies reference files into
    /// `reference/` unless a file of that name is already there.
    ///
    /// - Throws: ``YidiError`` with kind `io` if a folder or file cannot be written.
    public static func create(at root: String, referenceFiles: [String] = []) throws(YidiError) -> Workspace {
        let workspace = Workspace(root: root)
        let files = FileManager.default
        do {
            for folder in folders {
                try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            }
            for source in referenceFiles {
                let target = workspace.referenceDirectory + "/" + (source as NSString).lastPathComponent
                if !files.fileExists(atPath: target) { try files.copyItem(atPath: source, toPath: target) }
            }
        } catch {
            throw YidiError(.io, "cannot create the workspace at \(root): \(error.localizedDescription)")
        }
        return workspace
    }
}
