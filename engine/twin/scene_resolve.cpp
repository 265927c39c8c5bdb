// Node-path resolution against a live SceneGraph (see scene_resolve.h).
#include "twin/scene_resolve.h"

#include "core/log.h"

#include <charconv>

namespace tv::twin {

namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t i = 1; // skip the leading '/'
    while (i < path.size()) {
        size_t slash = path.find('/', i);
        if (slash == std::string_view::npos) slash = path.size();
        parts.push_back(path.substr(i, slash - i));
        i = slash + 1;
    }
    return parts;
}

scene::NodeHandle childBySegment(const scene::SceneGraph& graph, scene::NodeHandle parent, std::string_view seg) {
    std::vector<scene::NodeHandle> kids = graph.children(parent);
    if (seg.size() > 1 && seg[0] == '#') {
        size_t index = 0;
        auto r = std::from_chars(seg.data() + 1, seg.data() + seg.size(), index);
        if (r.ec == std::errc() && r.ptr == seg.data() + seg.size()) {
            // Matches SceneGraph::path(), which writes "#k" only for unnamed nodes.
            if (index < kids.size() && graph.name(kids[index]).empty()) return kids[index];
            return {};
        }
    }
    for (scene::NodeHandle k : kids)
        if (graph.name(k) == seg) return k;
    return {};
}

} // namespace

scene::NodeHandle ResolvedScene::node(const SceneFile& file, std::string_view id) const {
    for (size_t i = 0; i < file.entities.size() && i < entityNodes.size(); ++i)
        if (file.entities[i].id == id) return entityNodes[i];
    return {};
}

scene::NodeHandle resolveNodePath(const scene::SceneGraph& graph, scene::NodeHandle instanceRoot, std::string_view path,
                                  size_t* missingSegment) {
    scene::NodeHandle at = instanceRoot;
    std::vector<std::string_view> parts = splitPath(path);
    for (size_t i = 0; i < parts.size(); ++i) {
        at = childBySegment(graph, at, parts[i]);
        if (!graph.isValid(at)) {
            if (missingSegment) *missingSegment = i;
            return {};
        }
    }
    return at;
}

Expected<ResolvedScene> resolve(const SceneFile& file, const scene::SceneGraph& graph, const InstanceMap& instances) {
    ResolvedScene out;
    out.entityNodes.resize(file.entities.size());
    std::string failures;
    const std::string fileName = file.path.empty() ? std::string("<scene>") : file.path;
    for (size_t i = 0; i < file.entities.size(); ++i) {
        const EntityDecl& e = file.entities[i];
        std::string where = format("%s:%u:%u: entities[%zu].node: \"%s\" ", fileName.c_str(), e.pos.line, e.pos.column,
                                   i, e.node.toString().c_str());
        auto it = instances.find(e.node.asset);
        if (it == instances.end()) {
            failures += where + "not resolved: asset \"" + e.node.asset + "\" was not instantiated\n";
            continue;
        }
        if (!graph.isValid(it->second)) {
            failures += where + "not resolved: the instance of asset \"" + e.node.asset + "\" no longer exists\n";
            continue;
        }
        size_t missing = 0;
        scene::NodeHandle n = resolveNodePath(graph, graph.instanceRoot(it->second), e.node.path, &missing);
        if (!graph.isValid(n)) {
            std::vector<std::string_view> parts = splitPath(e.node.path);
            std::string parent = "/";
            for (size_t k = 0; k < missing; ++k) parent += std::string(parts[k]) + (k + 1 < missing ? "/" : "");
            failures += where + "not resolved: no node \"" + std::string(parts[missing]) + "\" under \"" + parent +
                        "\" in asset \"" + e.node.asset + "\"\n";
            continue;
        }
        out.entityNodes[i] = n;
    }
    if (!failures.empty()) {
        failures.pop_back(); // trailing newline
        return makeError(ErrorCode::NotFound, failures);
    }
    return out;
}

} // namespace tv::twin
