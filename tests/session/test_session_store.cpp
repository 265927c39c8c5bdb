// SessionStore CRUD paths on a file in a temp directory: sessions, annotations, viewpoints, members, audit log,
// isolation between sessions and hostile strings.
#include "net/session/session_store.h"

#include "session_test_util.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

using namespace tv;
using namespace tv::net;

namespace {

class SessionStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = SessionStore::open(m_dir.file("hub.db"));
        ASSERT_TRUE(opened.hasValue()) << opened.error().message;
        store = std::move(opened).value();
        TV_ASSERT_OK(store->createSession("plant-review", 1000));
    }

    Annotation makeAnnotation(const std::string& text, const std::string& author = "ada") {
        Annotation a;
        a.session = "plant-review";
        a.anchor = vec3(1.25f, -0.5f, 3.0f);
        a.normal = vec3(0.0f, 0.0f, 1.0f);
        a.nodePath = "/plant/pump_2/housing";
        a.text = text;
        a.author = author;
        a.createdUs = 2000;
        a.updatedUs = 2000;
        return a;
    }

    tv::test::TempDir m_dir;
    std::unique_ptr<SessionStore> store;
};

} // namespace

TEST_F(SessionStoreTest, SessionsAreListedInCreationOrderAndNamesAreUnique) {
    TV_ASSERT_OK(store->createSession("night-shift", 1500));
    auto sessions = store->listSessions();
    TV_ASSERT_OK(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    EXPECT_EQ((*sessions)[0].name, "plant-review");
    EXPECT_EQ((*sessions)[0].createdUs, 1000u);
    EXPECT_EQ((*sessions)[1].name, "night-shift");

    auto again = store->createSession("plant-review", 3000);
    ASSERT_FALSE(again.hasValue());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
    EXPECT_FALSE(store->createSession("", 1).hasValue());

    auto has = store->hasSession("night-shift");
    TV_ASSERT_OK(has);
    EXPECT_TRUE(*has);
    has = store->hasSession("nope");
    TV_ASSERT_OK(has);
    EXPECT_FALSE(*has);
}

TEST_F(SessionStoreTest, AnnotationCreateReadUpdateResolveReopenDelete) {
    auto id = store->createAnnotation(makeAnnotation("leak at flange"));
    TV_ASSERT_OK(id);
    EXPECT_GT(*id, 0u);

    auto read = store->annotation(*id);
    TV_ASSERT_OK(read);
    Annotation expected = makeAnnotation("leak at flange");
    expected.id = *id;
    EXPECT_EQ(*read, expected);

    TV_ASSERT_OK(store->updateAnnotationText(*id, "leak at flange B", 2500));
    TV_ASSERT_OK(store->resolveAnnotation(*id, "grace", 2600));
    read = store->annotation(*id);
    TV_ASSERT_OK(read);
    EXPECT_EQ(read->text, "leak at flange B");
    EXPECT_TRUE(read->resolved);
    EXPECT_EQ(read->resolvedBy, "grace");
    EXPECT_EQ(read->updatedUs, 2600u);
    EXPECT_EQ(read->createdUs, 2000u);
    EXPECT_EQ(read->author, "ada");

    TV_ASSERT_OK(store->reopenAnnotation(*id, 2700));
    read = store->annotation(*id);
    TV_ASSERT_OK(read);
    EXPECT_FALSE(read->resolved);
    EXPECT_EQ(read->resolvedBy, "");
    EXPECT_EQ(read->updatedUs, 2700u);

    TV_ASSERT_OK(store->deleteAnnotation(*id));
    auto gone = store->annotation(*id);
    ASSERT_FALSE(gone.hasValue());
    EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
    // Every mutation of a missing id is NotFound, not a silent success.
    EXPECT_EQ(store->deleteAnnotation(*id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(store->updateAnnotationText(*id, "x", 1).error().code, ErrorCode::NotFound);
    EXPECT_EQ(store->resolveAnnotation(*id, "x", 1).error().code, ErrorCode::NotFound);
    EXPECT_EQ(store->reopenAnnotation(*id, 1).error().code, ErrorCode::NotFound);
}

TEST_F(SessionStoreTest, AnnotationsListInCreationOrderAndIdsAreNeverReused) {
    std::vector<uint64_t> ids;
    for (int i = 0; i < 5; ++i) {
        auto id = store->createAnnotation(makeAnnotation("note " + std::to_string(i)));
        TV_ASSERT_OK(id);
        ids.push_back(*id);
    }
    TV_ASSERT_OK(store->deleteAnnotation(ids[4])); // the highest id: a plain rowid table would hand it out again
    TV_ASSERT_OK(store->deleteAnnotation(ids[1]));
    auto next = store->createAnnotation(makeAnnotation("note 5"));
    TV_ASSERT_OK(next);
    EXPECT_GT(*next, ids[4]);

    auto list = store->listAnnotations("plant-review");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 4u);
    EXPECT_EQ((*list)[0].text, "note 0");
    EXPECT_EQ((*list)[1].text, "note 2");
    EXPECT_EQ((*list)[2].text, "note 3");
    EXPECT_EQ((*list)[3].text, "note 5");
    for (size_t i = 1; i < list->size(); ++i) EXPECT_LT((*list)[i - 1].id, (*list)[i].id);
}

TEST_F(SessionStoreTest, AnnotationRejectsUnknownSessionAndNonFiniteCoordinates) {
    Annotation a = makeAnnotation("x");
    a.session = "missing";
    auto noSession = store->createAnnotation(a);
    ASSERT_FALSE(noSession.hasValue());
    EXPECT_EQ(noSession.error().code, ErrorCode::NotFound);
    EXPECT_NE(noSession.error().message.find("missing"), std::string::npos);

    a = makeAnnotation("x");
    a.anchor.y = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(store->createAnnotation(a).error().code, ErrorCode::InvalidArgument);
    a = makeAnnotation("x");
    a.normal.x = std::numeric_limits<float>::infinity();
    EXPECT_EQ(store->createAnnotation(a).error().code, ErrorCode::InvalidArgument);

    auto list = store->listAnnotations("plant-review");
    TV_ASSERT_OK(list);
    EXPECT_TRUE(list->empty());
    EXPECT_EQ(store->listAnnotations("missing").error().code, ErrorCode::NotFound);
}

TEST_F(SessionStoreTest, ViewpointsUpsertInPlaceAndDelete) {
    SharedViewpoint overview{"overview", vec3(10.0f, 5.0f, 10.0f), vec3(0.0f), 0.9f, "ada", 100};
    SharedViewpoint pump{"pump", vec3(1.0f, 2.0f, 3.0f), vec3(0.5f, 0.25f, -1.0f), 0.6f, "grace", 200};
    TV_ASSERT_OK(store->saveViewpoint("plant-review", overview));
    TV_ASSERT_OK(store->saveViewpoint("plant-review", pump));
    overview.eye = vec3(-4.0f, 8.0f, 2.5f);
    overview.yfov = 1.1f;
    overview.author = "grace";
    overview.updatedUs = 300;
    TV_ASSERT_OK(store->saveViewpoint("plant-review", overview));

    auto list = store->listViewpoints("plant-review");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0], overview); // overwritten, still first
    EXPECT_EQ((*list)[1], pump);

    TV_ASSERT_OK(store->deleteViewpoint("plant-review", "overview"));
    EXPECT_EQ(store->deleteViewpoint("plant-review", "overview").error().code, ErrorCode::NotFound);
    list = store->listViewpoints("plant-review");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].name, "pump");

    SharedViewpoint unnamed = pump;
    unnamed.name = "";
    EXPECT_EQ(store->saveViewpoint("plant-review", unnamed).error().code, ErrorCode::InvalidArgument);
    SharedViewpoint badFov = pump;
    badFov.yfov = std::numeric_limits<float>::infinity();
    EXPECT_EQ(store->saveViewpoint("plant-review", badFov).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(store->saveViewpoint("missing", pump).error().code, ErrorCode::NotFound);
}

TEST_F(SessionStoreTest, MembersJoinRejoinTouchAndLeave) {
    Member ada{"ada", Role::Presenter, DeviceKind::Desktop, 0xff8800, 1000, 1000};
    Member bob{"bob", Role::Observer, DeviceKind::Xr, 0x00ccff, 1100, 1100};
    auto joined = store->joinMember("plant-review", ada);
    TV_ASSERT_OK(joined);
    EXPECT_EQ(*joined, ada);
    TV_ASSERT_OK(store->joinMember("plant-review", bob));

    // bob rejoins later from a desktop as an operator: first-seen stays, the rest follows the new join.
    Member bobAgain{"bob", Role::Operator, DeviceKind::Desktop, 0x123456, 5000, 5000};
    joined = store->joinMember("plant-review", bobAgain);
    TV_ASSERT_OK(joined);
    Member bobExpected{"bob", Role::Operator, DeviceKind::Desktop, 0x123456, 1100, 5000};
    EXPECT_EQ(*joined, bobExpected);

    TV_ASSERT_OK(store->touchMember("plant-review", "ada", 6000));
    auto list = store->listMembers("plant-review");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 2u);
    ada.lastSeenUs = 6000;
    EXPECT_EQ((*list)[0], ada);
    EXPECT_EQ((*list)[1], bobExpected);

    EXPECT_EQ(store->touchMember("plant-review", "carol", 1).error().code, ErrorCode::NotFound);
    TV_ASSERT_OK(store->removeMember("plant-review", "ada"));
    EXPECT_EQ(store->removeMember("plant-review", "ada").error().code, ErrorCode::NotFound);
    list = store->listMembers("plant-review");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].user, "bob");
}

TEST_F(SessionStoreTest, AuditKeepsAppendOrderAndReturnsTheMostRecentOldestFirst) {
    // Equal and decreasing timestamps on purpose: the log's order is the append order, not the clock's.
    const uint64_t times[] = {500, 500, 400, 900, 900, 901};
    std::vector<uint64_t> ids;
    for (int i = 0; i < 6; ++i) {
        AuditEntry e{0,
                     "plant-review",
                     i % 2 ? "bob" : "ada",
                     times[i],
                     "command",
                     "/pump_2",
                     "set speed " + std::to_string(i),
                     i % 2 ? "denied: observers may view and point only" : "accepted"};
        auto id = store->appendAudit(e);
        TV_ASSERT_OK(id);
        if (!ids.empty()) { EXPECT_GT(*id, ids.back()); }
        ids.push_back(*id);
    }
    auto last3 = store->listAudit("plant-review", 3);
    TV_ASSERT_OK(last3);
    ASSERT_EQ(last3->size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const AuditEntry& e = (*last3)[size_t(i)];
        EXPECT_EQ(e.id, ids[size_t(i + 3)]);
        EXPECT_EQ(e.detail, "set speed " + std::to_string(i + 3));
        EXPECT_EQ(e.timeUs, times[i + 3]);
        EXPECT_EQ(e.session, "plant-review");
    }
    EXPECT_EQ((*last3)[0].result, "denied: observers may view and point only");
    EXPECT_EQ((*last3)[1].result, "accepted");

    auto all = store->listAudit("plant-review", 100);
    TV_ASSERT_OK(all);
    ASSERT_EQ(all->size(), 6u);
    EXPECT_EQ(all->front().detail, "set speed 0");
    EXPECT_EQ(all->back().detail, "set speed 5");
    auto none = store->listAudit("plant-review", 0);
    TV_ASSERT_OK(none);
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(store->appendAudit(AuditEntry{0, "missing", "ada", 1, "command", "", "", "accepted"}).error().code,
              ErrorCode::NotFound);
}

TEST_F(SessionStoreTest, SessionsAreIsolatedFromEachOther) {
    TV_ASSERT_OK(store->createSession("night-shift", 1500));
    Annotation a = makeAnnotation("day note");
    auto dayId = store->createAnnotation(a);
    TV_ASSERT_OK(dayId);
    a.session = "night-shift";
    a.text = "night note";
    TV_ASSERT_OK(store->createAnnotation(a));
    TV_ASSERT_OK(store->saveViewpoint("plant-review", SharedViewpoint{"top", vec3(0, 10, 0), vec3(0), 0.8f, "ada", 1}));
    TV_ASSERT_OK(store->saveViewpoint("night-shift", SharedViewpoint{"top", vec3(0, 20, 0), vec3(0), 0.5f, "bob", 2}));
    TV_ASSERT_OK(store->joinMember("plant-review", Member{"ada", Role::Presenter, DeviceKind::Desktop, 1, 1, 1}));
    TV_ASSERT_OK(store->joinMember("night-shift", Member{"ada", Role::Observer, DeviceKind::Xr, 2, 2, 2}));
    TV_ASSERT_OK(store->appendAudit(AuditEntry{0, "night-shift", "ada", 3, "join", "", "", "accepted"}));

    auto day = store->listAnnotations("plant-review");
    auto night = store->listAnnotations("night-shift");
    TV_ASSERT_OK(day);
    TV_ASSERT_OK(night);
    ASSERT_EQ(day->size(), 1u);
    ASSERT_EQ(night->size(), 1u);
    EXPECT_EQ((*day)[0].text, "day note");
    EXPECT_EQ((*night)[0].text, "night note");
    EXPECT_EQ((*night)[0].session, "night-shift");

    auto dayViews = store->listViewpoints("plant-review");
    TV_ASSERT_OK(dayViews);
    ASSERT_EQ(dayViews->size(), 1u);
    EXPECT_EQ((*dayViews)[0].eye, vec3(0, 10, 0)); // same name, other session: not overwritten

    auto nightMembers = store->listMembers("night-shift");
    TV_ASSERT_OK(nightMembers);
    ASSERT_EQ(nightMembers->size(), 1u);
    EXPECT_EQ((*nightMembers)[0].role, Role::Observer);

    TV_ASSERT_OK(store->deleteViewpoint("night-shift", "top"));
    dayViews = store->listViewpoints("plant-review");
    TV_ASSERT_OK(dayViews);
    EXPECT_EQ(dayViews->size(), 1u);

    auto dayAudit = store->listAudit("plant-review", 10);
    TV_ASSERT_OK(dayAudit);
    EXPECT_TRUE(dayAudit->empty());
}

TEST_F(SessionStoreTest, HostileStringsRoundTripExactly) {
    // Quotes and SQL fragments (they are bound, never spliced), multi-byte UTF-8, control characters, empty
    // strings and a 64 kB text.
    const std::string sqlish = "'); DROP TABLE annotations; -- \"quoted\" `back` \\ %s %n ?1 :name @x $y";
    const std::string unicode = "Pumpe \xC3\xBC"
                                "ber Flansch \xE2\x80\x94 \xE6\xB8\xA9\xE5\xBA\xA6 \xF0\x9F\x94\xA7 "
                                "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\t\r\n\x01\x7f";
    std::string big(64 * 1024, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
    big.replace(1000, sqlish.size(), sqlish);

    TV_ASSERT_OK(store->createSession(sqlish, 1));
    Annotation a = makeAnnotation(big, unicode);
    a.session = sqlish;
    a.nodePath = "";
    a.resolvedBy = "";
    auto id = store->createAnnotation(a);
    TV_ASSERT_OK(id);
    auto read = store->annotation(*id);
    TV_ASSERT_OK(read);
    a.id = *id;
    EXPECT_EQ(*read, a);
    EXPECT_EQ(read->text.size(), 64u * 1024u);

    TV_ASSERT_OK(store->updateAnnotationText(*id, unicode, 5));
    TV_ASSERT_OK(store->resolveAnnotation(*id, sqlish, 6));
    read = store->annotation(*id);
    TV_ASSERT_OK(read);
    EXPECT_EQ(read->text, unicode);
    EXPECT_EQ(read->resolvedBy, sqlish);

    SharedViewpoint vp{unicode, vec3(0.1f, 1e-30f, -3.4e38f), vec3(1.0f / 3.0f, 0.0f, -0.0f), 0.7853982f, sqlish, 7};
    TV_ASSERT_OK(store->saveViewpoint(sqlish, vp));
    auto views = store->listViewpoints(sqlish);
    TV_ASSERT_OK(views);
    ASSERT_EQ(views->size(), 1u);
    EXPECT_EQ((*views)[0], vp);

    Member m{sqlish, Role::Operator, DeviceKind::Xr, 0xffffff, UINT64_MAX, UINT64_MAX - 1};
    TV_ASSERT_OK(store->joinMember(sqlish, m));
    auto members = store->listMembers(sqlish);
    TV_ASSERT_OK(members);
    ASSERT_EQ(members->size(), 1u);
    EXPECT_EQ((*members)[0], m); // uint64 times above INT64_MAX survive too

    AuditEntry e{0, sqlish, unicode, 42, "command", sqlish, big, ""};
    auto auditId = store->appendAudit(e);
    TV_ASSERT_OK(auditId);
    auto log = store->listAudit(sqlish, 1);
    TV_ASSERT_OK(log);
    ASSERT_EQ(log->size(), 1u);
    e.id = *auditId;
    EXPECT_EQ((*log)[0], e);

    // The schema is intact and the original session is untouched.
    auto sessions = store->listSessions();
    TV_ASSERT_OK(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    EXPECT_EQ((*sessions)[1].name, sqlish);
    auto day = store->listAnnotations("plant-review");
    TV_ASSERT_OK(day);
    EXPECT_TRUE(day->empty());
}

TEST(SessionStoreMemory, InMemoryStoreWorks) {
    auto opened = SessionStore::open(":memory:");
    ASSERT_TRUE(opened.hasValue()) << opened.error().message;
    auto& store = *opened;
    TV_ASSERT_OK(store->createSession("s", 1));
    Annotation a;
    a.session = "s";
    a.text = "in memory";
    TV_ASSERT_OK(store->createAnnotation(a));
    auto list = store->listAnnotations("s");
    TV_ASSERT_OK(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].text, "in memory");
}

TEST(SessionStoreThreads, OwnerThreadIsEnforcedAndCanBeHandedOver) {
    auto opened = SessionStore::open(":memory:");
    ASSERT_TRUE(opened.hasValue()) << opened.error().message;
    SessionStore& store = **opened;
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            std::thread other([&] { (void)store.listSessions(); });
            other.join();
        },
        "owner");

    // A handover: the new thread adopts the store and works with it; after join the main thread adopts it back.
    std::thread worker([&] {
        store.adoptCurrentThread();
        auto created = store.createSession("from-worker", 1);
        EXPECT_TRUE(created.hasValue());
    });
    worker.join();
    store.adoptCurrentThread();
    auto has = store.hasSession("from-worker");
    TV_ASSERT_OK(has);
    EXPECT_TRUE(*has);
}
