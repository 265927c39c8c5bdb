// Binding evaluation — the pure math that turns a property value into a visual effect: heat-map colours, transform
// deltas, visibility, blinking, label text and threshold alerts with hysteresis. No scene access: the caller (the
// twin runtime, at a frame boundary on the main thread) applies the results to the SceneGraph. Per-binding state
// that must survive between frames (accumulated rotation angle, whether an alert is up) is owned by the caller in
// a BindingState. Pure functions; any thread.
#pragma once

#include "core/expected.h"
#include "scene/scene_graph.h"
#include "twin/scene_file.h"

#include <optional>
#include <string>
#include <string_view>

namespace tv::twin {

// ---- Building blocks (each unit-tested with exact values) ------------------------------------------------------

// True when `value` passes `c`. A value of another type than the condition's never passes (a feed sending the
// wrong type must not light up an alarm); Above/Below are strict comparisons.
bool evaluateCondition(const Condition& c, const PropertyValue& value);

// The ramp colour at `value`: clamped to [min, max], then linear between the neighbouring stops; before the first
// stop / after the last, that stop's colour. NaN maps to the first stop.
vec3 evaluateColorRamp(const ColorRampBinding& ramp, double value);

// The ramp colour applied to `base`: baseColor (alpha 1) or emissive, per ramp.target; other fields kept.
scene::MaterialOverride colorRampOverride(const ColorRampBinding& ramp, double value,
                                          scene::MaterialOverride base = {});

// Range form of translate/rotate/scale: the local delta (identity except for the driven part). For the rate form
// this returns identity: use advanceRotation + rotationDelta instead.
Transform evaluateMotion(const MotionBinding& motion, double value);

// Rate form: the angle (degrees, wrapped to [0, 360)) after turning at rate * value degrees/s for dtSeconds.
double advanceRotation(const MotionBinding& motion, double value, double dtSeconds, double angleDegrees);
Transform rotationDelta(const MotionBinding& motion, double angleDegrees);

// Blink: while the condition holds, visible during the first half of each 1/hz period counted from time 0;
// otherwise always visible. blinkPhase is the position in the period, 0..1.
double blinkPhase(const BlinkBinding& blink, double timeSeconds);
bool blinkVisible(const BlinkBinding& blink, const PropertyValue& value, double timeSeconds);

// Expands a label/message format (see LabelBinding): {value}, {value:.Nf} (N = 0..9), {unit}, {entity},
// {property}, "{{" / "}}". Numbers in {value} print with up to 6 significant digits (%g); bools as true/false.
// An unknown or unterminated placeholder is copied through verbatim so a typo stays visible on screen.
std::string formatLabel(std::string_view format, const PropertyValue& value, std::string_view unit,
                        std::string_view entity, std::string_view property);

enum class AlertChange : uint8_t { None, Raised, Cleared };

// Updates `active` for a new value and says whether the alert was raised or cleared. Above form: raises when
// value > limit, clears when value < limit - hysteresis (below form mirrored). NaN leaves the state unchanged.
AlertChange updateThreshold(const ThresholdBinding& threshold, double value, bool& active);

// ---- One entry point per binding --------------------------------------------------------------------------------

struct BindingState {
    double angleDegrees = 0.0; // rate-form rotation
    bool alertActive = false;  // threshold
};

// What a binding asks of its node this frame; unset optionals leave that aspect alone.
struct BindingEffect {
    std::optional<scene::MaterialOverride> material; // colorRamp (applied over a default MaterialOverride)
    std::optional<Transform> transformDelta;         // translate/rotate/scale: local = rest * delta
    std::optional<bool> visible;                     // visibility, blink
    std::optional<std::string> label;                // label text (or the alert message for thresholds)
    vec3 labelOffset{0.0f};
    AlertChange alert = AlertChange::None; // threshold
    bool alertActive = false;              // threshold: state after this update
    Severity severity = Severity::Warning; // threshold
};

// Evaluates `binding` (whose entity is `entity`) for `value` at `timeSeconds`, `dtSeconds` after the previous
// evaluation. Errors (ErrorCode::InvalidArgument): the value's type is not the one the binding needs, e.g.
// "tank-1.level: colorRamp needs a number, got string".
Expected<BindingEffect> evaluateBinding(const Binding& binding, const EntityDecl& entity, const PropertyValue& value,
                                        double timeSeconds, double dtSeconds, BindingState& state);

} // namespace tv::twin
