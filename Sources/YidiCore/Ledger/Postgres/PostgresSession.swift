import Logging
import NIOCore
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A value bound to, or read from, a PostgreSQL statement: the ledger stores integers (fen,
/// counts, ids) and text only.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    /// Text, or NULL for nil.
    static func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
    /// An integer, or NULL for nil.
    static func int(_ i: Int64?) -> SQLValue { i.map(SQLValue.int) ?? .null }
    static func int(_ i: Int) -> SQLValue { .int(Int64(i)) }
}

/// One column of a batch of rows, bound as one array parameter (`bigint[]` or `text[]`, its
/// NULLs kept): a batch then costs the server as many parameters as it has columns, whatever
/// its number of rows.
enum SQLColumn: Sendable, Equatable {
    case ints([Int64?])
    case texts([String?])
}

/// A parameter of a statement: one value, or one column of a batch.
enum SQLParameter: Sendable, Equatable {
    case value(SQLValue)
    case column(SQLColumn)
}

/// One row of a result, by column name or position.
struct SQLRow: Sendable {
    let names: [String]
    let values: [SQLValue]

    subscript(_ i: Int) -> SQLValue { values[i] }
    subscript(_ name: String) -> SQLValue {
        guard let i = names.firstIndex(of: name) else { preconditionFailure("no column \(name)") }
        return values[i]
    }

    func int(_ i: Int) -> Int64 { if case .int(let v) = values[i] { return v } else { return 0 } }
    func int(_ name: String) -> Int64 { if case .int(let v) = self[name] { return v } else { return 0 } }
    func optionalInt(_ name: String) -> Int64? { if case .int(let v) = self[name] { return v } else { return nil } }
    func text(_ i: Int) -> String { if case .text(let v) = values[i] { return v } else { return "" } }
    func text(_ name: String) -> String { if case .text(let v) = self[name] { return v } else { return "" } }
    func optionalText(_ i: Int) -> String? { if case .text(let v) = values[i] { return v } else { return nil } }
    func optionalText(_ name: String) -> String? { if case .text(let v) = self[name] { return v } else { return nil } }
}

/// One connection to the PostgreSQL ledger, driven synchronously from the calling thread (the
/// pipeline is thread-based: each call waits on postgres-nio's future, never on an event-loop
/// thread). The only file that touches postgres-nio and NIO.
///
/// Every failure becomes a ``YidiError``: a lost or refused connection, a server shutting down
/// or a statement that gets no answer within ``deadlineSeconds`` is 75 (run again: the drop in hand was
/// rolled back by the server); anything else is 74 with the server's SQLSTATE and message.
final class PostgresSession {
    private let connection: PostgresConnection
    private let logger: Logger
    /// The server as it may be printed (no password).
    let place: String
    /// How long one statement may take before the connection is given up (a cut link must not
    /// hang a night: the server rolls the transaction back when the connection goes).
    var deadlineSeconds = PostgresSession.defaultDeadline

    /// `YIDI_PG_STATEMENT_TIMEOUT` (seconds), 120 by default.
    private static var defaultDeadline: Int {
        getenv("YIDI_PG_STATEMENT_TIMEOUT").flatMap { Int(String(cString: $0)) } ?? 120
    }

    /// Connects to `url` (`postgres://USER@HOST:PORT/DB`); the password comes from
    /// `PGPASSWORD` or `~/.pgpass`, never from the URL.
    init(url: String) throws(YidiError) {
        let target = try PostgresURL(url)
        place = target.printable
        var logger = Logger(label: "yidi.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user,
            password: target.password(), database: target.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.mapped(error, place: place)
        }
    }

    deinit {
        // closing a connection that already failed reports that failure again: nothing to do then
        let closing: EventLoopFuture<Void> = connection.close()
        _ = try? closing.wait()
    }

    /// Runs one statement with `?`-free, `$n`-numbered parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws(YidiError) -> [SQLRow] {
        try query(sql, parameters: values.map(SQLParameter.value))
    }

    /// Runs one statement whose parameters `$1…$n` are values or columns of a batch.
    @discardableResult
    func query(_ sql: String, parameters: [SQLParameter]) throws(YidiError) -> [SQLRow] {
        var binds = PostgresBindings(capacity: parameters.count)
        for parameter in parameters {
            switch parameter {
            case .value(.int(let i)): binds.append(i)
            case .value(.text(let s)): binds.append(s)
            case .value(.null): binds.appendNull()
            case .column(let column): binds.append(column)
            }
        }
        return try run(sql, binds)
    }

    private func run(_ sql: String, _ binds: PostgresBindings) throws(YidiError) -> [SQLRow] {
        // a closed connection takes a query and never answers it (postgres-nio writes into the
        // closed channel): fail at once instead
        guard !connection.isClosed else {
            throw YidiError(.tempFail, "ledger \(place): the connection is gone; the drop in hand was rolled back")
        }
        let connection = self.connection
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).cascade(to: answer)
        let timer = connection.eventLoop.scheduleTask(in: .seconds(Int64(deadlineSeconds))) {
            // no answer in time: the link is cut or the server hangs; give the connection up
            answer.fail(YidiError(.tempFail, "ledger \(self.place): no answer within \(self.deadlineSeconds) s; connection given up"))
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { timer.cancel() }
        do {
            let result = try answer.futureResult.wait()
            return try result.map(Self.row)
        } catch {
            throw Self.mapped(error, place: place)
        }
    }

    /// Runs statements without parameters (a migration, `BEGIN`).
    func execute(_ sql: String) throws(YidiError) {
        try query(sql)
    }

    /// Whether the connection is gone (a failure earlier closed it).
    var isClosed: Bool { connection.isClosed }

    private static func row(_ row: PostgresRow) throws -> SQLRow {
        var names: [String] = []
        var values: [SQLValue] = []
        names.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for cell in row {
            names.append(cell.columnName)
            guard cell.bytes != nil else { values.append(.null); continue }
            switch cell.dataType {
            case .int8: values.append(.int(try cell.decode(Int64.self)))
            case .int4, .int2: values.append(.int(Int64(try cell.decode(Int.self))))
            case .bool: values.append(.int(try cell.decode(Bool.self) ? 1 : 0))
            default: values.append(.text(try cell.decode(String.self)))
            }
        }
        return SQLRow(names: names, values: values)
    }

    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// A failure as a command reports it.
    static func mapped(_ error: any Error, place: String) -> YidiError {
        if let yidi = error as? YidiError { return yidi }
        guard let psql = error as? PSQLError else {
            return YidiError(.tempFail, "ledger \(place): connection failed: \(error)")
        }
        if let info = psql.serverInfo {
            let state = info[.sqlState] ?? "?"
            let message = info[.message] ?? "\(psql.code)"
            // 57P01-03: the server is shutting down or restarting; 08: connection exceptions
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                return YidiError(.tempFail, "ledger \(place): the server ended the connection (SQLSTATE \(state)): \(message)")
            }
            var failure = YidiError(.io, "ledger \(place): PostgreSQL error \(state): \(message)")
            failure.sqlState = state
            return failure
        }
        return YidiError(.tempFail, "ledger \(place): connection lost (\(psql.code)); the drop in hand was rolled back")
    }
}

/// A batch column in PostgreSQL's binary array format: one dimension from 1, each element its
/// length (-1 for NULL) and its bytes (a `bigint` big-endian).
extension SQLColumn: PostgresDynamicTypeEncodable {
    var psqlType: PostgresDataType {
        switch self {
        case .ints: .int8Array
        case .texts: .textArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout NIOCore.ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        switch self {
        case .ints(let values):
            Self.header(count: values.count, hasNull: values.contains(nil), element: .int8, into: &buffer)
            for value in values {
                guard let value else { buffer.writeInteger(-1, as: Int32.self); continue }
                buffer.writeInteger(8, as: Int32.self)
                buffer.writeInteger(value, as: Int64.self)
            }
        case .texts(let values):
            Self.header(count: values.count, hasNull: values.contains(nil), element: .text, into: &buffer)
            for value in values {
                guard let value else { buffer.writeInteger(-1, as: Int32.self); continue }
                buffer.writeInteger(Int32(value.utf8.count), as: Int32.self)
                buffer.writeString(value)
            }
        }
    }

    private static func header(count: Int, hasNull: Bool, element: PostgresDataType, into buffer: inout NIOCore.ByteBuffer) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(hasNull ? 1 : 0, as: Int32.self)
        buffer.writeInteger(element.rawValue, as: UInt32.self)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)  // lower bound
    }
}
