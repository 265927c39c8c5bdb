// The shared-session UI through the null backend: the Users panel (members, follow and lead buttons, shared
// viewpoints, role-disabled buttons with their reasons), the Annotations panel (filters, row buttons, inline edit,
// delete confirmation, placing and the new-annotation prompt), the overlay's tags and toasts, the status text, and
// the hooks in drawViewerUi (F12 / Shift+F12, Esc cancels placing).
#include "ui_harness.h"

#include "session/annotation_pins.h"
#include "ui/annotations_panel.h"
#include "ui/session_overlay.h"
#include "ui/session_panel.h"

namespace tv::ui {
namespace {

const DrawnButton* findButton(const std::vector<DrawnButton>& buttons, const std::string& label, size_t nth = 0) {
    for (const DrawnButton& b : buttons)
        if (b.label == label && nth-- == 0) return &b;
    return nullptr;
}

vec2 centre(const DrawnButton& b) { return (b.min + b.max) * 0.5f; }

net::Annotation note(uint64_t id, const char* text, const char* author, bool resolved = false) {
    net::Annotation a;
    a.id = id;
    a.session = "review";
    a.anchor = vec3(float(id), 0.0f, 0.0f);
    a.normal = vec3(0, 1, 0);
    a.text = text;
    a.author = author;
    a.createdUs = 1'000'000;
    a.updatedUs = 1'000'000;
    a.resolved = resolved;
    if (resolved) a.resolvedBy = "bo";
    return a;
}

SessionPeerView peer(const char* user, net::Role role, uint32_t colour, bool self = false) {
    SessionPeerView p;
    p.user = user;
    p.role = role;
    p.colour = colour;
    p.isSelf = self;
    return p;
}

struct SessionUiFixture : ::testing::Test {
    test::Harness h;
    std::vector<SessionPeerView> peers;
    std::vector<net::Annotation> annotations;
    std::vector<net::SharedViewpoint> viewpoints;
    std::vector<SessionNotice> notices;
    SessionViewModel model;
    scene::ViewCamera camera;
    std::vector<UiAction> actions;

    void SetUp() override {
        peers = {peer("ana", net::Role::Presenter, 0xe6194b, true), peer("bo", net::Role::Operator, 0x3cb44b),
                 peer("cy", net::Role::Observer, 0x4363d8)};
        peers[0].rttMs = 12.4f;
        peers[1].device = net::DeviceKind::Xr;
        peers[1].rttMs = 0.4f;
        peers[2].online = false;
        annotations = {note(1, "Leak at flange", "ana"), note(2, "Check valve torque", "bo"),
                       note(3, "Paint peeling", "bo", true)};
        net::SharedViewpoint v;
        v.name = "Pump room";
        v.eye = vec3(5, 2, 5);
        v.target = vec3(0, 1, 0);
        v.author = "ana";
        viewpoints = {v};
        model.active = true;
        model.session = "review";
        model.hubEndpoint = "tcp://hub:7700";
        model.linkState = "connected";
        model.linkUp = true;
        model.selfUser = "ana";
        model.selfRole = net::Role::Presenter;
        model.nowUs = 61'000'000;
        camera.eye = vec3(0, 2, 8);
        camera.target = vec3(0, 1, 0);
        h.captureText = true;
        bind();
    }
    void bind() {
        model.peers = peers;
        model.annotations = annotations;
        model.viewpoints = viewpoints;
        model.notices = notices;
    }
    void clickButton(const std::vector<DrawnButton>& buttons, const std::string& label, size_t nth = 0) {
        const DrawnButton* b = findButton(buttons, label, nth);
        ASSERT_NE(b, nullptr) << label;
        h.click(centre(*b));
    }
};

// ---- Users panel ----------------------------------------------------------------------------------------------

struct UsersPanelFixture : SessionUiFixture {
    SessionPanelState state;
    bool open = true;
    void SetUp() override {
        SessionUiFixture::SetUp();
        h.display = {1600.0f, 1000.0f};
        h.draw = [&] { drawSessionPanel(state, &open, model, camera, actions); };
        h.frames(2);
    }
};

TEST_F(UsersPanelFixture, ListsMembersWithRoleDeviceLatencyAndState) {
    const std::string& t = h.text;
    EXPECT_NE(t.find("Users (2 online)"), std::string::npos) << t;
    EXPECT_NE(t.find("Session review tcp://hub:7700"), std::string::npos) << t;
    EXPECT_NE(t.find("ana (you) presenter desktop 12 ms online"), std::string::npos) << t;
    EXPECT_NE(t.find("bo operator XR <1 ms online"), std::string::npos) << t;
    EXPECT_NE(t.find("cy observer desktop - offline"), std::string::npos) << t;
    EXPECT_EQ(h.colourOf("cy observer"), ImGui::GetColorU32(ImGuiCol_TextDisabled)) << "offline members are greyed";
    EXPECT_NE(t.find("Pump room by ana"), std::string::npos) << t;
}

TEST_F(UsersPanelFixture, PresenterLeadsGathersAndManagesViewpoints) {
    for (const char* label :
         {"Lead (everyone follows me)", "Gather everyone here", "Fly to", "Gather here", "Delete"}) {
        const DrawnButton* b = findButton(state.drawnButtons, label);
        ASSERT_NE(b, nullptr) << label;
        EXPECT_TRUE(b->enabled) << label;
    }
    EXPECT_FALSE(findButton(state.drawnButtons, "Save current view")->enabled) << "no name typed yet";
    EXPECT_EQ(findButton(state.drawnButtons, "Save current view")->reason, "type a name first");

    clickButton(state.drawnButtons, "Lead (everyone follows me)");
    clickButton(state.drawnButtons, "Gather everyone here");
    clickButton(state.drawnButtons, "Gather here");
    clickButton(state.drawnButtons, "Fly to");
    clickButton(state.drawnButtons, "Delete");
    ASSERT_EQ(actions.size(), 5u);
    EXPECT_EQ(actions[0].kind, UiActionKind::StartLead);
    EXPECT_EQ(actions[1].kind, UiActionKind::GatherHere);
    EXPECT_EQ(actions[1].camera.eye, camera.eye) << "gathers at the current view";
    EXPECT_EQ(actions[2].kind, UiActionKind::GatherAtViewpoint);
    EXPECT_EQ(actions[2].name, "Pump room");
    EXPECT_EQ(actions[3].kind, UiActionKind::FlyToSharedViewpoint);
    EXPECT_EQ(actions[3].camera.eye, vec3(5, 2, 5));
    EXPECT_EQ(actions[3].camera.target, vec3(0, 1, 0));
    EXPECT_EQ(actions[4].kind, UiActionKind::DeleteSharedViewpoint);

    // Leading: the button turns into Stop leading.
    model.leader = "ana";
    peers[0].isLeader = true;
    bind();
    h.frames(2);
    EXPECT_NE(h.text.find("ana (you) presenter desktop 12 ms online, leading"), std::string::npos) << h.text;
    clickButton(state.drawnButtons, "Stop leading");
    EXPECT_EQ(actions.back().kind, UiActionKind::StopLead);
}

TEST_F(UsersPanelFixture, SaveCurrentViewUnderATypedName) {
    ImGuiWindow* w = h.window("###Users");
    ASSERT_NE(w, nullptr);
    std::optional<vec2> field = h.findInWindow(w, ImHashStr("##viewpoint-name", 0, w->ID));
    ASSERT_TRUE(field.has_value());
    h.click(*field);
    h.type("Valve deck");
    clickButton(state.drawnButtons, "Save current view");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::SaveSharedViewpoint);
    EXPECT_EQ(actions[0].name, "Valve deck");
    EXPECT_EQ(actions[0].camera.target, camera.target);
    EXPECT_TRUE(state.newViewpointName.empty());
}

TEST_F(UsersPanelFixture, ObserverSeesDisabledButtonsWithTheReason) {
    model.selfUser = "cy";
    model.selfRole = net::Role::Observer;
    h.frames(2);
    const char* reason = net::denialReason(net::Role::Observer, net::SessionAction::Lead);
    for (const char* label : {"Lead (everyone follows me)", "Gather everyone here", "Gather here", "Delete"}) {
        const DrawnButton* b = findButton(state.drawnButtons, label);
        ASSERT_NE(b, nullptr) << label;
        EXPECT_FALSE(b->enabled) << label;
        EXPECT_EQ(b->reason, reason) << label;
    }
    EXPECT_TRUE(findButton(state.drawnButtons, "Fly to")->enabled) << "anyone may fly to a shared viewpoint";
    clickButton(state.drawnButtons, "Lead (everyone follows me)");
    clickButton(state.drawnButtons, "Gather here");
    EXPECT_TRUE(actions.empty()) << "disabled buttons do nothing";
    // Hovering shows the reason.
    h.mouseTo(centre(*findButton(state.drawnButtons, "Gather everyone here")));
    h.frames(2);
    EXPECT_NE(h.text.find(reason), std::string::npos) << h.text;
}

TEST_F(UsersPanelFixture, OperatorMayNotLeadButMaySaveViewpoints) {
    model.selfUser = "bo";
    model.selfRole = net::Role::Operator;
    h.frames(2);
    const DrawnButton* lead = findButton(state.drawnButtons, "Lead (everyone follows me)");
    ASSERT_NE(lead, nullptr);
    EXPECT_FALSE(lead->enabled);
    EXPECT_EQ(lead->reason, "only the presenter may lead the session");
    EXPECT_TRUE(findButton(state.drawnButtons, "Delete")->enabled);
}

TEST_F(UsersPanelFixture, FollowerFollowsAndBreaksAway) {
    model.selfUser = "bo";
    model.selfRole = net::Role::Operator;
    model.leader = "ana";
    model.following = false;
    h.frames(2);
    clickButton(state.drawnButtons, "Follow ana");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::FollowLeader);
    EXPECT_EQ(actions[0].name, "ana");
    model.following = true;
    h.frames(2);
    EXPECT_NE(h.text.find("Following ana"), std::string::npos) << h.text;
    clickButton(state.drawnButtons, "Break away");
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].kind, UiActionKind::BreakAway);
}

// ---- Annotations panel ----------------------------------------------------------------------------------------

struct AnnotationsPanelFixture : SessionUiFixture {
    AnnotationsPanelState state;
    bool open = true;
    void SetUp() override {
        SessionUiFixture::SetUp();
        h.draw = [&] {
            drawAnnotationsPanel(state, &open, model, camera, actions);
            drawAnnotationPrompt(state, model, actions);
        };
        h.frames(2);
    }
    const DrawnButton* rowButton(const std::string& label, uint64_t id) {
        // Buttons are drawn row by row in drawnRows order, the same labels in every row.
        size_t row = size_t(std::find(state.drawnRows.begin(), state.drawnRows.end(), id) - state.drawnRows.begin());
        return findButton(state.drawnButtons, label, row);
    }
};

TEST_F(AnnotationsPanelFixture, FiltersByStateAndText) {
    EXPECT_EQ(state.drawnRows, (std::vector<uint64_t>{1, 2})) << "open ones by default";
    EXPECT_NE(h.text.find("Annotations (2 open)"), std::string::npos) << h.text;
    EXPECT_NE(h.text.find("Leak at flange ana 1 min ago open"), std::string::npos) << h.text;
    state.filter = AnnotationFilter::Resolved;
    h.frames(2);
    EXPECT_EQ(state.drawnRows, (std::vector<uint64_t>{3}));
    EXPECT_NE(h.text.find("Paint peeling bo 1 min ago resolved by bo"), std::string::npos) << h.text;
    state.filter = AnnotationFilter::All;
    state.textFilter = "VALVE";
    h.frames(2);
    EXPECT_EQ(state.drawnRows, (std::vector<uint64_t>{2})) << "case-insensitive text filter";
    state.textFilter = "bo";
    h.frames(2);
    EXPECT_EQ(state.drawnRows, (std::vector<uint64_t>{2, 3})) << "the author matches too";
}

TEST_F(AnnotationsPanelFixture, ClickingTheResolvedFilterButton) {
    ImGuiWindow* w = h.window("###Annotations");
    ASSERT_NE(w, nullptr);
    std::optional<vec2> radio = h.findInWindow(w, ImHashStr("Resolved", 0, w->ID));
    ASSERT_TRUE(radio.has_value());
    h.click(*radio);
    EXPECT_EQ(state.filter, AnnotationFilter::Resolved);
    EXPECT_EQ(state.drawnRows, (std::vector<uint64_t>{3}));
}

TEST_F(AnnotationsPanelFixture, RowButtonsEmitActions) {
    h.click(centre(*rowButton("Resolve", 2)));
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::ResolveAnnotation);
    EXPECT_EQ(actions[0].id, 2u);
    EXPECT_TRUE(actions[0].flag);

    h.click(centre(*rowButton("Fly to", 1)));
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].kind, UiActionKind::FlyToAnnotation);
    EXPECT_EQ(actions[1].id, 1u);
    EXPECT_EQ(actions[1].camera.target, tv::session::pinHeadPosition(annotations[0])) << "looks at the pin";

    state.filter = AnnotationFilter::Resolved;
    h.frames(2);
    h.click(centre(*rowButton("Reopen", 3)));
    ASSERT_EQ(actions.size(), 3u);
    EXPECT_EQ(actions[2].kind, UiActionKind::ResolveAnnotation);
    EXPECT_FALSE(actions[2].flag) << "reopen";
}

TEST_F(AnnotationsPanelFixture, DeleteAsksForConfirmation) {
    h.click(centre(*rowButton("Delete", 2)));
    EXPECT_TRUE(actions.empty()) << "not yet";
    EXPECT_EQ(state.confirmDelete, 2u);
    clickButton(state.drawnButtons, "Keep");
    EXPECT_EQ(state.confirmDelete, 0u);
    EXPECT_TRUE(actions.empty());
    h.click(centre(*rowButton("Delete", 2)));
    clickButton(state.drawnButtons, "Confirm delete");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::DeleteAnnotation);
    EXPECT_EQ(actions[0].id, 2u);
}

TEST_F(AnnotationsPanelFixture, EditInlineAndSave) {
    h.click(centre(*rowButton("Edit", 1)));
    EXPECT_EQ(state.editing, 1u);
    EXPECT_EQ(state.editText, "Leak at flange");
    state.editText += " (bolts loose)"; // what typing into the multiline field does
    h.frames(2);
    clickButton(state.drawnButtons, "Save");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::EditAnnotation);
    EXPECT_EQ(actions[0].id, 1u);
    EXPECT_EQ(actions[0].text, "Leak at flange (bolts loose)");
    EXPECT_EQ(state.editing, 0u);
}

TEST_F(AnnotationsPanelFixture, RowClickSelects) {
    ImGuiWindow* w = h.window("###Annotations");
    ASSERT_NE(w, nullptr);
    // The text cell of the first row: left of its buttons, on the row's line.
    const DrawnButton* fly = rowButton("Fly to", 1);
    ASSERT_NE(fly, nullptr);
    h.click(vec2(w->Pos.x + 80.0f, centre(*fly).y));
    ASSERT_FALSE(actions.empty());
    EXPECT_EQ(actions.back().kind, UiActionKind::SelectAnnotation);
    EXPECT_EQ(actions.back().id, 1u);
}

TEST_F(AnnotationsPanelFixture, PermissionsFollowAuthorship) {
    model.selfUser = "bo";
    model.selfRole = net::Role::Operator;
    h.frames(2);
    EXPECT_TRUE(rowButton("Edit", 2)->enabled) << "own annotation";
    EXPECT_FALSE(rowButton("Edit", 1)->enabled) << "someone else's";
    EXPECT_EQ(rowButton("Edit", 1)->reason, "only the presenter may edit another member's annotation");
    EXPECT_FALSE(rowButton("Delete", 1)->enabled);
    EXPECT_TRUE(rowButton("Resolve", 1)->enabled) << "operators resolve anyone's findings";
    EXPECT_TRUE(findButton(state.drawnButtons, "New annotation")->enabled);

    model.selfUser = "cy";
    model.selfRole = net::Role::Observer;
    h.frames(2);
    const DrawnButton* create = findButton(state.drawnButtons, "New annotation");
    EXPECT_FALSE(create->enabled);
    EXPECT_EQ(create->reason, "observers may view and point only");
    EXPECT_FALSE(rowButton("Resolve", 1)->enabled);
    EXPECT_TRUE(rowButton("Fly to", 1)->enabled);
    h.click(centre(*create));
    EXPECT_TRUE(actions.empty());
}

TEST_F(AnnotationsPanelFixture, NewAnnotationPlacingAndPrompt) {
    clickButton(state.drawnButtons, "New annotation");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::BeginPlaceAnnotation);
    EXPECT_TRUE(actions[0].flag);
    model.placingAnnotation = true;
    h.frames(2);
    EXPECT_NE(h.text.find("Click a surface in the view to place the pin."), std::string::npos) << h.text;
    clickButton(state.drawnButtons, "Cancel placing");
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].kind, UiActionKind::BeginPlaceAnnotation);
    EXPECT_FALSE(actions[1].flag);

    // The app ray cast the click and opens the prompt.
    model.placingAnnotation = false;
    beginAnnotationPrompt(state, vec3(1, 2, 3), vec3(0, 0, 1), "/plant/pump-3");
    h.frames(2);
    EXPECT_NE(h.text.find("On /plant/pump-3"), std::string::npos) << h.text;
    EXPECT_FALSE(findButton(state.promptButtons, "Create")->enabled) << "no text yet";
    ImGuiWindow* prompt = h.window("New annotation");
    ASSERT_NE(prompt, nullptr);
    if (!ImGui::GetIO().WantTextInput) { // focus is requested on opening; click into the field if it did not take
        std::optional<vec2> field = h.findInWindow(prompt, ImHashStr("##annotation-text", 0, prompt->ID));
        ASSERT_TRUE(field.has_value());
        h.click(*field);
    }
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    h.type("Bearing noise");
    clickButton(state.promptButtons, "Create");
    ASSERT_EQ(actions.size(), 3u);
    const UiAction& a = actions[2];
    EXPECT_EQ(a.kind, UiActionKind::CreateAnnotation);
    EXPECT_EQ(a.anchor, vec3(1, 2, 3));
    EXPECT_EQ(a.normal, vec3(0, 0, 1));
    EXPECT_EQ(a.nodePath, "/plant/pump-3");
    EXPECT_EQ(a.text, "Bearing noise");
    EXPECT_FALSE(state.prompt.has_value()) << "closed after creating";
}

// ---- Overlay, toasts, status -----------------------------------------------------------------------------------

TEST_F(SessionUiFixture, OverlayDrawsOneNameTagPerOnScreenPeer) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 1.7f, 10);
    cam.target = vec3(0, 1.7f, 0);
    const vec2 viewport(1600.0f, 1000.0f);
    peers.clear();
    for (int i = 0; i < 4; ++i) {
        SessionPeerView p = peer(("user" + std::to_string(i)).c_str(), net::Role::Operator, 0x20a0ff);
        p.head = vec3(float(i) - 1.5f, 1.7f, 0.0f);
        peers.push_back(p);
    }
    SessionPeerView behind = peer("behind", net::Role::Observer, 0xffffff);
    behind.head = vec3(0, 1.7f, 20); // behind the eye
    SessionPeerView offscreen = peer("aside", net::Role::Observer, 0xffffff);
    offscreen.head = vec3(200, 1.7f, 0);
    SessionPeerView self = peer("me", net::Role::Presenter, 0xffffff, true);
    self.head = vec3(0, 1.7f, 0);
    peers.push_back(behind);
    peers.push_back(offscreen);
    peers.push_back(self);
    peers[0].pointerHit = vec3(0.5f, 0.2f, 0.0f);
    peers[1].selectionPath = "/plant/pump-3";
    peers[1].selectionAnchor = vec3(-1, 0.5f, 0);
    annotations.push_back(note(9, "Pin in view", "ana"));
    annotations[3].anchor = vec3(0.0f, 0.0f, 0.0f);
    bind();
    SessionOverlayCounts counts;
    h.draw = [&] { counts = drawSessionOverlay(ImGui::GetForegroundDrawList(), cam, viewport, model); };
    h.frames(2);
    EXPECT_EQ(counts.nameTags, 4) << "the self, behind-the-eye and off-screen peers get none";
    EXPECT_EQ(counts.pointerTags, 1);
    EXPECT_EQ(counts.selectionTags, 1);
    EXPECT_GE(counts.pinLabels, 1);
    EXPECT_NE(h.text.find("user1: pump-3"), std::string::npos) << h.text;
    EXPECT_NE(h.text.find("user2 operator"), std::string::npos) << h.text;
    EXPECT_NE(h.text.find("Pin in view"), std::string::npos) << h.text;
    EXPECT_EQ(h.text.find("behind"), std::string::npos);
}

TEST_F(SessionUiFixture, ToastsShowRecentNoticesAndFade) {
    notices = {{"old news", NoticeSeverity::Info, 9.0},
               {"denied: observers may view and point only", NoticeSeverity::Warning, 1.0},
               {"Ana gathered everyone at 'Pump room'", NoticeSeverity::Info, 4.5}};
    bind();
    int shown = 0;
    h.draw = [&] { shown = drawSessionToasts(ImGui::GetForegroundDrawList(), h.display, model); };
    h.frames(2);
    EXPECT_EQ(shown, 2);
    EXPECT_EQ(h.text.find("old news"), std::string::npos);
    EXPECT_NE(h.text.find("denied: observers may view and point only"), std::string::npos) << h.text;
    ImU32 fresh = h.colourOf("denied");
    ImU32 fading = h.colourOf("Ana gathered");
    EXPECT_EQ(fresh, noticeColour(NoticeSeverity::Warning));
    EXPECT_LT((fading >> IM_COL32_A_SHIFT) & 0xff, 255u) << "fading in its last second";
    EXPECT_LT(h.text.find("Ana gathered"), h.text.find("denied")) << "newest on top";
}

TEST_F(SessionUiFixture, StatusText) {
    EXPECT_EQ(sessionStatusText(model), "Session review | connected | 2 online");
    model.leader = "ana";
    EXPECT_EQ(sessionStatusText(model), "Session review | connected | 2 online | leading");
    model.selfUser = "bo";
    model.following = true;
    EXPECT_EQ(sessionStatusText(model), "Session review | connected | 2 online | following ana");
    EXPECT_EQ(formatSessionAge(100'000'000, 99'000'000), "just now");
    EXPECT_EQ(formatSessionAge(7'300'000'000, 100'000'000), "2 h ago");
    EXPECT_EQ(annotationSummary("first line\nsecond", 48), "first line");
    EXPECT_EQ(annotationSummary("abcdefghij", 6), "abc...");
}

// ---- Hooks in drawViewerUi -------------------------------------------------------------------------------------

TEST_F(SessionUiFixture, ViewerUiShowsSessionPanelsOnlyInASession) {
    test::World world;
    ViewerUiModel m = world.model();
    ViewerUiState state;
    std::vector<UiAction> out;
    h.draw = [&] { out = drawViewerUi(state, m); };
    h.frames(2);
    EXPECT_EQ(h.window("###Users"), nullptr) << "no session: no Users panel";
    m.session = &model;
    h.frames(2);
    ASSERT_NE(h.window("###Users"), nullptr);
    EXPECT_TRUE(h.window("###Users")->Active);
    EXPECT_NE(h.text.find("Session review | connected | 2 online"), std::string::npos) << "status bar segment";
    h.pressKey(Key::F12);
    EXPECT_FALSE(state.panels.users);
    h.pressKey(Key::F12, kModShift);
    EXPECT_TRUE(state.panels.annotations);
    h.frames(1);
    EXPECT_TRUE(h.window("###Annotations")->Active);

    // Esc while placing cancels placing (and not the selection).
    model.placingAnnotation = true;
    world.selection.select(world.pump3);
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[int(Key::Escape)] = true;
    h.frame();
    io.KeysDown[int(Key::Escape)] = false;
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, UiActionKind::BeginPlaceAnnotation);
    EXPECT_FALSE(out[0].flag);
    EXPECT_EQ(world.selection.selected(), world.pump3);
}

} // namespace
} // namespace tv::ui
