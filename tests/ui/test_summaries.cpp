// Pure helpers behind the panels: mesh statistics, material summaries, byte formatting, label projection and
// segment clipping, section slider ranges, viewpoint names, Euler round trips.
#include "ui_harness.h"

#include "ui/inspector_panel.h"
#include "ui/node_summary.h"
#include "ui/section_panel.h"
#include "ui/stats_panel.h"
#include "ui/viewpoints_panel.h"
#include "ui/world_labels.h"

namespace tv::ui {
namespace {

TEST(Summaries, MeshStatsAndMaterials) {
    scene::AssetBuilder b;
    int32_t steel = b.material("steel", vec4(0.6f, 0.6f, 0.62f, 1.0f), 1.0f, 0.35f);
    scene::MeshBuilder box(steel);
    box.box(mat4(1.0f), vec3(1.0f));
    scene::Primitive tri = box.finish();
    scene::Primitive lines;
    lines.topology = scene::Topology::Lines;
    lines.positions = {vec3(0.0f), vec3(1.0f), vec3(2.0f)};
    lines.indices = {0, 1, 1, 2};
    int32_t mesh = b.mesh("tank", {tri, lines});
    b.node("tank", -1, {}, mesh);
    scene::AssetPtr asset = b.finish("generated:summary");
    MeshStats s = meshStats(asset->meshes[0]);
    EXPECT_EQ(s.primitives, 2u);
    EXPECT_EQ(s.triangles, 12u);
    EXPECT_EQ(s.lines, 2u);
    EXPECT_EQ(s.vertices, tri.positions.size() + 3);
    EXPECT_EQ(meshMaterials(asset->meshes[0]), (std::vector<int32_t>{steel, -1}));
    std::string summary = materialSummary(*asset, steel);
    EXPECT_NE(summary.find("steel"), std::string::npos) << summary;
    EXPECT_NE(summary.find("metal 1.00"), std::string::npos) << summary;
    EXPECT_NE(summary.find("opaque"), std::string::npos) << summary;
    EXPECT_EQ(materialSummary(*asset, -1), "default material");
}

TEST(Summaries, FormatBytes) {
    EXPECT_EQ(formatBytes(0), "-");
    EXPECT_EQ(formatBytes(512), "512 B");
    EXPECT_EQ(formatBytes(3u << 20), "3.0 MiB");
    EXPECT_EQ(formatBytes(uint64_t(3) << 29), "1.5 GiB");
}

TEST(Labels, ProjectionAndClipping) {
    scene::ViewCamera cam; // eye (0,0,3) looking at the origin
    const vec2 viewport(800.0f, 600.0f);
    std::optional<vec2> centre = labelScreenPosition(cam, vec3(0.0f), viewport);
    ASSERT_TRUE(centre.has_value());
    EXPECT_NEAR(centre->x, 400.0f, 1e-3f);
    EXPECT_NEAR(centre->y, 300.0f, 1e-3f);
    std::optional<vec2> up = labelScreenPosition(cam, vec3(0.0f, 0.5f, 0.0f), viewport);
    ASSERT_TRUE(up.has_value());
    EXPECT_LT(up->y, 300.0f) << "+Y is up on screen";
    EXPECT_FALSE(labelScreenPosition(cam, vec3(0.0f, 0.0f, 5.0f), viewport)) << "behind the eye";
    EXPECT_FALSE(labelScreenPosition(cam, vec3(100.0f, 0.0f, 0.0f), viewport)) << "far off screen";

    EXPECT_FALSE(projectSegment(cam, vec3(0.0f, 0.0f, 4.0f), vec3(1.0f, 0.0f, 5.0f), viewport));
    auto seg = projectSegment(cam, vec3(0.0f), vec3(0.0f, 0.0f, 10.0f), viewport); // crosses the eye plane
    ASSERT_TRUE(seg.has_value());
    EXPECT_NEAR(seg->first.x, 400.0f, 1e-3f);
    EXPECT_TRUE(std::isfinite(seg->second.x) && std::isfinite(seg->second.y));
}

TEST(Labels, MeasurementOverlayDrawsOneLabelPerVisibleMeasurement) {
    test::Harness h;
    interact::MeasurementTool tool;
    (void)tool.addPoint({vec3(-1.0f, 0.0f, 0.0f), {}});
    (void)tool.addPoint({vec3(1.0f, 0.0f, 0.0f), {}});
    (void)tool.addPoint({vec3(0.0f, 0.0f, 10.0f), {}}); // behind the eye
    (void)tool.addPoint({vec3(0.0f, 0.0f, 11.0f), {}});
    (void)tool.addPoint({vec3(0.0f, 1.0f, 0.0f), {}}); // pending
    scene::ViewCamera cam;
    int labels = -1;
    int vertices = 0;
    h.draw = [&] {
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        int before = dl->VtxBuffer.Size;
        labels = drawMeasurementOverlay(dl, cam, h.display, tool, interact::MeasurePoint{vec3(0.5f, 1.0f, 0.0f), {}});
        vertices = dl->VtxBuffer.Size - before;
    };
    h.frame();
    EXPECT_EQ(labels, 2) << "the finished visible measurement and the rubber band";
    EXPECT_GT(vertices, 0);
}

TEST(Sections, AxisAndRange) {
    EXPECT_EQ(planeAxis(vec3(0.0f, -1.0f, 0.0f)), 1);
    EXPECT_EQ(planeAxis(glm::normalize(vec3(1.0f, 1.0f, 0.0f))), -1);
    Aabb b{vec3(0.0f, 0.0f, 0.0f), vec3(10.0f, 2.0f, 4.0f)};
    vec2 r = planePositionRange(b, vec3(1.0f, 0.0f, 0.0f));
    EXPECT_NEAR(r.x, -0.5f, 1e-4f);
    EXPECT_NEAR(r.y, 10.5f, 1e-4f);
    interact::SectionPlane p = defaultSectionPlane(b, 1);
    EXPECT_EQ(planeAxis(p.normal), 1);
    EXPECT_NEAR(p.signedDistance(vec3(5.0f, 1.0f, 2.0f)), 0.0f, 1e-5f);
}

TEST(Viewpoints, AutomaticNamesAreUnique) {
    interact::ViewpointList list;
    EXPECT_EQ(nextViewpointName(list), "View 1");
    list.save("View 2", {});
    EXPECT_EQ(nextViewpointName(list), "View 3");
}

TEST(Inspector, EulerRoundTrip) {
    vec3 deg(10.0f, -35.0f, 80.0f);
    quat q = rotationFromEulerDegrees(deg);
    vec3 back = eulerDegreesFromRotation(q);
    EXPECT_NEAR(back.x, deg.x, 1e-3f);
    EXPECT_NEAR(back.y, deg.y, 1e-3f);
    EXPECT_NEAR(back.z, deg.z, 1e-3f);
}

} // namespace
} // namespace tv::ui
