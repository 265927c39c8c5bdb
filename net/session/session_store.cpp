#include "net/session/session_store.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/session/sqlite_db.h"

#include <cmath>
#include <filesystem>
#include <system_error>

namespace tv::net {

using detail::SqliteDb;
using detail::SqliteStatement;
using detail::SqliteTransaction;

namespace {

// Version 1. Coordinates are REAL (a float widened to double and narrowed back is exact); times and colours are
// INTEGER (uint64 stored bit-for-bit); text columns are NOT NULL, with '' for "none", so that reading back cannot
// confuse NULL with an empty string. AUTOINCREMENT keeps annotation and audit ids from ever being reused.
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    created_us INTEGER NOT NULL);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    anchor_x REAL NOT NULL, anchor_y REAL NOT NULL, anchor_z REAL NOT NULL,
    normal_x REAL NOT NULL, normal_y REAL NOT NULL, normal_z REAL NOT NULL,
    node_path TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    resolved INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    resolved_by TEXT NOT NULL);
CREATE INDEX annotations_by_session ON annotations(session_id, id);
CREATE TABLE viewpoints (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    name TEXT NOT NULL CHECK (name <> ''),
    eye_x REAL NOT NULL, eye_y REAL NOT NULL, eye_z REAL NOT NULL,
    target_x REAL NOT NULL, target_y REAL NOT NULL, target_z REAL NOT NULL,
    yfov REAL NOT NULL,
    author TEXT NOT NULL,
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (session_id, name));
CREATE TABLE members (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    user TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('presenter', 'operator', 'observer')),
    device TEXT NOT NULL CHECK (device IN ('desktop', 'xr')),
    colour INTEGER NOT NULL,
    first_seen_us INTEGER NOT NULL,
    last_seen_us INTEGER NOT NULL,
    PRIMARY KEY (session_id, user));
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    user TEXT NOT NULL,
    time_us INTEGER NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    result TEXT NOT NULL);
CREATE INDEX audit_by_session ON audit(session_id, id);
)sql";

constexpr const char* kAnnotationColumns =
    "a.id, s.name, a.anchor_x, a.anchor_y, a.anchor_z, a.normal_x, a.normal_y, a.normal_z, a.node_path, a.text, "
    "a.author, a.created_us, a.updated_us, a.resolved, a.resolved_by";

Annotation readAnnotation(const SqliteStatement& row) {
    Annotation a;
    a.id = row.columnU64(0);
    a.session = row.columnText(1);
    a.anchor = vec3(static_cast<float>(row.columnDouble(2)), static_cast<float>(row.columnDouble(3)),
                    static_cast<float>(row.columnDouble(4)));
    a.normal = vec3(static_cast<float>(row.columnDouble(5)), static_cast<float>(row.columnDouble(6)),
                    static_cast<float>(row.columnDouble(7)));
    a.nodePath = row.columnText(8);
    a.text = row.columnText(9);
    a.author = row.columnText(10);
    a.createdUs = row.columnU64(11);
    a.updatedUs = row.columnU64(12);
    a.resolved = row.columnInt(13) != 0;
    a.resolvedBy = row.columnText(14);
    return a;
}

SqliteStatement& bindVec3(SqliteStatement& stmt, int first, const vec3& v) {
    return stmt.bind(first, double(v.x)).bind(first + 1, double(v.y)).bind(first + 2, double(v.z));
}

bool finite(const vec3& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

} // namespace

// --- open and schema --------------------------------------------------------------------------------------------

SessionStore::SessionStore(std::unique_ptr<SqliteDb> db, std::string path)
    : m_db(std::move(db)), m_path(std::move(path)), m_owner(std::this_thread::get_id()) {}

SessionStore::~SessionStore() = default;

Expected<std::unique_ptr<SessionStore>> SessionStore::open(const std::string& path) {
    if (path.empty()) return makeError(ErrorCode::InvalidArgument, "session store: empty path");
    // SQLite reports a directory as "unable to open database file"; say what is actually wrong.
    std::error_code ec;
    if (path != ":memory:" && std::filesystem::is_directory(path, ec))
        return makeError(ErrorCode::Io, tv::format("%s: cannot open the session store: is a directory", path.c_str()));

    auto db = SqliteDb::open(path);
    if (!db) return db.error();
    std::unique_ptr<SessionStore> store(new SessionStore(std::move(db).value(), path));
    auto ready = store->prepareSchema();
    if (!ready) return ready.error();
    return store;
}

Expected<void> SessionStore::prepareSchema() {
    // The first statement that reads the file: a file that is not SQLite fails here with "file is not a database".
    auto tables = m_db->prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    if (!tables) return tables.error();
    bool anyTable = false, hasVersion = false;
    for (;;) {
        auto row = tables->step();
        if (!row) return makeError(row.error().code, row.error().message + " (is this a twinview session store?)");
        if (!*row) break;
        anyTable = true;
        if (tables->columnText(0) == "schema_version") hasVersion = true;
    }

    if (anyTable && !hasVersion)
        return makeError(ErrorCode::Unsupported,
                         tv::format("%s: an SQLite database, but not a twinview session store (no schema_version "
                                    "table)",
                                    m_path.c_str()));
    if (hasVersion) {
        auto version = m_db->queryText("SELECT version FROM schema_version");
        if (!version) return version.error();
        int found = std::atoi(version->c_str());
        if (found > kSchemaVersion)
            return makeError(ErrorCode::Unsupported,
                             tv::format("%s: session store schema version %d was written by a newer twinview (this "
                                        "build reads up to version %d)",
                                        m_path.c_str(), found, kSchemaVersion));
        if (found < 1)
            return makeError(ErrorCode::Parse, tv::format("%s: session store has an invalid schema version '%s'",
                                                          m_path.c_str(), version->c_str()));
    }

    // WAL: readers (a backup, an inspection with the sqlite3 tool) do not block the hub's writes, and a commit is one
    // append to the log. An in-memory database answers "memory", which is fine.
    auto mode = m_db->queryText("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (*mode != "wal" && *mode != "memory")
        logWarn("%s: SQLite refused WAL mode (journal_mode is '%s'); writes stay durable but slower", m_path.c_str(),
                mode->c_str());
    for (const char* pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"}) {
        auto set = m_db->exec(pragma);
        if (!set) return set;
    }
    if (hasVersion) return {};

    SqliteTransaction tx(*m_db);
    if (auto begun = tx.begin(); !begun) return begun;
    if (auto created = m_db->exec(kSchemaSql); !created) return created;
    auto insert = m_db->prepare("INSERT INTO schema_version (version) VALUES (?1)");
    if (!insert) return insert.error();
    if (auto inserted = insert->bind(1, int64_t{kSchemaVersion}).run(); !inserted) return inserted;
    return tx.commit();
}

void SessionStore::checkThread() const {
    TV_ASSERT(std::this_thread::get_id() == m_owner,
              "SessionStore used from a thread other than its owner (call adoptCurrentThread after a handover)");
}

template <class Bind>
Expected<void> SessionStore::writeOne(const char* sql, Bind&& bind, const std::string& what) {
    SqliteTransaction tx(*m_db);
    if (auto begun = tx.begin(); !begun) return begun;
    auto stmt = m_db->prepare(sql);
    if (!stmt) return stmt.error();
    bind(*stmt);
    if (auto ran = stmt->run(); !ran) return ran;
    if (m_db->changes() == 0)
        return makeError(ErrorCode::NotFound, tv::format("%s: no %s", m_path.c_str(), what.c_str()));
    return tx.commit();
}

// --- sessions ---------------------------------------------------------------------------------------------------

Expected<int64_t> SessionStore::sessionId(const std::string& name) {
    if (auto it = m_sessionIds.find(name); it != m_sessionIds.end()) return it->second;
    auto stmt = m_db->prepare("SELECT id FROM sessions WHERE name = ?1");
    if (!stmt) return stmt.error();
    auto row = stmt->bind(1, name).step();
    if (!row) return row.error();
    if (!*row)
        return makeError(ErrorCode::NotFound, tv::format("%s: no session named '%s'", m_path.c_str(), name.c_str()));
    int64_t id = stmt->columnInt(0);
    m_sessionIds.emplace(name, id);
    return id;
}

Expected<void> SessionStore::createSession(const std::string& name, uint64_t createdUs) {
    checkThread();
    if (name.empty()) return makeError(ErrorCode::InvalidArgument, m_path + ": a session needs a non-empty name");
    if (auto exists = hasSession(name); !exists)
        return exists.error();
    else if (*exists)
        return makeError(ErrorCode::InvalidArgument,
                         tv::format("%s: a session named '%s' already exists", m_path.c_str(), name.c_str()));
    SqliteTransaction tx(*m_db);
    if (auto begun = tx.begin(); !begun) return begun;
    auto stmt = m_db->prepare("INSERT INTO sessions (name, created_us) VALUES (?1, ?2)");
    if (!stmt) return stmt.error();
    if (auto ran = stmt->bind(1, name).bindU64(2, createdUs).run(); !ran) return ran;
    int64_t id = m_db->lastInsertRowId();
    if (auto committed = tx.commit(); !committed) return committed;
    m_sessionIds.emplace(name, id); // only after the commit: a rolled-back id must not be cached
    return {};
}

Expected<bool> SessionStore::hasSession(const std::string& name) {
    checkThread();
    auto id = sessionId(name);
    if (id) return true;
    if (id.error().code == ErrorCode::NotFound) return false;
    return id.error();
}

Expected<std::vector<SessionInfo>> SessionStore::listSessions() {
    checkThread();
    auto stmt = m_db->prepare("SELECT name, created_us FROM sessions ORDER BY id");
    if (!stmt) return stmt.error();
    std::vector<SessionInfo> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(SessionInfo{stmt->columnText(0), stmt->columnU64(1)});
    }
}

// --- annotations ------------------------------------------------------------------------------------------------

Expected<uint64_t> SessionStore::createAnnotation(const Annotation& a) {
    checkThread();
    if (!finite(a.anchor) || !finite(a.normal))
        return makeError(ErrorCode::InvalidArgument, m_path + ": annotation anchor and normal must be finite");
    auto session = sessionId(a.session);
    if (!session) return session.error();
    SqliteTransaction tx(*m_db);
    if (auto begun = tx.begin(); !begun) return begun.error();
    auto stmt = m_db->prepare(
        "INSERT INTO annotations (session_id, anchor_x, anchor_y, anchor_z, normal_x, normal_y, normal_z, node_path, "
        "text, author, created_us, updated_us, resolved, resolved_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *session);
    bindVec3(*stmt, 2, a.anchor);
    bindVec3(*stmt, 5, a.normal);
    stmt->bind(8, a.nodePath).bind(9, a.text).bind(10, a.author).bindU64(11, a.createdUs).bindU64(12, a.updatedUs);
    stmt->bind(13, int64_t{a.resolved ? 1 : 0}).bind(14, a.resolvedBy);
    if (auto ran = stmt->run(); !ran) return ran.error();
    auto id = static_cast<uint64_t>(m_db->lastInsertRowId());
    if (auto committed = tx.commit(); !committed) return committed.error();
    return id;
}

Expected<Annotation> SessionStore::annotation(uint64_t id) {
    checkThread();
    auto stmt = m_db->prepare(std::string("SELECT ") + kAnnotationColumns +
                              " FROM annotations a JOIN sessions s ON s.id = a.session_id WHERE a.id = ?1");
    if (!stmt) return stmt.error();
    auto row = stmt->bindU64(1, id).step();
    if (!row) return row.error();
    if (!*row)
        return makeError(ErrorCode::NotFound,
                         tv::format("%s: no annotation %llu", m_path.c_str(), static_cast<unsigned long long>(id)));
    return readAnnotation(*stmt);
}

Expected<void> SessionStore::updateAnnotationText(uint64_t id, const std::string& text, uint64_t timeUs) {
    checkThread();
    return writeOne(
        "UPDATE annotations SET text = ?2, updated_us = ?3 WHERE id = ?1",
        [&](SqliteStatement& s) { s.bindU64(1, id).bind(2, text).bindU64(3, timeUs); },
        tv::format("annotation %llu", static_cast<unsigned long long>(id)));
}

Expected<void> SessionStore::resolveAnnotation(uint64_t id, const std::string& user, uint64_t timeUs) {
    checkThread();
    return writeOne(
        "UPDATE annotations SET resolved = 1, resolved_by = ?2, updated_us = ?3 WHERE id = ?1",
        [&](SqliteStatement& s) { s.bindU64(1, id).bind(2, user).bindU64(3, timeUs); },
        tv::format("annotation %llu", static_cast<unsigned long long>(id)));
}

Expected<void> SessionStore::reopenAnnotation(uint64_t id, uint64_t timeUs) {
    checkThread();
    return writeOne(
        "UPDATE annotations SET resolved = 0, resolved_by = '', updated_us = ?2 WHERE id = ?1",
        [&](SqliteStatement& s) { s.bindU64(1, id).bindU64(2, timeUs); },
        tv::format("annotation %llu", static_cast<unsigned long long>(id)));
}

Expected<void> SessionStore::deleteAnnotation(uint64_t id) {
    checkThread();
    return writeOne(
        "DELETE FROM annotations WHERE id = ?1", [&](SqliteStatement& s) { s.bindU64(1, id); },
        tv::format("annotation %llu", static_cast<unsigned long long>(id)));
}

Expected<std::vector<Annotation>> SessionStore::listAnnotations(const std::string& session) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    auto stmt = m_db->prepare(std::string("SELECT ") + kAnnotationColumns +
                              " FROM annotations a JOIN sessions s ON s.id = a.session_id WHERE a.session_id = ?1 "
                              "ORDER BY a.id");
    if (!stmt) return stmt.error();
    stmt->bind(1, *sid);
    std::vector<Annotation> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(readAnnotation(*stmt));
    }
}

// --- viewpoints -------------------------------------------------------------------------------------------------

Expected<void> SessionStore::saveViewpoint(const std::string& session, const SharedViewpoint& vp) {
    checkThread();
    if (vp.name.empty()) return makeError(ErrorCode::InvalidArgument, m_path + ": a viewpoint needs a non-empty name");
    if (!finite(vp.eye) || !finite(vp.target) || !std::isfinite(vp.yfov))
        return makeError(ErrorCode::InvalidArgument, m_path + ": viewpoint eye, target and yfov must be finite");
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    // ON CONFLICT ... DO UPDATE (not INSERT OR REPLACE) keeps the row and therefore its place in the list.
    return writeOne(
        "INSERT INTO viewpoints (session_id, name, eye_x, eye_y, eye_z, target_x, target_y, target_z, yfov, author, "
        "updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (session_id, name) DO UPDATE SET eye_x = excluded.eye_x, eye_y = excluded.eye_y, "
        "eye_z = excluded.eye_z, target_x = excluded.target_x, target_y = excluded.target_y, "
        "target_z = excluded.target_z, yfov = excluded.yfov, author = excluded.author, "
        "updated_us = excluded.updated_us",
        [&](SqliteStatement& s) {
            s.bind(1, *sid).bind(2, vp.name);
            bindVec3(s, 3, vp.eye);
            bindVec3(s, 6, vp.target);
            s.bind(9, double(vp.yfov)).bind(10, vp.author).bindU64(11, vp.updatedUs);
        },
        "viewpoint written");
}

Expected<void> SessionStore::deleteViewpoint(const std::string& session, const std::string& name) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    return writeOne(
        "DELETE FROM viewpoints WHERE session_id = ?1 AND name = ?2",
        [&](SqliteStatement& s) { s.bind(1, *sid).bind(2, name); },
        tv::format("viewpoint '%s' in session '%s'", name.c_str(), session.c_str()));
}

Expected<std::vector<SharedViewpoint>> SessionStore::listViewpoints(const std::string& session) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    auto stmt = m_db->prepare("SELECT name, eye_x, eye_y, eye_z, target_x, target_y, target_z, yfov, author, "
                              "updated_us FROM viewpoints WHERE session_id = ?1 ORDER BY rowid");
    if (!stmt) return stmt.error();
    stmt->bind(1, *sid);
    std::vector<SharedViewpoint> out;
    auto f = [&](int c) { return static_cast<float>(stmt->columnDouble(c)); };
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return out;
        SharedViewpoint vp;
        vp.name = stmt->columnText(0);
        vp.eye = vec3(f(1), f(2), f(3));
        vp.target = vec3(f(4), f(5), f(6));
        vp.yfov = f(7);
        vp.author = stmt->columnText(8);
        vp.updatedUs = stmt->columnU64(9);
        out.push_back(std::move(vp));
    }
}

// --- members ----------------------------------------------------------------------------------------------------

Expected<Member> SessionStore::joinMember(const std::string& session, const Member& m) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    auto written = writeOne(
        "INSERT INTO members (session_id, user, role, device, colour, first_seen_us, last_seen_us) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (session_id, user) DO UPDATE SET role = excluded.role, device = excluded.device, "
        "colour = excluded.colour, last_seen_us = excluded.last_seen_us",
        [&](SqliteStatement& s) {
            s.bind(1, *sid).bind(2, m.user).bind(3, roleName(m.role)).bind(4, deviceKindName(m.device));
            s.bind(5, int64_t{m.colour}).bindU64(6, m.firstSeenUs).bindU64(7, m.lastSeenUs);
        },
        "member written");
    if (!written) return written.error();
    auto members = listMembers(session);
    if (!members) return members.error();
    for (Member& stored : *members)
        if (stored.user == m.user) return stored;
    // Only reachable if another connection deleted the row between the two statements.
    return makeError(ErrorCode::Io,
                     tv::format("%s: member '%s' vanished right after joining", m_path.c_str(), m.user.c_str()));
}

Expected<void> SessionStore::touchMember(const std::string& session, const std::string& user, uint64_t timeUs) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    return writeOne(
        "UPDATE members SET last_seen_us = ?3 WHERE session_id = ?1 AND user = ?2",
        [&](SqliteStatement& s) { s.bind(1, *sid).bind(2, user).bindU64(3, timeUs); },
        tv::format("member '%s' in session '%s'", user.c_str(), session.c_str()));
}

Expected<void> SessionStore::removeMember(const std::string& session, const std::string& user) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    return writeOne(
        "DELETE FROM members WHERE session_id = ?1 AND user = ?2",
        [&](SqliteStatement& s) { s.bind(1, *sid).bind(2, user); },
        tv::format("member '%s' in session '%s'", user.c_str(), session.c_str()));
}

Expected<std::vector<Member>> SessionStore::listMembers(const std::string& session) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    auto stmt = m_db->prepare("SELECT user, role, device, colour, first_seen_us, last_seen_us FROM members "
                              "WHERE session_id = ?1 ORDER BY rowid");
    if (!stmt) return stmt.error();
    stmt->bind(1, *sid);
    std::vector<Member> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return out;
        Member m;
        m.user = stmt->columnText(0);
        auto role = parseRole(stmt->columnText(1));
        auto device = parseDeviceKind(stmt->columnText(2));
        if (!role || !device)
            return makeError(ErrorCode::Parse, tv::format("%s: member '%s' has an unknown role or device",
                                                          m_path.c_str(), m.user.c_str()));
        m.role = *role;
        m.device = *device;
        m.colour = static_cast<uint32_t>(stmt->columnInt(3));
        m.firstSeenUs = stmt->columnU64(4);
        m.lastSeenUs = stmt->columnU64(5);
        out.push_back(std::move(m));
    }
}

// --- audit ------------------------------------------------------------------------------------------------------

Expected<uint64_t> SessionStore::appendAudit(const AuditEntry& e) {
    checkThread();
    auto sid = sessionId(e.session);
    if (!sid) return sid.error();
    SqliteTransaction tx(*m_db);
    if (auto begun = tx.begin(); !begun) return begun.error();
    auto stmt = m_db->prepare("INSERT INTO audit (session_id, user, time_us, action, target, detail, result) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!stmt) return stmt.error();
    stmt->bind(1, *sid).bind(2, e.user).bindU64(3, e.timeUs).bind(4, e.action).bind(5, e.target);
    stmt->bind(6, e.detail).bind(7, e.result);
    if (auto ran = stmt->run(); !ran) return ran.error();
    auto id = static_cast<uint64_t>(m_db->lastInsertRowId());
    if (auto committed = tx.commit(); !committed) return committed.error();
    return id;
}

Expected<std::vector<AuditEntry>> SessionStore::listAudit(const std::string& session, size_t maxCount) {
    checkThread();
    auto sid = sessionId(session);
    if (!sid) return sid.error();
    // Newest N by id, then flipped to oldest first.
    auto stmt = m_db->prepare("SELECT id, user, time_us, action, target, detail, result FROM audit "
                              "WHERE session_id = ?1 ORDER BY id DESC LIMIT ?2");
    if (!stmt) return stmt.error();
    int64_t limit = maxCount > size_t(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(maxCount);
    stmt->bind(1, *sid).bind(2, limit);
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        AuditEntry e;
        e.id = stmt->columnU64(0);
        e.session = session;
        e.user = stmt->columnText(1);
        e.timeUs = stmt->columnU64(2);
        e.action = stmt->columnText(3);
        e.target = stmt->columnText(4);
        e.detail = stmt->columnText(5);
        e.result = stmt->columnText(6);
        out.push_back(std::move(e));
    }
    return std::vector<AuditEntry>(out.rbegin(), out.rend());
}

} // namespace tv::net
