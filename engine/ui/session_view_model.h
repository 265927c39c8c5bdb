// SessionViewModel — what the session panels and overlays show for one frame of a shared session: the link, the
// local user, the members with their presence (role, device, colour, latency, where their head, pointer and
// selection are), the annotations, the shared viewpoints, the shared moment and recent notices. Plain data the app
// fills from the session client and the engine/session objects each frame; the UI only reads it (requests go back
// as UiActions). Spans point into app-owned storage valid for the frame. Main thread.
#pragma once

#include "core/math.h"
#include "net/session/session_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tv::ui {

// A member as the Users panel and the overlay show them.
struct SessionPeerView {
    std::string user;
    net::Role role = net::Role::Observer;
    net::DeviceKind device = net::DeviceKind::Desktop;
    uint32_t colour = 0xffffff; // 0xRRGGBB
    bool online = true;
    std::optional<float> rttMs; // round trip to the hub, when measured
    bool isSelf = false;
    bool isLeader = false;
    std::string selectionPath;           // their selected node ("" none)
    std::optional<vec3> head;            // world position of their head, when presence is live (name tag)
    std::optional<vec3> pointerHit;      // where their laser pointer hits, when pointing at something
    std::optional<vec3> selectionAnchor; // where to label their selection (e.g. the node's bounds centre)
};

enum class NoticeSeverity : uint8_t { Info, Warning, Error };

// A recent message for the user: a denial, someone gathering everyone, the link dropping.
struct SessionNotice {
    std::string text;
    NoticeSeverity severity = NoticeSeverity::Info;
    double ageSeconds = 0.0; // how long ago it happened (toasts fade after kToastSeconds)
};

struct SessionViewModel {
    bool active = false;     // joined (or reconnecting to) a session; false hides every session panel
    std::string session;     // session name
    std::string hubEndpoint; // "tcp://host:port"
    std::string linkState;   // "connected", "reconnecting", ...
    bool linkUp = false;     // false colours the link state as a problem
    std::string selfUser;
    net::Role selfRole = net::Role::Observer;
    uint32_t selfColour = 0xffffff;
    std::string leader;     // "" when nobody leads
    bool following = false; // the local camera follows the leader now (false: not following or broken away)
    std::span<const SessionPeerView> peers; // including self (isSelf), in display order
    std::span<const net::Annotation> annotations;
    std::span<const net::SharedViewpoint> viewpoints;
    std::span<const SessionNotice> notices; // newest last
    uint64_t nowUs = 0;                     // hub wall clock estimate (annotation ages)
    uint64_t selectedAnnotation = 0;        // highlighted annotation (0 none)
    bool placingAnnotation = false;         // the next click in the view places a new annotation
    // The shared moment (issue 7): where in the twin's recorded history the presenter took everyone.
    uint64_t sharedMomentUs = 0;   // twin time, µs since the Unix epoch (publisher's clock); 0 = live
    std::string sharedMomentBy;    // who set it ("" = nobody in this hub run)
    bool canShareMoment = false;   // this member may take everyone to a moment now (a presenter, link up)
    std::string shareMomentWhyNot; // when !canShareMoment: why ("only a presenter can take everyone to a moment")
};

} // namespace tv::ui
