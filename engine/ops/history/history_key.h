// HistoryKey — names one property's history: (entity id, property name). The owning form is stored in maps and
// panel state; HistoryKeyView is the borrowed form used for lookups so that finding a ring for a feed change
// (strings owned by the change) never allocates. Hash/equality are transparent over both. Plain values; any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace tv::ops {

struct HistoryKeyView {
    std::string_view entity;
    std::string_view property;
    bool operator==(const HistoryKeyView&) const = default;
};

struct HistoryKey {
    std::string entity;
    std::string property;

    HistoryKeyView view() const { return {entity, property}; }
    bool operator==(const HistoryKey&) const = default;
    // "entity.property", what pickers and legends show.
    std::string label() const { return entity + "." + property; }
};

struct HistoryKeyHash {
    using is_transparent = void;
    size_t operator()(HistoryKeyView k) const {
        const size_t a = std::hash<std::string_view>{}(k.entity);
        const size_t b = std::hash<std::string_view>{}(k.property);
        return a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    }
    size_t operator()(const HistoryKey& k) const { return (*this)(k.view()); }
};

struct HistoryKeyEqual {
    using is_transparent = void;
    static HistoryKeyView v(const HistoryKey& k) { return k.view(); }
    static HistoryKeyView v(HistoryKeyView k) { return k; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
        return v(a) == v(b);
    }
};

} // namespace tv::ops
