// Position-tracking JSON reader: values, positions of keys and elements, syntax errors with line:column.
#include "twin/located_json.h"

#include <gtest/gtest.h>

#include <string>

using tv::twin::parseLocatedJson;

TEST(LocatedJson, ParsesValuesLikeNlohmann) {
    const char* text = R"({"a": [1, -2.5, 3e2, true, false, null], "s": "x\"\n\u00e9\ud83d\ude00", "o": {}})";
    auto r = parseLocatedJson(text, "t.json");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->value, nlohmann::json::parse(text));
    EXPECT_TRUE(r->value["a"][0].is_number_integer());
    EXPECT_TRUE(r->value["a"][1].is_number_float());
    EXPECT_EQ(r->value["s"].get<std::string>(), "x\"\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(LocatedJson, RecordsKeyAndElementPositions) {
    const char* text = "{\n  \"assets\": [\n    {\"id\": \"a\"},\n      7\n  ]\n}";
    auto r = parseLocatedJson(text, "t.json");
    ASSERT_TRUE(r) << r.error().message;
    auto at = [&](const char* p) {
        auto s = r->positions.at(p);
        return std::to_string(s.line) + ":" + std::to_string(s.column);
    };
    EXPECT_EQ(at(""), "1:1");
    EXPECT_EQ(at("assets"), "2:3");
    EXPECT_EQ(at("assets[0]"), "3:5");
    EXPECT_EQ(at("assets[0].id"), "3:6");
    EXPECT_EQ(at("assets[1]"), "4:7");
    // find() falls back to the nearest recorded ancestor.
    EXPECT_EQ(r->find("assets[0].missing").column, 5u);
    EXPECT_EQ(r->find("nothing").line, 1u);
}

TEST(LocatedJson, SyntaxErrorsNameFileLineColumn) {
    struct Case {
        const char* text;
        const char* expected;
    } cases[] = {
        {"{\n  \"a\": 1,\n  \"a\": 2\n}", "f.json:3:3: duplicate key \"a\""},
        {"{\"a\" 1}", "f.json:1:6: expected ':' after the key"},
        {"[1, 2", "f.json:1:6: expected ',' or ']' in an array"},
        {"{\"a\": tru}", "f.json:1:7: unexpected character 't', expected a value"},
        {"\"abc", "f.json:1:5: unterminated string"},
        {"[01]", "f.json:1:3: expected ',' or ']' in an array"},
        {"[1.]", "f.json:1:4: malformed number: digits expected after '.'"},
        {"{} x", "f.json:1:4: unexpected text after the JSON value"},
        {"[\"\\q\"]", "f.json:1:5: unknown escape '\\q'"},
        {"[1e999]", "f.json:1:2: number out of range"},
        {"[\"\\ud800\"]", "f.json:1:9: unpaired UTF-16 surrogate in a \\u escape"},
        {"", "f.json:1:1: unexpected end of input, expected a value"},
    };
    for (const Case& c : cases) {
        auto r = parseLocatedJson(c.text, "f.json");
        ASSERT_FALSE(r) << c.text;
        EXPECT_EQ(r.error().message, c.expected) << c.text;
        EXPECT_EQ(r.error().code, tv::ErrorCode::Parse);
    }
}

TEST(LocatedJson, RejectsExcessiveNesting) {
    std::string deep(tv::twin::kMaxJsonDepth + 10, '[');
    auto r = parseLocatedJson(deep, "d.json");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("nesting deeper than"), std::string::npos);
    std::string ok = std::string(50, '[') + std::string(50, ']');
    EXPECT_TRUE(parseLocatedJson(ok, "d.json"));
}
