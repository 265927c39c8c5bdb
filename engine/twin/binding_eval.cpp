// Binding evaluation (see binding_eval.h).
#include "twin/binding_eval.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::twin {

bool evaluateCondition(const Condition& c, const PropertyValue& value) {
    if (c.op == Condition::Op::Above || c.op == Condition::Op::Below) {
        const double* v = std::get_if<double>(&value);
        const double* limit = std::get_if<double>(&c.value);
        if (!v || !limit) return false;
        return c.op == Condition::Op::Above ? *v > *limit : *v < *limit;
    }
    if (value.index() != c.value.index()) return false;
    bool equal = value == c.value;
    return c.op == Condition::Op::Equals ? equal : !equal;
}

vec3 evaluateColorRamp(const ColorRampBinding& ramp, double value) {
    if (ramp.stops.empty()) return vec3(0.0f);
    double v = value;
    if (!(v >= ramp.min)) v = ramp.min; // also catches NaN
    if (v > ramp.max) v = ramp.max;
    if (v <= ramp.stops.front().value) return ramp.stops.front().color;
    for (size_t i = 1; i < ramp.stops.size(); ++i) {
        const ColorStop& a = ramp.stops[i - 1];
        const ColorStop& b = ramp.stops[i];
        if (v <= b.value) {
            float t = float((v - a.value) / (b.value - a.value));
            return glm::mix(a.color, b.color, t);
        }
    }
    return ramp.stops.back().color;
}

scene::MaterialOverride colorRampOverride(const ColorRampBinding& ramp, double value, scene::MaterialOverride base) {
    vec3 c = evaluateColorRamp(ramp, value);
    if (ramp.target == ColorTarget::Emissive)
        base.emissive = c;
    else
        base.baseColor = vec4(c, 1.0f);
    return base;
}

Transform evaluateMotion(const MotionBinding& m, double value) {
    Transform t;
    if (m.rate) return t;
    double f = (value - m.minValue) / (m.maxValue - m.minValue);
    if (!(f >= 0.0)) f = 0.0; // NaN too
    if (f > 1.0) f = 1.0;
    double amount = m.minAmount + f * (m.maxAmount - m.minAmount);
    switch (m.kind) {
    case MotionBinding::Kind::Translate: t.translation = m.axis * float(amount); break;
    case MotionBinding::Kind::Rotate: t.rotation = glm::angleAxis(float(glm::radians(amount)), m.axis); break;
    case MotionBinding::Kind::Scale:
        for (int i = 0; i < 3; ++i) t.scale[i] = m.axis[i] != 0.0f ? float(amount) : 1.0f;
        break;
    }
    return t;
}

double advanceRotation(const MotionBinding& m, double value, double dtSeconds, double angleDegrees) {
    double rate = m.rate.value_or(0.0);
    double a = angleDegrees + rate * value * dtSeconds;
    if (!std::isfinite(a)) return angleDegrees;
    a = std::fmod(a, 360.0);
    if (a < 0.0) a += 360.0;
    return a;
}

Transform rotationDelta(const MotionBinding& m, double angleDegrees) {
    Transform t;
    t.rotation = glm::angleAxis(float(glm::radians(angleDegrees)), m.axis);
    return t;
}

double blinkPhase(const BlinkBinding& blink, double timeSeconds) {
    double p = timeSeconds * blink.hz;
    p -= std::floor(p);
    return p;
}

bool blinkVisible(const BlinkBinding& blink, const PropertyValue& value, double timeSeconds) {
    if (!evaluateCondition(blink.when, value)) return true;
    return blinkPhase(blink, timeSeconds) < 0.5;
}

namespace {

std::string valueText(const PropertyValue& value, int decimals) {
    if (const double* d = std::get_if<double>(&value))
        return decimals >= 0 ? format("%.*f", decimals, *d) : format("%g", *d);
    if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
    return std::get<std::string>(value);
}

} // namespace

std::string formatLabel(std::string_view fmt, const PropertyValue& value, std::string_view unit,
                        std::string_view entity, std::string_view property) {
    std::string out;
    size_t i = 0;
    while (i < fmt.size()) {
        char c = fmt[i];
        if ((c == '{' || c == '}') && i + 1 < fmt.size() && fmt[i + 1] == c) {
            out += c;
            i += 2;
            continue;
        }
        if (c != '{') {
            out += c;
            ++i;
            continue;
        }
        size_t close = fmt.find('}', i);
        if (close == std::string_view::npos) {
            out.append(fmt.substr(i));
            break;
        }
        std::string_view name = fmt.substr(i + 1, close - i - 1);
        if (name == "value")
            out += valueText(value, -1);
        else if (name == "unit")
            out += unit;
        else if (name == "entity")
            out += entity;
        else if (name == "property")
            out += property;
        else if (name.size() == 9 && name.substr(0, 7) == "value:." && name[8] == 'f' && name[7] >= '0' &&
                 name[7] <= '9')
            out += valueText(value, name[7] - '0');
        else
            out.append(fmt.substr(i, close - i + 1));
        i = close + 1;
    }
    return out;
}

AlertChange updateThreshold(const ThresholdBinding& t, double value, bool& active) {
    if (std::isnan(value)) return AlertChange::None;
    bool beyond = t.above ? value > t.limit : value < t.limit;
    bool back = t.above ? value < t.limit - t.hysteresis : value > t.limit + t.hysteresis;
    if (!active && beyond) {
        active = true;
        return AlertChange::Raised;
    }
    if (active && back) {
        active = false;
        return AlertChange::Cleared;
    }
    return AlertChange::None;
}

namespace {

const char* valueTypeName(const PropertyValue& v) {
    return std::holds_alternative<double>(v) ? "number" : std::holds_alternative<bool>(v) ? "bool" : "string";
}

} // namespace

Expected<BindingEffect> evaluateBinding(const Binding& binding, const EntityDecl& entity, const PropertyValue& value,
                                        double timeSeconds, double dtSeconds, BindingState& state) {
    BindingEffect effect;
    const PropertyDecl* prop = entity.findProperty(binding.property);
    std::string unit = prop ? prop->unit : std::string();
    auto needNumber = [&](const char* kind) -> Expected<double> {
        if (const double* d = std::get_if<double>(&value)) return *d;
        return makeError(ErrorCode::InvalidArgument, entity.id + "." + binding.property + ": " + kind +
                                                         " needs a number, got " + valueTypeName(value));
    };
    if (const auto* ramp = std::get_if<ColorRampBinding>(&binding.spec)) {
        auto v = needNumber("colorRamp");
        if (!v) return v.error();
        effect.material = colorRampOverride(*ramp, *v);
    } else if (const auto* motion = std::get_if<MotionBinding>(&binding.spec)) {
        auto v = needNumber("motion");
        if (!v) return v.error();
        if (motion->rate) {
            state.angleDegrees = advanceRotation(*motion, *v, dtSeconds, state.angleDegrees);
            effect.transformDelta = rotationDelta(*motion, state.angleDegrees);
        } else {
            effect.transformDelta = evaluateMotion(*motion, *v);
        }
    } else if (const auto* vis = std::get_if<VisibilityBinding>(&binding.spec)) {
        effect.visible = evaluateCondition(vis->when, value);
    } else if (const auto* blink = std::get_if<BlinkBinding>(&binding.spec)) {
        effect.visible = blinkVisible(*blink, value, timeSeconds);
    } else if (const auto* label = std::get_if<LabelBinding>(&binding.spec)) {
        effect.label =
            formatLabel(label->format, value, label->unit.empty() ? unit : label->unit, entity.id, binding.property);
        effect.labelOffset = label->offset;
    } else if (const auto* th = std::get_if<ThresholdBinding>(&binding.spec)) {
        auto v = needNumber("threshold");
        if (!v) return v.error();
        effect.alert = updateThreshold(*th, *v, state.alertActive);
        effect.alertActive = state.alertActive;
        effect.severity = th->severity;
        if (!th->message.empty()) effect.label = formatLabel(th->message, value, unit, entity.id, binding.property);
    }
    return effect;
}

} // namespace tv::twin
