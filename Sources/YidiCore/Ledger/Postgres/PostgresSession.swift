import Logging
import NIOCore
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

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

    /// The type its placeholder is cast to in a prepared statement (nil: a NULL, the context's).
    var castType: String? {
        switch self {
        case .value(.int): "bigint"
        case .value(.text): "text"
        case .value(.null): nil
        case .column(.ints): "bigint[]"
        case .column(.texts): "text[]"
        }
    }
}

/// One connection to the PostgreSQL ledger, driven synchronously from the calling thread (the
/// pipeline is thread-based: each call waits on postgres-nio's future, never on an event-loop
/// thread). The only file that touches postgres-nio and NIO.
///
/// Every failure becomes a ``YidiError``: a lost or refused connection, a server shutting down
/// or a statement that gets no answer within ``deadlineSeconds`` is 75 (run again: the transaction in hand was
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
        try checkOpen()
        let result = try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(parameters)), logger: logger))
        do { return try result.map { try Self.row($0, binary: false) } } catch { throw Self.mapped(error, place: place) }
    }

    /// Sends one statement as ``query(_:parameters:)`` does and returns at once: its rows (or
    /// its failure, or ``deadlineSeconds`` without an answer) arrive later, on the connection's
    /// thread. Statements sent after it on this connection run after it, and see what it
    /// committed.
    func send(_ sql: String, parameters: [SQLParameter]) -> Pending<Result<[SQLRow], YidiError>> {
        let pending = Pending<Result<[SQLRow], YidiError>>()
        do throws(YidiError) { try checkOpen() } catch {
            pending.fulfil(.failure(error))
            return pending
        }
        let place = self.place
        let query = connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(parameters)), logger: logger)
        deadlined(query).whenComplete { result in
            switch result {
            case .success(let rows):
                do { pending.fulfil(.success(try rows.map { try Self.row($0, binary: false) })) } catch {
                    pending.fulfil(.failure(Self.mapped(error, place: place)))
                }
            case .failure(let error):
                pending.fulfil(.failure(Self.mapped(error, place: place)))
            }
        }
        return pending
    }

    /// `parameters` as postgres-nio binds them.
    private static func bindings(_ parameters: [SQLParameter]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: parameters.count)
        for parameter in parameters {
            switch parameter {
            case .value(.int(let i)): binds.append(i)
            case .value(.text(let s)): binds.append(s)
            case .value(.null): binds.appendNull()
            case .column(let column): binds.append(column)
            }
        }
        return binds
    }

    /// Runs one statement as ``query(_:parameters:)`` does, as a statement prepared (named) on
    /// this connection: the server parses and plans a text once, not at every run, and keeps a
    /// generic plan once it sees it is as good. For the fixed statements every drop runs (its
    /// claim, its history, its duplicate check); not for one whose plan depends on its binds:
    /// a generic plan of `setl_id = ANY($1)` took 4.5 ms where a fresh one takes 0.1.
    ///
    /// A named statement's parameter types are the server's to infer, so each placeholder is
    /// cast to its bind's type first (``typed(_:_:)``): the types the unnamed path sends with
    /// the binds. A NULL stays uncast, as there: its type is the context's.
    @discardableResult
    func queryPrepared(_ sql: String, parameters: [SQLParameter]) throws(YidiError) -> [SQLRow] {
        try checkOpen()
        let text = Self.typed(sql, parameters)
        let statement: PreparedQuery
        if let known = prepared[text] {
            statement = known
        } else {
            statement = try answer(connection.prepare(query: text))
            keep(statement, as: text)
        }
        let rows = try answer(statement.execute(parameters.map(Self.data)))
        // postgres-nio asks for every result in binary, but a prepared statement's rows carry the
        // formats its Describe answered (text): the cells are read as what they are
        do { return try rows.map { try Self.row($0, binary: true) } } catch { throw Self.mapped(error, place: place) }
    }

    /// Statements prepared on this connection, by their typed text, and the order they came in.
    private var prepared: [String: PreparedQuery] = [:]
    private var preparedTexts: [String] = []
    /// How many prepared statements a connection keeps; the oldest is let go beyond.
    static let maxPrepared = 64

    private func keep(_ statement: PreparedQuery, as text: String) {
        prepared[text] = statement
        preparedTexts.append(text)
        guard preparedTexts.count > Self.maxPrepared else { return }
        let oldest = preparedTexts.removeFirst()
        // not waited for: the server frees it in order, before any later statement; a failure
        // to free it leaves it until the connection closes, which harms nothing
        _ = prepared.removeValue(forKey: oldest)?.deallocate()
    }

    /// `sql` with each `$n` not already cast given its bind's type (`::bigint`, `::text`,
    /// `::bigint[]`, `::text[]`); a NULL's placeholder and string literals are left alone.
    static func typed(_ sql: String, _ parameters: [SQLParameter]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 8 * parameters.count)
        let bytes = Array(sql.utf8)
        var i = 0, quoted = false
        while i < bytes.count {
            let byte = bytes[i]
            out.append(byte)
            i += 1
            if byte == UInt8(ascii: "'") { quoted.toggle() }
            guard byte == UInt8(ascii: "$"), !quoted else { continue }
            var n = 0, digits = 0
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                digits += 1
                out.append(bytes[i])
                i += 1
            }
            let castAlready = i + 1 < bytes.count && bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: ":")
            guard digits > 0, !castAlready, n >= 1, n <= parameters.count, let type = parameters[n - 1].castType else { continue }
            out.append(contentsOf: "::\(type)".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A bind of a prepared statement: the bytes the unnamed path sends (binary).
    private static func data(_ parameter: SQLParameter) -> PostgresData {
        var buffer = NIOCore.ByteBuffer()
        switch parameter {
        case .value(.int(let i)):
            buffer.writeInteger(i, as: Int64.self)
            return PostgresData(type: .int8, formatCode: .binary, value: buffer)
        case .value(.text(let s)):
            buffer.writeString(s)
            return PostgresData(type: .text, formatCode: .binary, value: buffer)
        case .value(.null):
            return PostgresData(type: .null, formatCode: .binary, value: nil)
        case .column(let column):
            column.encode(into: &buffer, context: .default)
            return PostgresData(type: column.psqlType, formatCode: .binary, value: buffer)
        }
    }

    /// Fails at once on a closed connection: it takes a query and never answers it
    /// (postgres-nio writes into the closed channel).
    private func checkOpen() throws(YidiError) {
        guard !connection.isClosed else {
            throw YidiError(.tempFail, "ledger \(place): the connection is gone; the transaction in hand was rolled back")
        }
    }

    /// Waits for `future`, at most ``deadlineSeconds``: no answer by then means the link is cut
    /// or the server hangs, and the connection is given up.
    private func answer<T: Sendable>(_ future: EventLoopFuture<T>) throws(YidiError) -> T {
        do {
            return try deadlined(future).wait()
        } catch {
            throw Self.mapped(error, place: place)
        }
    }

    /// `future`, failed (and the connection given up) unless it is answered within
    /// ``deadlineSeconds``.
    private func deadlined<T: Sendable>(_ future: EventLoopFuture<T>) -> EventLoopFuture<T> {
        let connection = self.connection
        let answer = connection.eventLoop.makePromise(of: T.self)
        future.cascade(to: answer)
        let place = self.place, seconds = deadlineSeconds
        let timer = connection.eventLoop.scheduleTask(in: .seconds(Int64(seconds))) {
            answer.fail(YidiError(.tempFail, "ledger \(place): no answer within \(seconds) s; connection given up"))
            let _: EventLoopFuture<Void> = connection.close()
        }
        answer.futureResult.whenComplete { _ in timer.cancel() }
        return answer.futureResult
    }

    /// Runs statements without parameters (a migration, `BEGIN`).
    func execute(_ sql: String) throws(YidiError) {
        try query(sql)
    }

    /// Whether the connection is gone (a failure earlier closed it).
    var isClosed: Bool { connection.isClosed }

    /// `row` as values; `binary`: its cells are in binary whatever their description says.
    private static func row(_ row: PostgresRow, binary: Bool) throws -> SQLRow {
        var names: [String] = []
        var values: [SQLValue] = []
        names.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for var cell in row {
            if binary { cell.format = .binary }
            names.append(cell.columnName)
            guard cell.bytes != nil else {
                values.append(.null)
                continue
            }
            switch cell.dataType {
            case .int8: values.append(.int(try cell.decode(Int64.self)))
            case .int4, .int2: values.append(.int(Int64(try cell.decode(Int.self))))
            case .bool: values.append(.int(try cell.decode(Bool.self) ? 1 : 0))
            default: values.append(.text(try cell.decode(String.self)))
            }
        }
        return SQLRow(names: names, values: values)
    }

    /// A failure as a command reports it.
    static func mapped(_ error: any Error, place: String) -> YidiError {
        if let yidi = error as? YidiError { return yidi }
        if let legacy = error as? PostgresError {
            guard case .server(let info) = legacy else {
                return YidiError(.tempFail, "ledger \(place): connection lost (\(legacy)); the transaction in hand was rolled back")
            }
            return serverFailure(state: info.fields[.sqlState] ?? "?", message: info.fields[.message] ?? "\(legacy)", place: place)
        }
        guard let psql = error as? PSQLError else {
            return YidiError(.tempFail, "ledger \(place): connection failed: \(error)")
        }
        if let info = psql.serverInfo {
            return serverFailure(state: info[.sqlState] ?? "?", message: info[.message] ?? "\(psql.code)", place: place)
        }
        return YidiError(.tempFail, "ledger \(place): connection lost (\(psql.code)); the transaction in hand was rolled back")
    }

    /// A server's error: 75 when the server is going away, else 74 with its SQLSTATE.
    static func serverFailure(state: String, message: String, place: String) -> YidiError {
        // 57P01-03: the server is shutting down or restarting; 08: connection exceptions; 25P03:
        // the server ended a transaction idle longer than the lease (a worker paused or cut off,
        // operations.md), whose connection it closes: the worker is to try again, as after any
        // lost connection
        if state.hasPrefix("57P") || state.hasPrefix("08") || state == "25P03" {
            return YidiError(.tempFail, "ledger \(place): the server ended the connection (SQLSTATE \(state)): \(message)")
        }
        var failure = YidiError(.io, "ledger \(place): PostgreSQL error \(state): \(message)")
        switch state {
        case "23505": failure.conflict = .keyTakenConcurrently
        case "40P01": failure.conflict = .deadlock
        default: break
        }
        return failure
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
                guard let value else {
                    buffer.writeInteger(-1, as: Int32.self)
                    continue
                }
                buffer.writeInteger(8, as: Int32.self)
                buffer.writeInteger(value, as: Int64.self)
            }
        case .texts(let values):
            Self.header(count: values.count, hasNull: values.contains(nil), element: .text, into: &buffer)
            for value in values {
                guard let value else {
                    buffer.writeInteger(-1, as: Int32.self)
                    continue
                }
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
