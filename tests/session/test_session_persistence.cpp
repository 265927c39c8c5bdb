// SessionStore on disk: the schema it creates, "a hub restart loses nothing" (write, destroy the store, open the
// same file, compare), and the errors for files that are not session stores. SQLite is used directly here only to
// inspect or forge files from the outside.
#include "net/session/session_store.h"

#include "session_test_util.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <set>
#include <string>

using namespace tv;
using namespace tv::net;

namespace {

// Runs SQL on a separate connection (as an outside tool would) and returns the first column of every row.
std::vector<std::string> outsideQuery(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db);
        sqlite3_close(db);
        return rows;
    }
    auto collect = [](void* out, int columns, char** values, char**) {
        if (columns > 0) static_cast<std::vector<std::string>*>(out)->push_back(values[0] ? values[0] : "NULL");
        return 0;
    };
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), collect, &rows, &message) != SQLITE_OK) ADD_FAILURE() << sql << ": " << message;
    sqlite3_free(message);
    sqlite3_close(db);
    return rows;
}

struct Snapshot {
    std::vector<SessionInfo> sessions;
    std::vector<std::vector<Annotation>> annotations;
    std::vector<std::vector<SharedViewpoint>> viewpoints;
    std::vector<std::vector<Member>> members;
    std::vector<std::vector<AuditEntry>> audit;
};

Snapshot snapshot(SessionStore& store) {
    Snapshot s;
    auto sessions = store.listSessions();
    EXPECT_TRUE(sessions.hasValue());
    if (!sessions) return s;
    s.sessions = *sessions;
    for (const SessionInfo& info : s.sessions) {
        auto a = store.listAnnotations(info.name);
        auto v = store.listViewpoints(info.name);
        auto m = store.listMembers(info.name);
        auto l = store.listAudit(info.name, 1000);
        EXPECT_TRUE(a.hasValue() && v.hasValue() && m.hasValue() && l.hasValue());
        if (!a || !v || !m || !l) return s;
        s.annotations.push_back(*a);
        s.viewpoints.push_back(*v);
        s.members.push_back(*m);
        s.audit.push_back(*l);
    }
    return s;
}

void fill(SessionStore& store) {
    for (const char* name : {"review", "shift"}) {
        std::string session = name;
        TV_ASSERT_OK(store.createSession(session, 100));
        for (int i = 0; i < 3; ++i) {
            Annotation a;
            a.session = session;
            a.anchor = vec3(0.1f * float(i), 1.0f / 3.0f, -7.5e-8f);
            a.normal = glm::normalize(vec3(1.0f, 2.0f, float(i)));
            a.nodePath = i == 1 ? "" : "/plant/valve_" + std::to_string(i);
            a.text = session + " note " + std::to_string(i) + " \xE2\x9C\x93";
            a.author = i % 2 ? "bob" : "ada";
            a.createdUs = 1000 + uint64_t(i);
            a.updatedUs = a.createdUs;
            auto id = store.createAnnotation(a);
            TV_ASSERT_OK(id);
            if (i == 2) { TV_ASSERT_OK(store.resolveAnnotation(*id, "grace", 2000)); }
        }
        TV_ASSERT_OK(store.saveViewpoint(
            session, SharedViewpoint{"overview", vec3(3.3f, 4.4f, 5.5f), vec3(0.0f, 1.0f, 0.0f), 0.75f, "ada", 1500}));
        TV_ASSERT_OK(store.joinMember(session, Member{"ada", Role::Presenter, DeviceKind::Desktop, 0xff0000, 10, 20}));
        TV_ASSERT_OK(store.joinMember(session, Member{"bob", Role::Observer, DeviceKind::Xr, 0x00ff00, 11, 21}));
        TV_ASSERT_OK(
            store.appendAudit(AuditEntry{0, session, "ada", 30, "command", "/plant/pump", "start", "accepted"}));
        TV_ASSERT_OK(store.appendAudit(AuditEntry{0, session, "bob", 31, "command", "/plant/pump", "stop",
                                                  "denied: observers may view and point only"}));
    }
}

} // namespace

TEST(SessionPersistence, CreatesVersionedSchemaInWalMode) {
    tv::test::TempDir dir;
    const std::string path = dir.file("hub.db");
    {
        auto store = SessionStore::open(path);
        ASSERT_TRUE(store.hasValue()) << store.error().message;
    }
    auto tables = outsideQuery(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::set<std::string> names(tables.begin(), tables.end());
    for (const char* t : {"schema_version", "sessions", "annotations", "viewpoints", "members", "audit"})
        EXPECT_TRUE(names.count(t)) << "missing table " << t;
    EXPECT_EQ(outsideQuery(path, "SELECT version FROM schema_version"),
              std::vector<std::string>{std::to_string(SessionStore::kSchemaVersion)});
    // WAL is a property of the file: a fresh connection sees it.
    EXPECT_EQ(outsideQuery(path, "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST(SessionPersistence, HubRestartLosesNothing) {
    tv::test::TempDir dir;
    const std::string path = dir.file("hub.db");
    Snapshot before;
    uint64_t lastAnnotationId = 0;
    {
        auto store = SessionStore::open(path);
        ASSERT_TRUE(store.hasValue()) << store.error().message;
        fill(**store);
        before = snapshot(**store);
        lastAnnotationId = before.annotations.back().back().id;
        // A deleted annotation stays deleted after the restart, and its id is not handed out again.
        TV_ASSERT_OK((*store)->deleteAnnotation(lastAnnotationId));
        before.annotations.back().pop_back();
    }
    auto reopened = SessionStore::open(path);
    ASSERT_TRUE(reopened.hasValue()) << reopened.error().message;
    Snapshot after = snapshot(**reopened);

    ASSERT_EQ(after.sessions.size(), 2u);
    EXPECT_EQ(after.sessions[0].name, before.sessions[0].name);
    EXPECT_EQ(after.sessions[1].name, before.sessions[1].name);
    EXPECT_EQ(after.sessions[1].createdUs, before.sessions[1].createdUs);
    EXPECT_EQ(after.annotations, before.annotations);
    EXPECT_EQ(after.viewpoints, before.viewpoints);
    EXPECT_EQ(after.members, before.members);
    EXPECT_EQ(after.audit, before.audit);
    ASSERT_EQ(after.annotations[0].size(), 3u);
    EXPECT_TRUE(after.annotations[0][2].resolved);
    EXPECT_EQ(after.audit[0].size(), 2u);

    // Writing continues where it left off.
    Annotation a;
    a.session = "review";
    a.text = "after restart";
    auto id = (*reopened)->createAnnotation(a);
    TV_ASSERT_OK(id);
    EXPECT_GT(*id, lastAnnotationId);
    auto auditId = (*reopened)->appendAudit(AuditEntry{0, "review", "ada", 40, "join", "", "", "accepted"});
    TV_ASSERT_OK(auditId);
    EXPECT_GT(*auditId, after.audit[1].back().id);
}

TEST(SessionPersistence, GarbageFileIsOneClearError) {
    tv::test::TempDir dir;
    const std::string path = dir.file("notes.txt");
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 200; ++i) out << "this is not an SQLite database, line " << i << "\n";
    }
    auto store = SessionStore::open(path);
    ASSERT_FALSE(store.hasValue());
    EXPECT_EQ(store.error().code, ErrorCode::Parse);
    EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("not a database"), std::string::npos) << store.error().message;
    // The file was not modified by the failed open.
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first, "this is not an SQLite database, line 0");
}

TEST(SessionPersistence, DirectoryPathIsAnError) {
    tv::test::TempDir dir;
    auto store = SessionStore::open(dir.path().string());
    ASSERT_FALSE(store.hasValue());
    EXPECT_EQ(store.error().code, ErrorCode::Io);
    EXPECT_NE(store.error().message.find(dir.path().string()), std::string::npos);
    EXPECT_NE(store.error().message.find("directory"), std::string::npos) << store.error().message;
}

TEST(SessionPersistence, MissingParentDirectoryIsAnError) {
    tv::test::TempDir dir;
    const std::string path = dir.file("no/such/dir/hub.db");
    auto store = SessionStore::open(path);
    ASSERT_FALSE(store.hasValue());
    EXPECT_EQ(store.error().code, ErrorCode::Io);
    EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
}

TEST(SessionPersistence, NewerSchemaVersionIsRefused) {
    tv::test::TempDir dir;
    const std::string path = dir.file("hub.db");
    {
        auto store = SessionStore::open(path);
        ASSERT_TRUE(store.hasValue()) << store.error().message;
        TV_ASSERT_OK((*store)->createSession("kept", 1));
    }
    outsideQuery(path, "UPDATE schema_version SET version = " + std::to_string(SessionStore::kSchemaVersion + 1));
    auto store = SessionStore::open(path);
    ASSERT_FALSE(store.hasValue());
    EXPECT_EQ(store.error().code, ErrorCode::Unsupported);
    EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find(path), std::string::npos);
    // Refusing did not touch the data.
    EXPECT_EQ(outsideQuery(path, "SELECT name FROM sessions"), std::vector<std::string>{"kept"});
}

TEST(SessionPersistence, ForeignSqliteDatabaseIsRefused) {
    tv::test::TempDir dir;
    const std::string path = dir.file("other.db");
    outsideQuery(path, "CREATE TABLE inventory (item TEXT)");
    auto store = SessionStore::open(path);
    ASSERT_FALSE(store.hasValue());
    EXPECT_EQ(store.error().code, ErrorCode::Unsupported);
    EXPECT_NE(store.error().message.find("not a twinview session store"), std::string::npos) << store.error().message;
}

TEST(SessionPersistence, EmptyFileBecomesAStore) {
    tv::test::TempDir dir;
    const std::string path = dir.file("empty.db");
    std::ofstream(path).close();
    auto store = SessionStore::open(path);
    ASSERT_TRUE(store.hasValue()) << store.error().message;
    TV_ASSERT_OK((*store)->createSession("s", 1));
}
