import Foundation

/// `postgres://USER@HOST:PORT/DB` as `yidi.toml` or `--to` names a PostgreSQL ledger. The
/// password is never part of it (operations.md): it comes from `PGPASSWORD` or `~/.pgpass`.
struct PostgresURL: Equatable {
    var user: String
    var host: String
    var port: Int
    var database: String

    /// Parses the URL; a password in it, a missing user or database, or anything after the
    /// database (`?sslmode=…`) is refused (78).
    init(_ url: String) throws(YidiError) {
        func refuse(_ why: String) -> YidiError {
            YidiError(.config, "ledger \(LedgerLocation.postgres(url: url).printable): \(why); expected postgres://USER@HOST:PORT/DB")
        }
        guard let scheme = url.firstRange(of: "://") else { throw refuse("not a URL") }
        let rest = url[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { throw refuse("no user") }
        let user = String(rest[..<at])
        guard !user.isEmpty else { throw refuse("no user") }
        guard !user.contains(":") else {
            throw refuse("a password in the URL is refused (set PGPASSWORD or ~/.pgpass)")
        }
        let hostPart = rest[rest.index(after: at)...]
        guard let slash = hostPart.firstIndex(of: "/") else { throw refuse("no database") }
        let database = String(hostPart[hostPart.index(after: slash)...])
        guard !database.isEmpty, !database.contains("?"), !database.contains("/") else { throw refuse("no plain database name") }
        let hostPort = hostPart[..<slash]
        if let colon = hostPort.lastIndex(of: ":") {
            guard let port = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(port) else { throw refuse("bad port") }
            self.port = port
            host = String(hostPort[..<colon])
        } else {
            port = 5432
            host = String(hostPort)
        }
        guard !host.isEmpty else { throw refuse("no host") }
        self.user = user.removingPercentEncoding ?? user
        self.database = database.removingPercentEncoding ?? database
    }

    /// The URL as it may be printed.
    var printable: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// `PGPASSWORD`, else the first matching line of `PGPASSFILE` or `~/.pgpass`
    /// (`host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped), else nil.
    func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let file = environment["PGPASSFILE"] ?? (environment["HOME"].map { $0 + "/.pgpass" } ?? "")
        guard !file.isEmpty, let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return nil  // no password file is the common case: the server may not ask for one
        }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = Self.fields(of: line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A `.pgpass` line's fields, with `\:` and `\\` unescaped.
    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for c in line {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
