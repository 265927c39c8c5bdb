// Viewpoints: list editing, tour order, JSON round trip and errors that name the field.
#include "interact/viewpoints.h"
#include "test_scenes.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tv::interact {
namespace {

scene::ViewCamera cam(vec3 eye, vec3 target) {
    scene::ViewCamera c;
    c.eye = eye;
    c.target = target;
    return c;
}

TEST(Viewpoints, SaveReplacesByNameAndTourWraps) {
    ViewpointList list;
    EXPECT_EQ(list.next(), nullptr);
    EXPECT_EQ(list.save("a", cam(vec3(1), vec3(0))), 0u);
    EXPECT_EQ(list.save("b", cam(vec3(2), vec3(0))), 1u);
    EXPECT_EQ(list.save("c", cam(vec3(3), vec3(0))), 2u);
    EXPECT_EQ(list.save("b", cam(vec3(9), vec3(0))), 1u); // replaced in place
    EXPECT_EQ(list.size(), 3u);
    EXPECT_EQ(list.find("b")->camera.eye, vec3(9));

    EXPECT_EQ(list.next()->name, "a");
    EXPECT_EQ(list.next()->name, "b");
    EXPECT_EQ(list.next()->name, "c");
    EXPECT_EQ(list.next()->name, "a"); // wraps
    EXPECT_EQ(list.previous()->name, "c");
    EXPECT_EQ(list.goTo(1)->name, "b");
    EXPECT_EQ(list.goTo(7), nullptr);

    ViewpointList fresh = list;
    fresh.goTo(0);
    fresh.clear();
    EXPECT_FALSE(fresh.current());
    ViewpointList other;
    other.save("x", cam(vec3(1), vec3(0)));
    other.save("y", cam(vec3(1), vec3(0)));
    EXPECT_EQ(other.previous()->name, "y"); // previous from nothing starts at the end
}

TEST(Viewpoints, RemoveRenameMoveKeepTourPosition) {
    ViewpointList list;
    for (const char* n : {"a", "b", "c", "d"}) list.save(n, cam(vec3(1), vec3(0)));
    list.goTo(2); // "c"
    list.move(2, 0);
    EXPECT_EQ(list.all()[0].name, "c");
    EXPECT_EQ(*list.current(), 0u);
    list.move(3, 1); // "d" before "a": c d a b
    EXPECT_EQ(list.all()[1].name, "d");
    EXPECT_EQ(*list.current(), 0u);
    EXPECT_TRUE(list.remove("d"));
    EXPECT_FALSE(list.remove("d"));
    EXPECT_EQ(list.next()->name, "a");
    EXPECT_FALSE(list.rename("a", "b")); // taken
    EXPECT_FALSE(list.rename("zz", "q"));
    EXPECT_FALSE(list.rename("a", ""));
    EXPECT_TRUE(list.rename("a", "entrance"));
    EXPECT_NE(list.find("entrance"), nullptr);
    list.remove("entrance"); // removing the current one resets the tour
    EXPECT_FALSE(list.current());
}

TEST(Viewpoints, JsonRoundTripIsExact) {
    ViewpointList list;
    scene::ViewCamera a = cam(vec3(1.25f, 2.5f, -3.75f), vec3(0.1f, 0.2f, 0.3f));
    a.yfov = 0.6f;
    a.znear = 0.05f;
    a.zfar = 500.0f;
    scene::ViewCamera b = cam(vec3(0, 10, 0), vec3(0));
    b.up = vec3(0, 0, -1);
    b.orthographic = true;
    b.ymag = 7.5f;
    list.save("pump room", a);
    list.save("top \"plan\" ü", b);
    std::string text = viewpointsToString(list);
    auto parsed = parseViewpoints(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        const Viewpoint &x = list.all()[i], &y = parsed->all()[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.camera.eye, y.camera.eye);
        EXPECT_EQ(x.camera.target, y.camera.target);
        EXPECT_EQ(x.camera.up, y.camera.up);
        EXPECT_EQ(x.camera.orthographic, y.camera.orthographic);
        EXPECT_EQ(x.camera.yfov, y.camera.yfov);
        EXPECT_EQ(x.camera.ymag, y.camera.ymag);
        EXPECT_EQ(x.camera.znear, y.camera.znear);
        EXPECT_EQ(x.camera.zfar, y.camera.zfar);
    }
    EXPECT_EQ(viewpointsToString(*parsed), text);
}

TEST(Viewpoints, OptionalFieldsDefault) {
    auto parsed = parseViewpoints(R"({"viewpoints":[{"name":"v","eye":[0,0,5],"target":[0,0,0]}], "extra": 1})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    scene::ViewCamera d;
    const scene::ViewCamera& c = parsed->all()[0].camera;
    EXPECT_EQ(c.up, d.up);
    EXPECT_EQ(c.yfov, d.yfov);
    EXPECT_FALSE(c.orthographic);
    auto empty = parseViewpoints(R"({"viewpoints":[]})");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

struct BadCase {
    const char* json;
    const char* fieldInMessage;
};

TEST(Viewpoints, MalformedJsonNamesTheField) {
    const BadCase cases[] = {
        {R"({"viewpoints":[{"name":"v","eye":[0,0],"target":[0,0,0]}]})", "viewpoints[0].eye"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0]},{"name":"w","eye":[0,"x",1],"target":[0,0,0]}]})",
         "viewpoints[1].eye"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1]}]})", "viewpoints[0].target"},
        {R"({"viewpoints":[{"eye":[0,0,1],"target":[0,0,0]}]})", "viewpoints[0].name"},
        {R"({"viewpoints":[{"name":"","eye":[0,0,1],"target":[0,0,0]}]})", "viewpoints[0].name"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"yfov":"wide"}]})", "viewpoints[0].yfov"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"yfov":4}]})", "viewpoints[0].yfov"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"ymag":-1}]})", "viewpoints[0].ymag"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"znear":1,"zfar":0.5}]})", "viewpoints[0].zfar"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"projection":"fisheye"}]})",
         "viewpoints[0].projection"},
        {R"({"viewpoints":[{"name":"v","eye":[1,1,1],"target":[1,1,1]}]})", "viewpoints[0].target"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0],"up":[0,0,0]}]})", "viewpoints[0].up"},
        {R"({"viewpoints":[{"name":"v","eye":[0,0,1],"target":[0,0,0]},{"name":"v","eye":[0,0,1],"target":[0,0,0]}]})",
         "viewpoints[1].name"},
        {R"({"viewpoints":[5]})", "viewpoints[0]"},
        {R"({"viewpoints":{}})", "viewpoints"},
        {R"({"views":[]})", "viewpoints"},
        {R"([1,2])", "viewpoints"},
        {R"({"viewpoints":[{"name":"v",)", "malformed JSON"},
    };
    for (const BadCase& c : cases) {
        auto r = parseViewpoints(c.json);
        ASSERT_FALSE(r) << c.json;
        EXPECT_EQ(r.error().code, ErrorCode::Parse);
        EXPECT_NE(r.error().message.find(c.fieldInMessage), std::string::npos)
            << "message '" << r.error().message << "' should name " << c.fieldInMessage;
    }
}

} // namespace
} // namespace tv::interact
