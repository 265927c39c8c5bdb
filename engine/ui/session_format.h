// Session formatting — the small pieces of text and colour the session panels, the overlay and the status bar
// share, so a user's colour, a latency or the link state reads the same everywhere: member colours as ImGui colours,
// role / device / latency / age text, the one-line form of an annotation and the status bar's session segment.
// Also the permission-aware button every session panel uses (disabled with the reason as tooltip). Pure functions
// except sessionButton (needs an ImGui frame); main thread.
#pragma once

#include "net/session/session_types.h"
#include "ui/session_view_model.h"

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tv::ui {

inline constexpr double kToastSeconds = 5.0; // a notice's toast shows this long, fading over its last second

// 0xRRGGBB with `alpha` (0..255) as an ImGui colour.
ImU32 memberColour(uint32_t rgb, uint8_t alpha = 255);
ImU32 noticeColour(NoticeSeverity severity);

std::string formatLatency(std::optional<float> rttMs); // "12 ms", "<1 ms", "-"
// Age between two hub-clock times: "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago".
std::string formatSessionAge(uint64_t nowUs, uint64_t thenUs);
// The first line of an annotation's text, cut to `maxChars` with an ellipsis ("..."): labels and rows.
std::string annotationSummary(std::string_view text, size_t maxChars = 48);
// "Session plant-review | connected | 3 online | following Ana" (status bar).
std::string sessionStatusText(const SessionViewModel& model);
size_t onlineCount(const SessionViewModel& model);
// The peer entry of `user`, or nullptr.
const SessionPeerView* findPeer(const SessionViewModel& model, std::string_view user);

// A button drawn last frame, for tests and tools (window coordinates).
struct DrawnButton {
    std::string label; // the visible label (without the ##id part)
    bool enabled = true;
    std::string reason; // why it is disabled ("" when enabled)
    vec2 min{0.0f}, max{0.0f};
};

// A button for `action`: enabled when `role` may perform it (and `extraEnabled`), else disabled with
// denialReason() as its tooltip (or `disabledWhy` when the role may but extraEnabled is false). Appends what it
// drew to `drawn`. Returns true when clicked (never when disabled).
bool sessionButton(const char* label, net::Role role, net::SessionAction action, std::vector<DrawnButton>& drawn,
                   bool extraEnabled = true, const char* disabledWhy = "");
// The same for an action every role may take (follow, break away, fly to): enabled unless `enabled` is false.
bool plainButton(const char* label, std::vector<DrawnButton>& drawn, bool enabled = true, const char* disabledWhy = "");

} // namespace tv::ui
