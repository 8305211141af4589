#ifndef YIDI_CSQLITECONFIG_H
#define YIDI_CSQLITECONFIG_H

/// sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes): how large a statement journal (the
/// journal of an open savepoint) may grow in memory before SQLite spills it to a temporary
/// file. sqlite3_config is variadic, so Swift does not import it. It must be called before
/// SQLite is initialized (before the process's first connection); returns SQLite's result
/// code (SQLITE_MISUSE after initialization).
int yidi_sqlite_statement_journal_spill(int bytes);

#endif
