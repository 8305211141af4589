#if canImport(Glibc)
    import Glibc
#endif

/// `reference-history/`: a copy of every version of a reference file a run used, named by the
/// SHA-256 the run recorded (`<sha256>.csv`), so that a record accepted under last year's
/// catalog is still explained by the rows that classified it (`yidi explain`).
enum ReferenceHistory {
    /// Where the version with `sha256` is kept.
    static func path(sha256: String, in workspace: Workspace) -> String {
        workspace.referenceHistoryDirectory + "/" + sha256 + ".csv"
    }

    /// Keeps a copy of each file `reference` was loaded from, unless that version is kept
    /// already. A file whose bytes changed since it was loaded is not kept under the old hash
    /// (the copy is checked against it as it is written): that version is then missing from
    /// the history, and `explain` says so.
    ///
    /// - Throws: ``YidiError`` (74) when a copy cannot be written.
    static func keep(_ reference: ReferenceData, directory: String, in workspace: Workspace) throws(YidiError) {
        for (file, sha256) in reference.fileHashes {
            let target = path(sha256: sha256, in: workspace)
            guard !Paths.exists(target) else { continue }
            let source = directory + "/" + file
            let fd: Int32
            switch FileType.openRegular(source, followLinks: true) {
            case .success(let opened): fd = opened
            case .failure(let failure): throw YidiError(.io, "\(source): \(failure.message)")
            }
            defer { close(fd) }
            do throws(YidiError) {
                try AtomicFile.write(target) { (write) throws(YidiError) in
                    var hash = SHA256()
                    try Paths.forEachChunk(of: fd, path: source) { (chunk) throws(YidiError) in
                        hash.update(chunk)
                        try write(chunk)
                    }
                    guard hash.finalizeHex() == sha256 else { throw YidiError(.noInput, "\(source) changed since it was loaded") }
                }
            } catch  where error.kind == .noInput {
                // the file was replaced between loading and copying: the version the run uses
                // is not on disk any more, and a copy under its hash would be a different file
                continue
            }
        }
    }

    /// Which version of each file a run recorded is where, and how it stands against today's
    /// `reference/`.
    static func sources(recorded: [(file: String, sha256: String)], in workspace: Workspace) -> [ReferenceVersion] {
        recorded.map { file, sha256 in
            let today = workspace.referenceDirectory + "/" + file
            // an unreadable file today is a changed one: the archived copy, if any, is read instead
            let todaysHash = (try? FileHash.sha256(of: today)) ?? ""
            if todaysHash == sha256 { return ReferenceVersion(file: file, recorded: sha256, path: today, state: .unchanged) }
            let kept = path(sha256: sha256, in: workspace)
            if Paths.exists(kept) { return ReferenceVersion(file: file, recorded: sha256, path: kept, state: .archived) }
            return ReferenceVersion(file: file, recorded: sha256, path: today, state: .changed)
        }
    }
}

/// A reference file as a run recorded it, and where `explain` reads that version.
public struct ReferenceVersion: Sendable, Equatable {
    /// How the version a run used can be read today.
    public enum State: String, Sendable {
        /// Today's file is the one the run used.
        case unchanged
        /// Today's file differs; the run's version is read from `reference-history/`.
        case archived
        /// Today's file differs and the run's version was not kept: today's rows are shown,
        /// possibly different from those the run used.
        case changed
    }

    public var file: String
    /// The SHA-256 the run recorded.
    public var recorded: String
    /// Where it is read.
    public var path: String
    public var state: State
}
