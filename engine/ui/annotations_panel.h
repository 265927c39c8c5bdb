// Annotations panel — the session's shared annotations as a filterable list (open / resolved / all, and a text
// filter over text and author): each row with the author's colour, the first line of the text, the author, its age
// and state, and buttons to fly to it, edit it inline, resolve / reopen and delete it (delete asks to confirm).
// Clicking a row selects the annotation (its pin is highlighted). "New annotation" asks the app to enter placing
// mode; after the user clicks a surface the app ray casts and calls beginAnnotationPrompt(), and the prompt window
// drawn here returns a CreateAnnotation with the anchor, normal, node path and the typed text. Buttons the role may
// not use (per annotationAction(): own vs others' annotations) are disabled with the reason as a tooltip. Main
// thread, inside an ImGui frame.
#pragma once

#include "scene/view_camera.h"
#include "ui/session_format.h"
#include "ui/session_view_model.h"
#include "ui/ui_action.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tv::ui {

enum class AnnotationFilter : uint8_t { Open, Resolved, All };

// A new annotation waiting for its text (the app found where the user clicked).
struct AnnotationPrompt {
    vec3 anchor{0.0f};
    vec3 normal{0.0f, 1.0f, 0.0f};
    std::string nodePath;
    std::string text;
    bool focus = true; // put the cursor in the text field on the first frame
};

struct AnnotationsPanelState {
    AnnotationFilter filter = AnnotationFilter::Open;
    std::string textFilter;
    uint64_t editing = 0; // id being edited inline (0 none)
    std::string editText;
    uint64_t confirmDelete = 0; // id whose delete waits for confirmation
    std::optional<AnnotationPrompt> prompt;
    std::vector<uint64_t> drawnRows;        // ids listed last frame, in order (after filtering)
    std::vector<DrawnButton> drawnButtons;  // the panel's buttons drawn last frame
    std::vector<DrawnButton> promptButtons; // the prompt window's buttons drawn last frame
};

// True when `a` passes the panel's state and text filters (case-insensitive substring of text or author).
bool annotationVisible(const net::Annotation& a, AnnotationFilter filter, std::string_view textFilter);

// A camera looking at the annotation's pin from its normal side, `distance` metres away, keeping `current`'s lens.
scene::ViewCamera annotationCamera(const net::Annotation& a, const scene::ViewCamera& current, float distance = 2.5f);

// Called by the app after a placing click hit a surface: opens the text prompt for a new annotation there.
void beginAnnotationPrompt(AnnotationsPanelState& state, const vec3& anchor, const vec3& normal, std::string nodePath);

// The "Annotations" window. `camera`: the current view (fly-to targets keep its lens).
void drawAnnotationsPanel(AnnotationsPanelState& state, bool* open, const SessionViewModel& model,
                          const scene::ViewCamera& camera, std::vector<UiAction>& actions);
// The prompt window for a new annotation (drawn whenever state.prompt is set, even with the panel closed).
void drawAnnotationPrompt(AnnotationsPanelState& state, const SessionViewModel& model, std::vector<UiAction>& actions);

} // namespace tv::ui
