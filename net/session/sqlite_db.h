// SqliteDb — the thin SQLite layer under SessionStore (internal to net/session; nothing else should include it).
// It owns one sqlite3 connection and a cache of prepared statements keyed by their SQL text, so every statement is
// compiled once per connection. Values only ever reach SQL through bound parameters: there is no API that splices a
// string into SQL text. Errors are converted to tv::Error with the store's path and SQLite's own message.
//
// Not thread-safe: the connection is opened with SQLITE_OPEN_NOMUTEX; the owner of SessionStore is its only user.
#pragma once

#include "core/expected.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace tv::net::detail {

class SqliteDb;

// A cached prepared statement in use. Binding indices start at 1 (SQLite's convention). Destruction resets the
// statement and clears its bindings so the cache can hand it out again; do not keep one across calls.
class SqliteStatement {
public:
    SqliteStatement(SqliteDb& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    ~SqliteStatement();

    // Text is copied by SQLite (SQLITE_TRANSIENT), so temporaries are safe. An empty string binds '' (not NULL).
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, double value);
    // uint64 is stored bit-for-bit in SQLite's signed 64-bit INTEGER: it round trips exactly, but values above
    // INT64_MAX compare as negative inside SQL (we never order by such values).
    SqliteStatement& bindU64(int index, uint64_t value) { return bind(index, static_cast<int64_t>(value)); }

    // Advances: true when a row is available, false when done. A bind error recorded earlier is reported here.
    Expected<bool> step();
    // Runs a statement that returns no rows (or whose rows are ignored) to completion.
    Expected<void> run();

    int64_t columnInt(int column) const;
    uint64_t columnU64(int column) const { return static_cast<uint64_t>(columnInt(column)); }
    double columnDouble(int column) const;
    std::string columnText(int column) const; // exact bytes; NULL reads as ""

private:
    SqliteDb* m_db;
    sqlite3_stmt* m_stmt;
    int m_bindError = 0; // first failing sqlite3_bind_* result, 0 when all succeeded
};

class SqliteDb {
public:
    // Opens (creating when absent) the database at `path`; ":memory:" opens a private in-memory database.
    static Expected<std::unique_ptr<SqliteDb>> open(const std::string& path);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    const std::string& path() const { return m_path; }

    // Runs SQL without parameters (pragmas, schema, BEGIN/COMMIT). Only for SQL text written in this module.
    Expected<void> exec(const char* sql);
    // The cached statement for `sql`, prepared on first use.
    Expected<SqliteStatement> prepare(const std::string& sql);
    // A single value of a one-row, one-column query without parameters (pragmas).
    Expected<std::string> queryText(const char* sql);

    int64_t lastInsertRowId() const;
    int changes() const; // rows changed by the most recent INSERT/UPDATE/DELETE

    // An Error for the connection's most recent failure: "<path>: <what>: <sqlite message>". The code is Parse for
    // "not a database"/corruption, Io otherwise.
    Error lastError(std::string_view what, int resultCode) const;

private:
    SqliteDb(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

    sqlite3* m_db;
    std::string m_path;
    std::unordered_map<std::string, sqlite3_stmt*> m_statements;
};

// A write transaction. begin() issues BEGIN IMMEDIATE (takes the write lock up front, so a transaction never fails
// half-way for lock reasons); destruction rolls back unless commit() succeeded.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDb& db) : m_db(db) {}
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    Expected<void> begin();
    Expected<void> commit();

private:
    SqliteDb& m_db;
    bool m_open = false;
};

} // namespace tv::net::detail
