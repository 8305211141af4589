#if canImport(Glibc)
    import Glibc
#endif

/// What waits in `inbox/`: the drops (regular `*.xml.gz` files, not hidden; an entry that is
/// no file is counted unreadable by the run instead) by count and bytes, and when the
/// oldest of them arrived (its modification time), for `yidi status` and the metrics.
public struct InboxBacklog: Sendable, Equatable {
    public var files = 0
    public var bytes: Int64 = 0
    /// Unix time of the oldest drop's modification, nil when there is none.
    public var oldest: Int64?

    /// The inbox as it is now; an inbox that cannot be listed reads as empty (the run that
    /// processes it reports why).
    public static func read(_ workspace: Workspace) -> InboxBacklog {
        var backlog = InboxBacklog()
        let inbox = workspace.inboxDirectory
        for entry in Paths.entries(of: inbox) ?? [] where entry.type == .regular && entry.hasDropName {
            var info = stat()
            guard lstat(inbox + "/" + entry.name, &info) == 0 else { continue }  // gone meanwhile
            backlog.files += 1
            backlog.bytes += Int64(info.st_size)
            backlog.oldest = min(backlog.oldest ?? Int64.max, Int64(info.st_mtim.tv_sec))
        }
        return backlog
    }

    /// `3 files, 1.2 MB, the oldest 2h05m old` (relative to `now`, Unix time).
    public func text(now: Int64, _ language: Language) -> String {
        guard let oldest else { return Phrase(zh: "空", en: "empty").text(in: language) }
        let age = max(0, now - oldest)
        let megabytes = Double(bytes) / 1_000_000
        let size =
            megabytes >= 0.1 ? "\((megabytes * 10).rounded() / 10) MB" : Phrase(zh: "\(bytes) 字节", en: "\(bytes) bytes").text(in: language)
        let hm = "\(age / 3600)h\(String(age / 60 % 60).leftPadded(2))m"
        return Phrase(
            zh: "\(files) 个文件，\(size)，最早的已等待 \(hm)",
            en: "\(files) file\(files == 1 ? "" : "s"), \(size), the oldest \(hm) old"
        ).text(in: language)
    }
}
