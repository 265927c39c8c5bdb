// SessionReplica, SessionEventSync and PresenceOrder: the pure half of the session client (no sockets).
#include "net/session_client/session_replica.h"
#include "net/session_client/session_sync.h"

#include <gtest/gtest.h>

namespace tv::net {
namespace {

Member member(std::string user, Role role, uint32_t colour) {
    Member m;
    m.user = std::move(user);
    m.role = role;
    m.colour = colour;
    m.firstSeenUs = 100;
    m.lastSeenUs = 200;
    return m;
}

Annotation annotation(uint64_t id, std::string text, std::string author) {
    Annotation a;
    a.id = id;
    a.session = "plant";
    a.anchor = vec3(1.0f, 2.0f, 3.0f);
    a.text = std::move(text);
    a.author = std::move(author);
    a.createdUs = 1000 + id;
    a.updatedUs = a.createdUs;
    return a;
}

SharedViewpoint viewpoint(std::string name, float x) {
    SharedViewpoint v;
    v.name = std::move(name);
    v.eye = vec3(x, 1.0f, 5.0f);
    v.author = "ada";
    return v;
}

SessionSnapshotMsg sampleSnapshot() {
    SessionSnapshotMsg s;
    s.session = "plant";
    s.epoch = 7;
    s.sequence = 3;
    s.members = {member("ada", Role::Presenter, 0xff0000), member("bob", Role::Operator, 0x00ff00)};
    s.online = {"ada"};
    s.annotations = {annotation(1, "valve leaks", "ada"), annotation(2, "check pump", "bob")};
    s.viewpoints = {viewpoint("entrance", 0.0f)};
    s.leader = "ada";
    return s;
}

EventMsg event(uint64_t sequence, SessionEvent e, uint32_t epoch = 7) {
    EventMsg m;
    m.session = "plant";
    m.epoch = epoch;
    m.sequence = sequence;
    m.event = std::move(e);
    return m;
}

SessionEvent joined(Member m) {
    SessionEvent e;
    e.kind = SessionEventKind::MemberJoined;
    e.member = std::move(m);
    return e;
}

SessionEvent left(std::string user) {
    SessionEvent e;
    e.kind = SessionEventKind::MemberLeft;
    e.user = std::move(user);
    return e;
}

SessionEvent upserted(Annotation a) {
    SessionEvent e;
    e.kind = SessionEventKind::AnnotationUpserted;
    e.annotation = std::move(a);
    return e;
}

TEST(SessionReplica, LoadCopiesTheSnapshot) {
    SessionReplica r;
    r.load(sampleSnapshot());
    EXPECT_EQ(r.session(), "plant");
    ASSERT_EQ(r.members().size(), 2u);
    EXPECT_EQ(r.members()[1].user, "bob");
    EXPECT_TRUE(r.isOnline("ada"));
    EXPECT_FALSE(r.isOnline("bob"));
    EXPECT_FALSE(r.isOnline("carol"));
    ASSERT_EQ(r.annotations().size(), 2u);
    EXPECT_EQ(r.annotations().at(2).text, "check pump");
    ASSERT_EQ(r.viewpoints().count("entrance"), 1u);
    EXPECT_EQ(r.leader(), "ada");
    EXPECT_LT(r.latencyMs("ada"), 0.0f);
}

TEST(SessionReplica, LoadReplacesEverythingBefore) {
    SessionReplica r;
    r.load(sampleSnapshot());
    SessionSnapshotMsg empty;
    empty.session = "plant";
    r.load(empty);
    EXPECT_TRUE(r.members().empty());
    EXPECT_TRUE(r.online().empty());
    EXPECT_TRUE(r.annotations().empty());
    EXPECT_TRUE(r.viewpoints().empty());
    EXPECT_EQ(r.leader(), "");
}

TEST(SessionReplica, AppliesEveryEventKind) {
    SessionReplica r;
    r.load(sampleSnapshot());

    r.apply(joined(member("bob", Role::Operator, 0x00ff00)));
    EXPECT_TRUE(r.isOnline("bob"));
    EXPECT_EQ(r.members().size(), 2u) << "a returning member is updated, not added twice";
    r.apply(joined(member("carol", Role::Observer, 0x0000ff)));
    ASSERT_EQ(r.members().size(), 3u);
    EXPECT_EQ(r.members()[2].user, "carol");

    r.apply(left("ada"));
    EXPECT_FALSE(r.isOnline("ada"));
    ASSERT_NE(r.findMember("ada"), nullptr) << "members persist after leaving (they keep their colour)";

    Annotation edited = annotation(1, "valve fixed", "ada");
    edited.resolved = true;
    edited.resolvedBy = "bob";
    r.apply(upserted(edited));
    EXPECT_EQ(r.annotations().at(1), edited);
    r.apply(upserted(annotation(9, "new pin", "carol")));
    EXPECT_EQ(r.annotations().size(), 3u);

    SessionEvent del;
    del.kind = SessionEventKind::AnnotationDeleted;
    del.annotationId = 2;
    r.apply(del);
    EXPECT_EQ(r.annotations().count(2), 0u);
    del.annotationId = 12345; // unknown: no-op
    r.apply(del);
    EXPECT_EQ(r.annotations().size(), 2u);

    SessionEvent vp;
    vp.kind = SessionEventKind::ViewpointUpserted;
    vp.viewpoint = viewpoint("entrance", 4.0f);
    r.apply(vp);
    EXPECT_EQ(r.viewpoints().at("entrance").eye.x, 4.0f);
    vp.viewpoint = viewpoint("roof", 9.0f);
    r.apply(vp);
    EXPECT_EQ(r.viewpoints().size(), 2u);
    SessionEvent vpDel;
    vpDel.kind = SessionEventKind::ViewpointDeleted;
    vpDel.viewpointName = "entrance";
    r.apply(vpDel);
    EXPECT_EQ(r.viewpoints().size(), 1u);
    EXPECT_EQ(r.viewpoints().count("roof"), 1u);

    SessionEvent follow;
    follow.kind = SessionEventKind::FollowChanged;
    follow.leader = "";
    r.apply(follow);
    EXPECT_EQ(r.leader(), "");

    SessionReplica before = r;
    SessionEvent gather;
    gather.kind = SessionEventKind::Gather;
    gather.viewpoint = viewpoint("", 1.0f);
    r.apply(gather);
    std::string diff;
    EXPECT_TRUE(r.sameAs(before, &diff)) << "gather is not state: " << diff;
}

TEST(SessionReplica, LatenciesComeAndGo) {
    SessionReplica r;
    MemberLatency l[] = {{"ada", 12.5f}, {"bob", 3.0f}};
    r.setLatencies(l);
    EXPECT_FLOAT_EQ(r.latencyMs("ada"), 12.5f);
    r.setLatencies(std::span<const MemberLatency>(l, 1));
    EXPECT_LT(r.latencyMs("bob"), 0.0f);
}

TEST(SessionReplica, SameAsFindsTheFirstDifference) {
    SessionReplica a, b;
    a.load(sampleSnapshot());
    b.load(sampleSnapshot());
    std::string diff;
    EXPECT_TRUE(a.sameAs(b, &diff)) << diff;

    // Snapshot order versus event order, and lastSeenUs (refreshed without events), do not matter.
    SessionSnapshotMsg reordered = sampleSnapshot();
    std::swap(reordered.members[0], reordered.members[1]);
    reordered.members[0].lastSeenUs = 999999;
    b.load(reordered);
    EXPECT_TRUE(a.sameAs(b, &diff)) << diff;

    b.apply(left("ada"));
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("ada"), std::string::npos) << diff;

    b.load(sampleSnapshot());
    b.apply(upserted(annotation(1, "changed", "ada")));
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("annotation 1"), std::string::npos) << diff;

    b.load(sampleSnapshot());
    b.apply(joined(member("ada", Role::Observer, 0xff0000)));
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("member ada"), std::string::npos) << diff;

    b.load(sampleSnapshot());
    SessionEvent follow;
    follow.kind = SessionEventKind::FollowChanged;
    follow.leader = "bob";
    b.apply(follow);
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("leader"), std::string::npos) << diff;
}

TEST(SessionReplica, TheSharedMomentComesFromTheSnapshotAndFromEvents) {
    constexpr uint64_t kAt = 1'795'528'951'250'000ull;
    SessionReplica fresh;
    EXPECT_TRUE(fresh.moment().live());
    EXPECT_EQ(fresh.moment().sequence, 0u);

    SessionSnapshotMsg snap = sampleSnapshot();
    snap.moment = SharedMoment{kAt, "ada", 5000, 2};
    SessionReplica a;
    a.load(snap);
    EXPECT_EQ(a.moment(), snap.moment);

    SessionEvent back;
    back.kind = SessionEventKind::MomentChanged;
    back.by = "ada";
    back.moment = SharedMoment{0, "ada", 6000, 4};
    a.apply(back);
    EXPECT_TRUE(a.moment().live());
    EXPECT_EQ(a.moment().by, "ada");
    EXPECT_EQ(a.moment().sequence, 4u);

    // A replica at another moment (or the same time set by another event) is not the same state.
    SessionReplica b;
    b.load(snap);
    std::string diff;
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("moment"), std::string::npos) << diff;
    b.apply(back);
    EXPECT_TRUE(a.sameAs(b, &diff)) << diff;
    // Reloading a snapshot without a moment (a restarted hub) goes back to "never set".
    b.load(sampleSnapshot());
    EXPECT_EQ(b.moment(), SharedMoment{});
}

// The Clone pattern: a replica that took a late snapshot plus the events after it equals one that saw everything.
TEST(SessionReplica, SnapshotPlusLaterEventsEqualsEveryEvent) {
    std::vector<EventMsg> history = {
        event(4, joined(member("carol", Role::Observer, 0x0000ff))),
        event(5, upserted(annotation(3, "third", "carol"))),
        event(6, left("ada")),
    };
    SessionReplica early;
    early.load(sampleSnapshot());
    for (const EventMsg& e : history) early.apply(e.event);

    SessionSnapshotMsg late = sampleSnapshot();
    late.sequence = 5;
    late.members.push_back(member("carol", Role::Observer, 0x0000ff));
    late.online.push_back("carol");
    late.annotations.push_back(annotation(3, "third", "carol"));
    SessionEventSync sync;
    sync.begin(7);
    for (const EventMsg& e : history) EXPECT_EQ(sync.onEvent(e), SessionEventSync::Verdict::Buffered);
    std::vector<EventMsg> replay;
    ASSERT_EQ(sync.onSnapshot(7, late.sequence, replay), SessionEventSync::Verdict::Apply);
    ASSERT_EQ(replay.size(), 1u) << "events 4 and 5 are in the snapshot";
    EXPECT_EQ(replay[0].sequence, 6u);
    SessionReplica joiner;
    joiner.load(late);
    for (const EventMsg& e : replay) joiner.apply(e.event);
    std::string diff;
    EXPECT_TRUE(joiner.sameAs(early, &diff)) << diff;
}

TEST(SessionEventSync, AppliesInOrderAndDropsDuplicates) {
    SessionEventSync sync;
    sync.begin(7);
    EXPECT_FALSE(sync.synced());
    std::vector<EventMsg> replay;
    ASSERT_EQ(sync.onSnapshot(7, 10, replay), SessionEventSync::Verdict::Apply);
    EXPECT_TRUE(replay.empty());
    EXPECT_TRUE(sync.synced());
    EXPECT_EQ(sync.onEvent(event(10, left("x"))), SessionEventSync::Verdict::Duplicate);
    EXPECT_EQ(sync.onEvent(event(11, left("x"))), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onEvent(event(12, left("x"))), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onEvent(event(12, left("x"))), SessionEventSync::Verdict::Duplicate);
    EXPECT_EQ(sync.lastApplied(), 12u);
    EXPECT_EQ(sync.onHeartbeat(7, 12), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onSnapshot(7, 12, replay), SessionEventSync::Verdict::Duplicate)
        << "a snapshot nobody waits for any more is ignored";
}

TEST(SessionEventSync, AJumpIsAGapAndTheEventIsKeptForTheReplay) {
    SessionEventSync sync;
    sync.begin(7);
    std::vector<EventMsg> replay;
    ASSERT_EQ(sync.onSnapshot(7, 2, replay), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onEvent(event(4, left("x"))), SessionEventSync::Verdict::Gap);
    EXPECT_FALSE(sync.synced());
    EXPECT_EQ(sync.onEvent(event(5, left("y"))), SessionEventSync::Verdict::Buffered);
    // The new snapshot includes event 3 but not 4 and 5: they replay after it.
    ASSERT_EQ(sync.onSnapshot(7, 3, replay), SessionEventSync::Verdict::Apply);
    ASSERT_EQ(replay.size(), 2u);
    EXPECT_EQ(replay[0].sequence, 4u);
    EXPECT_EQ(replay[1].sequence, 5u);
    EXPECT_EQ(sync.lastApplied(), 5u);
    EXPECT_EQ(sync.buffered(), 0u);
}

TEST(SessionEventSync, HeartbeatAheadIsAGap) {
    SessionEventSync sync;
    sync.begin(7);
    EXPECT_EQ(sync.onHeartbeat(7, 50), SessionEventSync::Verdict::Apply) << "unsynced: nothing to judge";
    std::vector<EventMsg> replay;
    ASSERT_EQ(sync.onSnapshot(7, 50, replay), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onHeartbeat(7, 50), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onHeartbeat(7, 51), SessionEventSync::Verdict::Gap) << "the last event was lost";
    EXPECT_FALSE(sync.synced());
}

TEST(SessionEventSync, AnotherEpochMeansTheHubRestarted) {
    SessionEventSync sync;
    sync.begin(7);
    std::vector<EventMsg> replay;
    EXPECT_EQ(sync.onSnapshot(8, 1, replay), SessionEventSync::Verdict::OtherEpoch);
    ASSERT_EQ(sync.onSnapshot(7, 1, replay), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(sync.onEvent(event(2, left("x"), 8)), SessionEventSync::Verdict::OtherEpoch);
    EXPECT_EQ(sync.onHeartbeat(9, 1), SessionEventSync::Verdict::OtherEpoch);
    EXPECT_EQ(sync.lastApplied(), 1u);
    sync.begin(8);
    EXPECT_FALSE(sync.synced());
    EXPECT_EQ(sync.epoch(), 8u);
}

TEST(SessionEventSync, ASnapshotTooOldForTheBufferAsksAgain) {
    SessionEventSync sync;
    sync.begin(7);
    EXPECT_EQ(sync.onEvent(event(8, left("x"))), SessionEventSync::Verdict::Buffered);
    EXPECT_EQ(sync.onEvent(event(9, left("x"))), SessionEventSync::Verdict::Buffered);
    std::vector<EventMsg> replay;
    // The snapshot stops at 5: events 6 and 7 are nowhere.
    EXPECT_EQ(sync.onSnapshot(7, 5, replay), SessionEventSync::Verdict::Gap);
    EXPECT_TRUE(replay.empty());
    EXPECT_FALSE(sync.synced());
    EXPECT_EQ(sync.buffered(), 2u) << "kept for the next snapshot";
    ASSERT_EQ(sync.onSnapshot(7, 8, replay), SessionEventSync::Verdict::Apply);
    ASSERT_EQ(replay.size(), 1u);
    EXPECT_EQ(replay[0].sequence, 9u);
}

TEST(SessionEventSync, TheBufferIsBounded) {
    SessionEventSync sync(3);
    sync.begin(7);
    for (uint64_t s = 1; s <= 5; ++s) sync.onEvent(event(s, left("x")));
    EXPECT_EQ(sync.buffered(), 3u);
    EXPECT_EQ(sync.bufferDropped(), 2u);
    std::vector<EventMsg> replay;
    // 1 and 2 were dropped: a snapshot at 0 cannot be completed from the buffer, one at 2 can.
    EXPECT_EQ(sync.onSnapshot(7, 0, replay), SessionEventSync::Verdict::Gap);
    ASSERT_EQ(sync.onSnapshot(7, 2, replay), SessionEventSync::Verdict::Apply);
    EXPECT_EQ(replay.size(), 3u);
}

TEST(PresenceOrder, DropsOlderRecordsPerUser) {
    PresenceOrder order;
    EXPECT_TRUE(order.accept("ada", 10));
    EXPECT_TRUE(order.accept("bob", 3));
    EXPECT_FALSE(order.accept("ada", 10));
    EXPECT_FALSE(order.accept("ada", 9));
    EXPECT_TRUE(order.accept("ada", 11));
    EXPECT_TRUE(order.accept("bob", 4));
    // A restarted sender numbers from scratch: once it is known to have left, its records pass again.
    EXPECT_FALSE(order.accept("ada", 1));
    order.forget("ada");
    EXPECT_TRUE(order.accept("ada", 1));
    EXPECT_EQ(order.users(), 2u);
}

} // namespace
} // namespace tv::net
