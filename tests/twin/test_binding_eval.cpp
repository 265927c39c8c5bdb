// Binding math with exact expected values.
#include "twin/binding_eval.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace tv;
using namespace tv::twin;

namespace {

ColorRampBinding heatRamp() {
    ColorRampBinding r;
    r.min = 0.0;
    r.max = 100.0;
    r.stops = {{0.0, vec3(0, 0, 1)}, {50.0, vec3(0, 1, 0)}, {100.0, vec3(1, 0, 0)}};
    return r;
}

void expectVec3(const vec3& a, const vec3& b) {
    EXPECT_NEAR(a.x, b.x, 1e-6f);
    EXPECT_NEAR(a.y, b.y, 1e-6f);
    EXPECT_NEAR(a.z, b.z, 1e-6f);
}

} // namespace

TEST(BindingEval, ColorRampInterpolatesAndClamps) {
    ColorRampBinding r = heatRamp();
    EXPECT_EQ(evaluateColorRamp(r, 0.0), vec3(0, 0, 1));
    EXPECT_EQ(evaluateColorRamp(r, 25.0), vec3(0, 0.5f, 0.5f));
    EXPECT_EQ(evaluateColorRamp(r, 50.0), vec3(0, 1, 0));
    EXPECT_EQ(evaluateColorRamp(r, 75.0), vec3(0.5f, 0.5f, 0));
    EXPECT_EQ(evaluateColorRamp(r, 100.0), vec3(1, 0, 0));
    EXPECT_EQ(evaluateColorRamp(r, -20.0), vec3(0, 0, 1));
    EXPECT_EQ(evaluateColorRamp(r, 1e9), vec3(1, 0, 0));
    EXPECT_EQ(evaluateColorRamp(r, std::nan("")), vec3(0, 0, 1));
    // Stops inside the range: flat before the first and after the last.
    r.stops = {{20.0, vec3(0.2f)}, {80.0, vec3(0.8f)}};
    EXPECT_EQ(evaluateColorRamp(r, 10.0), vec3(0.2f));
    EXPECT_EQ(evaluateColorRamp(r, 90.0), vec3(0.8f));
    expectVec3(evaluateColorRamp(r, 50.0), vec3(0.5f));
}

TEST(BindingEval, ColorRampOverrideTargets) {
    ColorRampBinding r = heatRamp();
    scene::MaterialOverride base;
    base.opacity = 0.5f;
    scene::MaterialOverride o = colorRampOverride(r, 75.0, base);
    ASSERT_TRUE(o.baseColor);
    EXPECT_EQ(*o.baseColor, vec4(0.5f, 0.5f, 0, 1));
    EXPECT_FALSE(o.emissive);
    EXPECT_EQ(o.opacity, 0.5f);
    r.target = ColorTarget::Emissive;
    o = colorRampOverride(r, 100.0);
    EXPECT_FALSE(o.baseColor);
    ASSERT_TRUE(o.emissive);
    EXPECT_EQ(*o.emissive, vec3(1, 0, 0));
}

TEST(BindingEval, MotionRangeForms) {
    MotionBinding m;
    m.kind = MotionBinding::Kind::Translate;
    m.axis = vec3(1, 0, 0);
    m.minValue = -6;
    m.maxValue = 6;
    m.minAmount = -3;
    m.maxAmount = 3;
    EXPECT_EQ(evaluateMotion(m, 0.0).translation, vec3(0, 0, 0));
    EXPECT_EQ(evaluateMotion(m, 3.0).translation, vec3(1.5f, 0, 0));
    EXPECT_EQ(evaluateMotion(m, 100.0).translation, vec3(3, 0, 0)); // clamped
    EXPECT_EQ(evaluateMotion(m, -100.0).translation, vec3(-3, 0, 0));
    EXPECT_EQ(evaluateMotion(m, 3.0).scale, vec3(1));

    m.kind = MotionBinding::Kind::Scale; // tank level: Y from 0.05 to 1
    m.axis = vec3(0, 1, 0);
    m.minValue = 0;
    m.maxValue = 100;
    m.minAmount = 0.05;
    m.maxAmount = 1.0;
    Transform t = evaluateMotion(m, 50.0);
    expectVec3(t.scale, vec3(1, 0.525f, 1));
    EXPECT_EQ(t.translation, vec3(0));

    m.kind = MotionBinding::Kind::Rotate; // valve: 0..100 % -> 0..90 degrees about Y
    m.minAmount = 0;
    m.maxAmount = 90;
    t = evaluateMotion(m, 100.0);
    vec3 x = t.rotation * vec3(1, 0, 0);
    expectVec3(x, vec3(0, 0, -1)); // +90 degrees about +Y turns +X into -Z
    EXPECT_NEAR(glm::degrees(glm::angle(evaluateMotion(m, 50.0).rotation)), 45.0f, 1e-4f);
}

TEST(BindingEval, RotationRateIntegratesAndWraps) {
    MotionBinding fan;
    fan.kind = MotionBinding::Kind::Rotate;
    fan.axis = vec3(0, 0, 1);
    fan.rate = 6.0; // degrees per second per rpm: 1 rpm = 6 deg/s
    EXPECT_DOUBLE_EQ(advanceRotation(fan, 10.0, 0.5, 0.0), 30.0);
    EXPECT_DOUBLE_EQ(advanceRotation(fan, 10.0, 2.0, 350.0), 110.0); // 350 + 120, wrapped
    EXPECT_DOUBLE_EQ(advanceRotation(fan, -10.0, 1.0, 30.0), 330.0);
    EXPECT_DOUBLE_EQ(advanceRotation(fan, 0.0, 5.0, 12.0), 12.0);
    vec3 y = rotationDelta(fan, 90.0).rotation * vec3(1, 0, 0);
    expectVec3(y, vec3(0, 1, 0));
    EXPECT_EQ(evaluateMotion(fan, 10.0).rotation, quat(1, 0, 0, 0)); // range evaluation ignores rate bindings
}

TEST(BindingEval, ConditionsAndVisibility) {
    Condition eq{Condition::Op::Equals, std::string("fault")};
    EXPECT_TRUE(evaluateCondition(eq, std::string("fault")));
    EXPECT_FALSE(evaluateCondition(eq, std::string("ok")));
    EXPECT_FALSE(evaluateCondition(eq, 1.0)); // wrong type never passes
    Condition ne{Condition::Op::NotEquals, true};
    EXPECT_TRUE(evaluateCondition(ne, false));
    EXPECT_FALSE(evaluateCondition(ne, true));
    EXPECT_FALSE(evaluateCondition(ne, std::string("x")));
    Condition above{Condition::Op::Above, 10.0};
    EXPECT_TRUE(evaluateCondition(above, 10.5));
    EXPECT_FALSE(evaluateCondition(above, 10.0)); // strict
    EXPECT_FALSE(evaluateCondition(above, true));
    Condition below{Condition::Op::Below, 10.0};
    EXPECT_TRUE(evaluateCondition(below, 9.0));
    EXPECT_FALSE(evaluateCondition(below, std::nan("")));
}

TEST(BindingEval, BlinkPhase) {
    BlinkBinding b;
    b.when = Condition{Condition::Op::Equals, true};
    b.hz = 2.0; // period 0.5 s: on 0..0.25, off 0.25..0.5
    EXPECT_DOUBLE_EQ(blinkPhase(b, 0.1), 0.2);
    EXPECT_DOUBLE_EQ(blinkPhase(b, 1.375), 0.75);
    EXPECT_TRUE(blinkVisible(b, true, 0.0));
    EXPECT_TRUE(blinkVisible(b, true, 0.2));
    EXPECT_FALSE(blinkVisible(b, true, 0.25));
    EXPECT_FALSE(blinkVisible(b, true, 0.4));
    EXPECT_TRUE(blinkVisible(b, true, 0.5));
    EXPECT_TRUE(blinkVisible(b, false, 0.4)); // condition off: steady
}

TEST(BindingEval, LabelFormatting) {
    EXPECT_EQ(formatLabel("{value} {unit}", 42.5, "%", "t", "level"), "42.5 %");
    EXPECT_EQ(formatLabel("{entity}.{property} = {value:.2f}{unit}", 3.14159, "m", "tank-1", "level"),
              "tank-1.level = 3.14m");
    EXPECT_EQ(formatLabel("{value:.0f} rpm", 1499.6, "", "", ""), "1500 rpm");
    EXPECT_EQ(formatLabel("{value}", true, "", "", ""), "true");
    EXPECT_EQ(formatLabel("state: {value}", std::string("fault"), "", "", ""), "state: fault");
    EXPECT_EQ(formatLabel("{{literal}} {value}", 1.0, "", "", ""), "{literal} 1");
    EXPECT_EQ(formatLabel("{valeu} {value", 1.0, "", "", ""), "{valeu} {value"); // typos stay visible
    EXPECT_EQ(formatLabel("{value}", 1234567.0, "", "", ""), "1.23457e+06");
}

TEST(BindingEval, ThresholdHysteresis) {
    ThresholdBinding t;
    t.above = true;
    t.limit = 95.0;
    t.hysteresis = 5.0;
    bool active = false;
    EXPECT_EQ(updateThreshold(t, 95.0, active), AlertChange::None); // not above yet
    EXPECT_EQ(updateThreshold(t, 95.1, active), AlertChange::Raised);
    EXPECT_TRUE(active);
    EXPECT_EQ(updateThreshold(t, 96.0, active), AlertChange::None);
    EXPECT_EQ(updateThreshold(t, 91.0, active), AlertChange::None); // inside the hysteresis band
    EXPECT_EQ(updateThreshold(t, 90.0, active), AlertChange::None); // exactly at limit - hysteresis: still up
    EXPECT_EQ(updateThreshold(t, std::nan(""), active), AlertChange::None);
    EXPECT_TRUE(active);
    EXPECT_EQ(updateThreshold(t, 89.9, active), AlertChange::Cleared);
    EXPECT_FALSE(active);
    EXPECT_EQ(updateThreshold(t, 92.0, active), AlertChange::None); // below the limit: stays clear

    ThresholdBinding low;
    low.above = false;
    low.limit = 10.0;
    low.hysteresis = 2.0;
    active = false;
    EXPECT_EQ(updateThreshold(low, 9.0, active), AlertChange::Raised);
    EXPECT_EQ(updateThreshold(low, 11.5, active), AlertChange::None);
    EXPECT_EQ(updateThreshold(low, 12.5, active), AlertChange::Cleared);
}

TEST(BindingEval, EvaluateBindingDispatchesAndChecksTypes) {
    EntityDecl e;
    e.id = "tank-1";
    e.properties = {{"level", PropertyType::Number, "%", 0.0, 100.0}, {"state", PropertyType::String, "", {}, {}}};
    BindingState state;

    Binding ramp{"tank-1", "level", heatRamp(), {}};
    auto r = evaluateBinding(ramp, e, 25.0, 0.0, 0.0, state);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->material && r->material->baseColor);
    EXPECT_EQ(*r->material->baseColor, vec4(0, 0.5f, 0.5f, 1));
    EXPECT_FALSE(r->visible);
    auto bad = evaluateBinding(ramp, e, std::string("high"), 0.0, 0.0, state);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "tank-1.level: colorRamp needs a number, got string");

    MotionBinding fan;
    fan.kind = MotionBinding::Kind::Rotate;
    fan.axis = vec3(0, 1, 0);
    fan.rate = 1.0;
    Binding spin{"tank-1", "level", fan, {}};
    ASSERT_TRUE(evaluateBinding(spin, e, 90.0, 0.0, 0.5, state));
    EXPECT_DOUBLE_EQ(state.angleDegrees, 45.0);
    auto spun = evaluateBinding(spin, e, 90.0, 0.5, 0.5, state);
    ASSERT_TRUE(spun && spun->transformDelta);
    EXPECT_DOUBLE_EQ(state.angleDegrees, 90.0);
    expectVec3(spun->transformDelta->rotation * vec3(1, 0, 0), vec3(0, 0, -1));

    LabelBinding label;
    label.format = "{entity} {value:.1f} {unit}";
    label.offset = vec3(0, 6.5f, 0);
    auto l = evaluateBinding({"tank-1", "level", label, {}}, e, 42.25, 0.0, 0.0, state);
    ASSERT_TRUE(l && l->label);
    EXPECT_EQ(*l->label, "tank-1 42.2 %"); // unit from the property declaration
    EXPECT_EQ(l->labelOffset, vec3(0, 6.5f, 0));

    ThresholdBinding th;
    th.limit = 90.0;
    th.severity = Severity::Critical;
    th.message = "{entity} high: {value:.0f}{unit}";
    Binding alarm{"tank-1", "level", th, {}};
    auto a = evaluateBinding(alarm, e, 95.0, 0.0, 0.0, state);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->alert, AlertChange::Raised);
    EXPECT_TRUE(a->alertActive);
    EXPECT_EQ(a->severity, Severity::Critical);
    EXPECT_EQ(*a->label, "tank-1 high: 95%");
    a = evaluateBinding(alarm, e, 80.0, 0.0, 0.0, state);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->alert, AlertChange::Cleared);

    VisibilityBinding vis{Condition{Condition::Op::NotEquals, std::string("hidden")}};
    auto v = evaluateBinding({"tank-1", "state", vis, {}}, e, std::string("hidden"), 0.0, 0.0, state);
    ASSERT_TRUE(v && v->visible);
    EXPECT_FALSE(*v->visible);
    BlinkBinding blink;
    blink.when = Condition{Condition::Op::Equals, std::string("fault")};
    blink.hz = 1.0;
    auto b = evaluateBinding({"tank-1", "state", blink, {}}, e, std::string("fault"), 0.75, 0.0, state);
    ASSERT_TRUE(b && b->visible);
    EXPECT_FALSE(*b->visible);
}
