// SessionStore — the hub's persistent store for shared sessions (issue 5): sessions by name, their annotations,
// shared viewpoints, members and the audit log of what members asked for and what came of it. Backed by one SQLite
// file so that a hub restart loses nothing: every write is its own transaction, committed before the call returns
// (WAL journal, synchronous=FULL; docs/session-store.md explains the choice and the schema).
//
// The store is storage, not policy: it does not check roles (the hub calls mayPerform() from session_types.h first
// and records the outcome with appendAudit()). It owns the SQLite connection and its prepared-statement cache.
//
// Threads: one owner thread. The store is bound to the thread that opened it; every call asserts it is made there.
// A hub that opens the store on its main thread and then runs the session loop elsewhere calls adoptCurrentThread()
// on the new thread before any other call (the handover itself must be ordered by the caller, e.g. thread start).
//
// Errors: calls that name a session, annotation, viewpoint or member that does not exist return NotFound; values
// the schema cannot hold (an empty session name, a non-finite coordinate) return InvalidArgument; a failing disk
// returns Io with SQLite's message. A failed call changes nothing.
#pragma once

#include "core/expected.h"
#include "net/session/session_types.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace tv::net {

namespace detail {
class SqliteDb;
}

class SessionStore {
public:
    // The schema this build writes. A file with a higher version was written by a newer twinview and is refused
    // rather than misread; lower versions would be migrated here (there are none yet: version 1 is the first).
    static constexpr int kSchemaVersion = 1;

    // Opens the store at `path`, creating the file and the schema when absent. ":memory:" gives a private in-memory
    // store (for tests and a hub run with --no-persist). Errors name the path and the cause:
    //   Io          — the file cannot be opened or created (missing directory, a directory, no permission);
    //   Parse       — the file is not an SQLite database, or is corrupt;
    //   Unsupported — an SQLite database that is not a twinview session store, or one with a newer schema version.
    static Expected<std::unique_ptr<SessionStore>> open(const std::string& path);
    ~SessionStore();
    SessionStore(const SessionStore&) = delete;
    SessionStore& operator=(const SessionStore&) = delete;

    const std::string& path() const { return m_path; }
    // Rebinds the owner thread to the calling thread (see the header comment).
    void adoptCurrentThread() { m_owner = std::this_thread::get_id(); }

    // --- Sessions: unique non-empty names, never deleted by the store (the audit log must outlive a meeting).
    // Creating a name that exists is InvalidArgument.
    Expected<void> createSession(const std::string& name, uint64_t createdUs);
    Expected<bool> hasSession(const std::string& name);
    // All sessions in creation order.
    Expected<std::vector<SessionInfo>> listSessions();

    // --- Annotations. createAnnotation stores every field as given except `id`, which it assigns and returns (ids are
    // unique across sessions and never reused, so clients may hold them across a restart). `session` must exist;
    // anchor and normal must be finite.
    Expected<uint64_t> createAnnotation(const Annotation& annotation);
    Expected<Annotation> annotation(uint64_t id);
    // Sets the text and updatedUs.
    Expected<void> updateAnnotationText(uint64_t id, const std::string& text, uint64_t timeUs);
    // Marks resolved by `user` (again, when already resolved: the latest resolver wins) and sets updatedUs.
    Expected<void> resolveAnnotation(uint64_t id, const std::string& user, uint64_t timeUs);
    // Marks open again, clears resolvedBy and sets updatedUs.
    Expected<void> reopenAnnotation(uint64_t id, uint64_t timeUs);
    Expected<void> deleteAnnotation(uint64_t id);
    // The session's annotations in creation order (ascending id).
    Expected<std::vector<Annotation>> listAnnotations(const std::string& session);

    // --- Shared viewpoints, unique by (session, name). Saving an existing name overwrites it in place (it keeps its
    // position in the list). eye, target and yfov must be finite; the name may not be empty.
    Expected<void> saveViewpoint(const std::string& session, const SharedViewpoint& viewpoint);
    Expected<void> deleteViewpoint(const std::string& session, const std::string& name);
    // In the order the names were first saved.
    Expected<std::vector<SharedViewpoint>> listViewpoints(const std::string& session);

    // --- Members, unique by (session, user). joinMember inserts a new member, or for a returning user updates role,
    // device, colour and lastSeenUs while keeping the original firstSeenUs; it returns the member as stored.
    Expected<Member> joinMember(const std::string& session, const Member& member);
    // Sets lastSeenUs (a heartbeat or any message from the member).
    Expected<void> touchMember(const std::string& session, const std::string& user, uint64_t timeUs);
    Expected<void> removeMember(const std::string& session, const std::string& user);
    // In the order users first joined.
    Expected<std::vector<Member>> listMembers(const std::string& session);

    // --- Audit log: append-only. appendAudit stores every field as given except `id`, which it assigns (strictly
    // increasing in append order) and returns. `session` must exist.
    Expected<uint64_t> appendAudit(const AuditEntry& entry);
    // The session's most recent `maxCount` entries, oldest first (the order a log is read in).
    Expected<std::vector<AuditEntry>> listAudit(const std::string& session, size_t maxCount);

private:
    SessionStore(std::unique_ptr<detail::SqliteDb> db, std::string path);

    Expected<void> prepareSchema();
    // The row id of session `name`; NotFound when there is none. Cached: sessions are never deleted or renamed.
    Expected<int64_t> sessionId(const std::string& name);
    // Runs one write statement inside its own transaction; NotFound (with `what`) when it changed no row.
    template <class Bind>
    Expected<void> writeOne(const char* sql, Bind&& bind, const std::string& what);
    void checkThread() const;

    std::unique_ptr<detail::SqliteDb> m_db;
    std::string m_path;
    std::thread::id m_owner;
    std::unordered_map<std::string, int64_t> m_sessionIds;
};

} // namespace tv::net
