// Measurement: exact distances on a box of known size picked by rays, the two-click tool and the label.
#include "interact/measurement.h"
#include "interact/scene_raycast.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

TEST(Measurement, BoxOfKnownSizeMeasuresExactly) {
    // A 2 x 3 x 4 m box (half extents 1, 1.5, 2) centred at (10, 1.5, -2).
    test::TestWorld w(test::makeBoxesAsset({{"crate", vec3(10, 1.5f, -2), vec3(1, 1.5f, 2)}}));
    SceneRaycaster rc;
    rc.build(w.extract);
    auto pick = [&](vec3 from, vec3 dir) {
        auto h = rc.cast(Ray{from, glm::normalize(dir)});
        EXPECT_TRUE(h);
        return MeasurePoint{h ? h->position : vec3(0), h ? h->node : scene::NodeHandle{}};
    };
    MeasurementTool tool;
    // Width: -X face to +X face through the middle.
    EXPECT_FALSE(tool.addPoint(pick(vec3(0, 1.5f, -2), vec3(1, 0, 0))));
    EXPECT_TRUE(tool.hasPending());
    auto width = tool.addPoint(pick(vec3(20, 1.5f, -2), vec3(-1, 0, 0)));
    ASSERT_TRUE(width);
    EXPECT_FLOAT_EQ(width->distance(), 2.0f);
    EXPECT_EQ(width->a.node, w.node("crate"));
    // Height: top face to bottom face.
    tool.addPoint(pick(vec3(10, 10, -2), vec3(0, -1, 0)));
    auto height = tool.addPoint(pick(vec3(10, -10, -2), vec3(0, 1, 0)));
    ASSERT_TRUE(height);
    EXPECT_FLOAT_EQ(height->distance(), 3.0f);
    // Corner-ish diagonal: from a point on the -X face to one on the +Z face; components are exact.
    tool.addPoint(pick(vec3(0, 0.5f, -3.5f), vec3(1, 0, 0)));               // (9, 0.5, -3.5)
    auto diag = tool.addPoint(pick(vec3(10.5f, 2.5f, 20), vec3(0, 0, -1))); // (10.5, 2.5, 0)
    ASSERT_TRUE(diag);
    EXPECT_FLOAT_EQ(diag->delta().x, 1.5f);
    EXPECT_FLOAT_EQ(diag->delta().y, 2.0f);
    EXPECT_FLOAT_EQ(diag->delta().z, 3.5f);
    EXPECT_FLOAT_EQ(diag->distance(), std::sqrt(1.5f * 1.5f + 4.0f + 3.5f * 3.5f));
    EXPECT_TRUE(test::vecNear(diag->anchor(), vec3(9.75f, 1.5f, -1.75f)));
    EXPECT_EQ(tool.measurements().size(), 3u);
}

TEST(Measurement, LabelFormat) {
    Measurement m{{vec3(1, 2, 3), {}}, {vec3(0, 0, 3.7f), {}}};
    // Components are shown as absolute distances along each axis.
    EXPECT_EQ(m.label(), "2.343 m (dx 1.000, dy 2.000, dz 0.700)");
    EXPECT_EQ(m.label(1), "2.3 m (dx 1.0, dy 2.0, dz 0.7)");
}

TEST(Measurement, PreviewCancelRemoveClear) {
    MeasurementTool tool;
    EXPECT_FALSE(tool.preview({vec3(1), {}}));
    tool.addPoint({vec3(0), {}});
    auto p = tool.preview({vec3(3, 4, 0), {}});
    ASSERT_TRUE(p);
    EXPECT_FLOAT_EQ(p->distance(), 5.0f);
    EXPECT_TRUE(tool.measurements().empty()); // a preview is not kept
    tool.cancelPending();
    EXPECT_FALSE(tool.hasPending());
    for (int i = 0; i < 3; ++i) {
        tool.addPoint({vec3(0), {}});
        tool.addPoint({vec3(float(i + 1), 0, 0), {}});
    }
    tool.remove(1);
    ASSERT_EQ(tool.measurements().size(), 2u);
    EXPECT_FLOAT_EQ(tool.measurements()[1].distance(), 3.0f);
    tool.addPoint({vec3(0), {}});
    tool.clear();
    EXPECT_TRUE(tool.measurements().empty());
    EXPECT_FALSE(tool.hasPending());
}

} // namespace
} // namespace tv::interact
