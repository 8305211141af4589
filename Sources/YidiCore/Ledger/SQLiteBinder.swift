import GRDB
import GRDBSQLite

/// Binds a statement's parameters in order through SQLite's C API, then steps it once.
struct SQLiteBinder {
    let statement: OpaquePointer
    var index: Int32 = 0

    init(statement: OpaquePointer) {
        self.statement = statement
        sqlite3_reset(statement)
    }

    /// Text (SQLite copies it), or NULL.
    mutating func text(_ value: String?) {
        index += 1
        guard var copy = value else {
            sqlite3_bind_null(statement, index)
            return
        }
        let i = index
        copy.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                statement, i,
                UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    mutating func int(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement, index, value)
    }

    /// Bytes as text, without a copy (SQLITE_STATIC: they must outlive ``step(_:)``); empty
    /// bytes bind as the empty string, not NULL.
    mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        index += 1
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sqlite3_bind_text(statement, index, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))  // copied
            return
        }
        sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    func step(_ db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
