// SessionLink — the viewer's session wiring — against a real SessionHub on loopback, with two or three links in
// one process, each on its own scene graph (no Vulkan): members see each other's avatars in their scene,
// annotations made through the panels' UiActions become pins for everyone, a presenter's lead makes the others'
// cameras converge on the presenter's view, a follower who navigates breaks away, a gather moves everyone, an
// observer's denied request comes back as a notice naming the reason, a presenter's shared moment reaches every
// member (late joiners too) once, and a link that vanishes without leaving disappears from the others within 3 s.
#include "app/session_link.h"

#include "net/hub/session_hub.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <thread>

namespace tv::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Participant {
    scene::SceneGraph graph;
    std::unique_ptr<SessionLink> link;
    LocalView view;
};

class SessionLinkTest : public ::testing::Test {
protected:
    zmq::context_t context;
    fs::path dir;
    std::unique_ptr<net::SessionHub> hub;
    std::vector<std::unique_ptr<Participant>> people;

    void SetUp() override {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("tv-session-link-" + std::to_string(rd()));
        fs::create_directories(dir);
        net::HubOptions o;
        o.dbPath = (dir / "hub.sqlite").string();
        o.presenceTimeoutMs = 1500;
        auto h = net::SessionHub::start(context, o);
        ASSERT_TRUE(h) << h.error().message;
        hub = std::move(*h);
    }
    void TearDown() override {
        people.clear();
        hub.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    Participant& join(const std::string& user, net::Role role, vec3 eye, bool crashOnExit = false) {
        SessionLinkOptions o;
        o.client.hubEndpoint = hub->endpoints().control;
        o.client.session = "review";
        o.client.user = user;
        o.client.role = role;
        o.client.skipLeaveOnDestroy = crashOnExit;
        auto started = SessionLink::start(o);
        EXPECT_TRUE(started) << started.error().message;
        auto p = std::make_unique<Participant>();
        p->link = std::move(*started);
        p->link->attachScene(p->graph);
        p->view.camera.eye = eye;
        p->view.camera.target = vec3(0.0f);
        people.push_back(std::move(p));
        return *people.back();
    }

    // Updates everyone every ~10 ms until `done` or 10 s.
    bool runUntil(const std::function<bool()>& done) {
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (Clock::now() < deadline) {
            for (auto& p : people) p->link->update(0.01, p->view);
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    static bool joined(const Participant& p) { return p.link->status().state == net::SessionLinkState::Joined; }
    static bool hasNotice(const Participant& p, const std::string& fragment) {
        for (const ui::SessionNotice& n : p.link->viewModel().notices)
            if (n.text.find(fragment) != std::string::npos) return true;
        return false;
    }
    static const ui::SessionPeerView* peer(const Participant& p, const std::string& user) {
        for (const ui::SessionPeerView& v : p.link->viewModel().peers)
            if (v.user == user) return &v;
        return nullptr;
    }
};

TEST_F(SessionLinkTest, MembersSeeEachOthersAvatarsAndLatency) {
    Participant& ana = join("ana", net::Role::Presenter, {0.0f, 2.0f, 10.0f});
    Participant& ben = join("ben", net::Role::Observer, {5.0f, 2.0f, 5.0f});
    ben.view.pointerHit = vec3(1.0f, 0.0f, 1.0f);
    ben.view.selectionPath = "/plant/pump-1";
    const size_t nodesAlone = ana.graph.nodeCount();
    ASSERT_TRUE(runUntil([&] {
        const ui::SessionPeerView* b = peer(ana, "ben");
        return joined(ana) && joined(ben) && b && b->online && b->head && b->pointerHit &&
               glm::length(*b->head - ben.view.camera.eye) < 0.05f;
    }));
    const ui::SessionPeerView* b = peer(ana, "ben");
    EXPECT_EQ(b->role, net::Role::Observer);
    EXPECT_EQ(b->selectionPath, "/plant/pump-1");
    EXPECT_LT(glm::length(*b->pointerHit - vec3(1.0f, 0.0f, 1.0f)), 1e-3f);
    // Ben's avatar (head, visor, hands, beam, dot) is in Ana's scene and the cursor passes through it.
    EXPECT_GT(ana.graph.nodeCount(), nodesAlone);
    const scene::NodeHandle benHead = ana.graph.findByName("ben");
    bool anyAvatarNode = false;
    ana.graph.forEachNode([&](scene::NodeHandle n) { anyAvatarNode = anyAvatarNode || ana.link->isSessionNode(n); });
    EXPECT_TRUE(anyAvatarNode);
    (void)benHead;
    // Nobody draws themselves; self is listed first.
    ASSERT_FALSE(ana.link->viewModel().peers.empty());
    EXPECT_TRUE(ana.link->viewModel().peers.front().isSelf);
    EXPECT_FALSE(ana.link->viewModel().peers.front().head);
    EXPECT_TRUE(runUntil([&] { return peer(ana, "ben")->rttMs.has_value(); })) << "latency from the hub heartbeat";
}

TEST_F(SessionLinkTest, AnnotationsFromThePanelsBecomePinsForEveryone) {
    Participant& ana = join("ana", net::Role::Operator, {0.0f, 2.0f, 10.0f});
    Participant& ben = join("ben", net::Role::Operator, {5.0f, 2.0f, 5.0f});
    ASSERT_TRUE(runUntil([&] { return joined(ana) && joined(ben); }));

    ui::UiAction create;
    create.kind = ui::UiActionKind::CreateAnnotation;
    create.anchor = vec3(1.0f, 0.5f, 2.0f);
    create.normal = vec3(0.0f, 1.0f, 0.0f);
    create.nodePath = "/plant/tank-1";
    create.text = "Leak at the flange";
    ASSERT_TRUE(ana.link->execute(create, ana.view.camera));
    ASSERT_TRUE(runUntil([&] { return ben.link->viewModel().annotations.size() == 1; }));
    const net::Annotation a = ben.link->viewModel().annotations[0];
    EXPECT_EQ(a.text, "Leak at the flange");
    EXPECT_EQ(a.author, "ana");
    EXPECT_EQ(ana.link->viewModel().selectedAnnotation, a.id) << "the author looks at the new pin";

    // Ben resolves it (operators resolve any); Ana sees it resolved, then deletes her own.
    ui::UiAction resolve;
    resolve.kind = ui::UiActionKind::ResolveAnnotation;
    resolve.id = a.id;
    resolve.flag = true;
    ben.link->execute(resolve, ben.view.camera);
    ASSERT_TRUE(runUntil([&] {
        return ana.link->viewModel().annotations.size() == 1 && ana.link->viewModel().annotations[0].resolved;
    }));
    EXPECT_EQ(ana.link->viewModel().annotations[0].resolvedBy, "ben");
    // Ben may not delete Ana's annotation: the hub says why, and the notice shows it.
    ui::UiAction del;
    del.kind = ui::UiActionKind::DeleteAnnotation;
    del.id = a.id;
    ben.link->execute(del, ben.view.camera);
    ASSERT_TRUE(runUntil([&] { return hasNotice(ben, "delete annotation denied"); }));
    ana.link->execute(del, ana.view.camera);
    ASSERT_TRUE(runUntil([&] { return ben.link->viewModel().annotations.empty(); }));

    // Flying to a pin moves the local camera only.
    ui::UiAction fly;
    fly.kind = ui::UiActionKind::FlyToAnnotation;
    fly.id = 7;
    fly.camera.eye = vec3(3.0f, 3.0f, 3.0f);
    ana.link->execute(fly, ana.view.camera);
    auto move = ana.link->takeCameraMove();
    ASSERT_TRUE(move);
    EXPECT_EQ(move->eye, vec3(3.0f, 3.0f, 3.0f));
    EXPECT_FALSE(ana.link->takeCameraMove()) << "taken once";
}

TEST_F(SessionLinkTest, FollowGatherAndBreakAway) {
    Participant& ana = join("ana", net::Role::Presenter, {0.0f, 3.0f, 12.0f});
    Participant& ben = join("ben", net::Role::Operator, {8.0f, 2.0f, -4.0f});
    ASSERT_TRUE(runUntil([&] { return joined(ana) && joined(ben) && peer(ben, "ana") && peer(ben, "ana")->head; }));

    ui::UiAction lead;
    lead.kind = ui::UiActionKind::StartLead;
    ana.link->execute(lead, ana.view.camera);
    ASSERT_TRUE(runUntil([&] { return ben.link->following(); }));
    EXPECT_EQ(ben.link->viewModel().leader, "ana");
    // Ben's camera converges on Ana's view, frame by frame.
    scene::ViewCamera cam = ben.view.camera;
    ASSERT_TRUE(runUntil([&] {
        if (auto f = ben.link->followCamera(cam, 0.05f)) cam = *f;
        ben.view.camera = cam;
        return glm::length(cam.eye - ana.view.camera.eye) < 0.05f;
    }));
    EXPECT_GT(glm::dot(cam.forward(), ana.view.camera.forward()), 0.999f);

    // Ben navigates: he breaks away and his camera is his own again.
    ben.link->onLocalNavigation();
    EXPECT_FALSE(ben.link->following());
    EXPECT_FALSE(ben.link->followCamera(cam, 0.05f));
    EXPECT_TRUE(hasNotice(ben, "broke away"));

    // A gather reaches him anyway.
    ui::UiAction gather;
    gather.kind = ui::UiActionKind::GatherHere;
    gather.camera.eye = vec3(1.0f, 1.7f, 1.0f);
    gather.camera.target = vec3(0.0f, 1.0f, 0.0f);
    ana.link->execute(gather, ana.view.camera);
    std::optional<scene::ViewCamera> moved;
    ASSERT_TRUE(runUntil([&] {
        if (!moved) moved = ben.link->takeCameraMove();
        return moved.has_value();
    }));
    EXPECT_LT(glm::length(moved->eye - vec3(1.0f, 1.7f, 1.0f)), 1e-4f);
    EXPECT_TRUE(hasNotice(ben, "ana gathered everyone"));

    // Ana stops leading: nobody follows.
    ben.link->execute(ui::UiAction{.kind = ui::UiActionKind::FollowLeader}, cam);
    EXPECT_TRUE(ben.link->following());
    ana.link->execute(ui::UiAction{.kind = ui::UiActionKind::StopLead}, ana.view.camera);
    ASSERT_TRUE(runUntil([&] { return !ben.link->following() && ben.link->viewModel().leader.empty(); }));
}

TEST_F(SessionLinkTest, ObserverDenialsShowTheReason) {
    Participant& obs = join("olga", net::Role::Observer, {0.0f, 2.0f, 10.0f});
    ASSERT_TRUE(runUntil([&] { return joined(obs); }));
    ui::UiAction create;
    create.kind = ui::UiActionKind::CreateAnnotation;
    create.anchor = vec3(0.0f);
    create.text = "not allowed";
    obs.link->execute(create, obs.view.camera);
    ui::UiAction lead;
    lead.kind = ui::UiActionKind::StartLead;
    obs.link->execute(lead, obs.view.camera);
    ASSERT_TRUE(runUntil([&] { return hasNotice(obs, "new annotation denied") && hasNotice(obs, "lead denied"); }));
    EXPECT_TRUE(hasNotice(obs, "observers may view and point only"));
    EXPECT_TRUE(obs.link->viewModel().annotations.empty());
}

// The shared moment through the panels' UiAction and requestMoment(): takeMomentChange() reports each change once.
TEST_F(SessionLinkTest, APresenterTakesEveryoneToAMomentAndEachMemberSeesTheChangeOnce) {
    constexpr uint64_t kAt = 1'795'528'951'250'000ull; // 2026-11-24 14:02:31.250 UTC
    Participant& ana = join("ana", net::Role::Presenter, {0.0f, 2.0f, 10.0f});
    Participant& ben = join("ben", net::Role::Operator, {5.0f, 2.0f, 5.0f});
    std::map<Participant*, std::vector<uint64_t>> changes;
    auto runFrames = [&](const std::function<bool()>& done) {
        return runUntil([&] {
            for (auto& p : people)
                if (auto m = p->link->takeMomentChange()) changes[p.get()].push_back(*m);
            return done();
        });
    };
    auto settle = [&] { // a few more frames: nothing else may be reported
        const auto until = Clock::now() + std::chrono::milliseconds(300);
        runFrames([&] { return Clock::now() >= until; });
    };
    ASSERT_TRUE(runFrames([&] { return joined(ana) && joined(ben); }));
    settle();
    EXPECT_TRUE(changes.empty()) << "joining a live session reports nothing";
    EXPECT_TRUE(ana.link->viewModel().canShareMoment);
    EXPECT_EQ(ana.link->viewModel().shareMomentWhyNot, "");
    EXPECT_FALSE(ben.link->viewModel().canShareMoment);
    EXPECT_EQ(ben.link->viewModel().shareMomentWhyNot, "only a presenter can take everyone to a moment");
    EXPECT_EQ(ben.link->viewModel().sharedMomentUs, 0u);

    // The presenter shares a moment from the timeline (twin time in seconds).
    ui::UiAction share;
    share.kind = ui::UiActionKind::ShareMoment;
    share.flag = true;
    share.value = double(kAt) / 1e6;
    ASSERT_TRUE(ana.link->execute(share, ana.view.camera));
    ASSERT_TRUE(runFrames([&] { return changes[&ben].size() == 1 && changes[&ana].size() == 1; }));
    settle();
    EXPECT_EQ(changes[&ben], std::vector<uint64_t>{kAt}) << "once";
    EXPECT_EQ(changes[&ana], std::vector<uint64_t>{kAt}) << "the presenter's own request comes back too";
    EXPECT_EQ(ben.link->viewModel().sharedMomentUs, kAt);
    EXPECT_EQ(ben.link->viewModel().sharedMomentBy, "ana");
    EXPECT_TRUE(hasNotice(ben, "ana took everyone to 14:02:31"));
    EXPECT_TRUE(hasNotice(ana, "you took everyone to 14:02:31"));

    // An operator may not: the denial is a notice with the reason, and nothing changes.
    ben.link->requestMoment(0);
    ASSERT_TRUE(runFrames([&] { return hasNotice(ben, "back to live denied"); }));
    EXPECT_TRUE(hasNotice(ben, "only a presenter can take everyone to a moment"));
    EXPECT_EQ(ben.link->viewModel().sharedMomentUs, kAt);

    // A late joiner is taken to the moment on joining, once.
    Participant& carl = join("carl", net::Role::Observer, {1.0f, 2.0f, 1.0f});
    ASSERT_TRUE(runFrames([&] { return changes[&carl].size() == 1; }));
    settle();
    EXPECT_EQ(changes[&carl], std::vector<uint64_t>{kAt});
    EXPECT_TRUE(hasNotice(carl, "ana took everyone to 14:02:31"));
    EXPECT_EQ(changes[&ben].size(), 1u) << "carl joining is no change for ben";

    // Back to live: everyone once more, with 0.
    share.flag = false;
    ana.link->execute(share, ana.view.camera);
    ASSERT_TRUE(runFrames([&] { return changes[&ben].size() == 2 && changes[&carl].size() == 2; }));
    settle();
    EXPECT_EQ(changes[&ben], (std::vector<uint64_t>{kAt, 0}));
    EXPECT_EQ(changes[&carl], (std::vector<uint64_t>{kAt, 0}));
    EXPECT_TRUE(hasNotice(ben, "ana brought everyone back to live"));
    EXPECT_EQ(carl.link->viewModel().sharedMomentUs, 0u);

    // A moment that is not one (the timeline had nothing) is refused locally.
    share.flag = true;
    share.value = 0.0;
    ana.link->execute(share, ana.view.camera);
    EXPECT_TRUE(hasNotice(ana, "is not a moment of the twin's history"));
}

TEST_F(SessionLinkTest, AVanishedViewerDisappearsWithinThreeSeconds) {
    Participant& ana = join("ana", net::Role::Presenter, {0.0f, 2.0f, 10.0f});
    join("ben", net::Role::Observer, {5.0f, 2.0f, 5.0f}, /*crashOnExit=*/true);
    ASSERT_TRUE(runUntil([&] { return peer(ana, "ben") && peer(ana, "ben")->online && peer(ana, "ben")->head; }));
    const size_t withBen = ana.graph.nodeCount();
    people.pop_back(); // ben's process "dies": no Leave
    const auto killed = Clock::now();
    ASSERT_TRUE(runUntil([&] { return !peer(ana, "ben")->online; }));
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - killed).count(), 3.0);
    EXPECT_LT(ana.graph.nodeCount(), withBen) << "ben's avatar is gone from the scene";
    EXPECT_TRUE(hasNotice(ana, "ben lost connection"));
}

} // namespace
} // namespace tv::app
