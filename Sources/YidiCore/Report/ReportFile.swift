/// Where a report goes: written whole or not at all, replacing an earlier report of the month.
public enum ReportFile {
    /// Writes `page` to `path` atomically, creating its folder.
    public static func write(_ page: String, to path: String) throws(YidiError) {
        try AtomicFile.write(path, existing: .replace, text: page)
    }
}
