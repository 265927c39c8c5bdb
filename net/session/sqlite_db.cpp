#include "net/session/sqlite_db.h"

#include "core/assert.h"
#include "core/log.h"

#include <sqlite3.h>

#include <utility>

namespace tv::net::detail {

// --- SqliteStatement --------------------------------------------------------------------------------------------

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_bindError(other.m_bindError) {}

SqliteStatement::~SqliteStatement() {
    if (!m_stmt) return;
    // The statement stays in the cache: make it ready for the next user. sqlite3_reset repeats the last step's error
    // code, which was already reported by step(), so its result is deliberately ignored.
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    // data() of an empty view may be null, which SQLite would bind as NULL: bind a real empty string instead.
    const char* data = text.empty() ? "" : text.data();
    int rc = sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && m_bindError == 0) m_bindError = rc;
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK && m_bindError == 0) m_bindError = rc;
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK && m_bindError == 0) m_bindError = rc;
    return *this;
}

Expected<bool> SqliteStatement::step() {
    if (m_bindError != 0) return m_db->lastError("binding a parameter", m_bindError);
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return m_db->lastError(sqlite3_sql(m_stmt), rc);
}

Expected<void> SqliteStatement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.error();
        if (!*row) return {};
    }
}

int64_t SqliteStatement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }

double SqliteStatement::columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string SqliteStatement::columnText(int column) const {
    // Fetch the text before its length: that order is what SQLite documents as safe.
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    int bytes = sqlite3_column_bytes(m_stmt, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes));
}

// --- SqliteDb ---------------------------------------------------------------------------------------------------

Expected<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path) {
    sqlite3* handle = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        // Even on failure SQLite usually hands back a handle carrying the message; it must still be closed.
        std::string cause = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        sqlite3_close(handle);
        return makeError(ErrorCode::Io, tv::format("%s: cannot open: %s", path.c_str(), cause.c_str()));
    }
    sqlite3_extended_result_codes(handle, 1);
    return std::unique_ptr<SqliteDb>(new SqliteDb(handle, path));
}

SqliteDb::~SqliteDb() {
    for (auto& [sql, stmt] : m_statements) sqlite3_finalize(stmt);
    // Every statement is finalized above, so close cannot be refused for outstanding statements.
    int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK) logError("%s: closing the session store failed: %s", m_path.c_str(), sqlite3_errstr(rc));
}

Expected<void> SqliteDb::exec(const char* sql) {
    int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return lastError(sql, rc);
    return {};
}

Expected<SqliteStatement> SqliteDb::prepare(const std::string& sql) {
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
        if (rc != SQLITE_OK) return lastError(sql, rc);
        TV_ASSERT(stmt != nullptr, "SqliteDb::prepare: SQL text holds no statement");
        it = m_statements.emplace(sql, stmt).first;
    }
    return SqliteStatement(*this, it->second);
}

Expected<std::string> SqliteDb::queryText(const char* sql) {
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCode::Io, tv::format("%s: %s returned no row", m_path.c_str(), sql));
    return stmt->columnText(0);
}

int64_t SqliteDb::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }

int SqliteDb::changes() const { return sqlite3_changes(m_db); }

Error SqliteDb::lastError(std::string_view what, int resultCode) const {
    int primary = resultCode & 0xff;
    ErrorCode code = (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) ? ErrorCode::Parse : ErrorCode::Io;
    // sqlite3_errmsg describes the most recent API call, which is the failing one in every caller here; for bind
    // errors (reported later, at step) fall back to the generic text of the code.
    std::string cause = sqlite3_errcode(m_db) == resultCode ? sqlite3_errmsg(m_db) : sqlite3_errstr(resultCode);
    return makeError(
        code, tv::format("%s: %.*s: %s", m_path.c_str(), static_cast<int>(what.size()), what.data(), cause.c_str()));
}

// --- SqliteTransaction ------------------------------------------------------------------------------------------

SqliteTransaction::~SqliteTransaction() {
    if (!m_open) return;
    // Failing to roll back leaves SQLite to roll back on its own (it does so when the next BEGIN fails or the
    // connection closes); log it so that a broken disk is visible.
    auto rolledBack = m_db.exec("ROLLBACK");
    if (!rolledBack) logWarn("%s", rolledBack.error().message.c_str());
}

Expected<void> SqliteTransaction::begin() {
    TV_ASSERT(!m_open, "SqliteTransaction::begin called twice");
    auto begun = m_db.exec("BEGIN IMMEDIATE");
    if (!begun) return begun;
    m_open = true;
    return {};
}

Expected<void> SqliteTransaction::commit() {
    TV_ASSERT(m_open, "SqliteTransaction::commit without begin");
    auto committed = m_db.exec("COMMIT");
    if (!committed) return committed; // still open: the destructor rolls back
    m_open = false;
    return {};
}

} // namespace tv::net::detail
