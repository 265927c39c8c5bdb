// Operator command line: parsing what an operator types, errors with columns, formatting back.
#include "twin/operator_command.h"

#include <gtest/gtest.h>

using namespace tv;
using namespace tv::twin;

namespace {

OperatorCommand parseOk(std::string_view text) {
    auto c = parseOperatorCommand(text);
    EXPECT_TRUE(c) << text << ": " << (c ? "" : c.error().message);
    return c ? *c : OperatorCommand{};
}

std::string parseError(std::string_view text) {
    auto c = parseOperatorCommand(text);
    EXPECT_FALSE(c) << text;
    return c ? std::string() : c.error().message;
}

} // namespace

TEST(OperatorCommand, DottedTargetWithValue) {
    OperatorCommand c = parseOk("set pump-3.speed 1200");
    EXPECT_EQ(c.verb, "set");
    EXPECT_EQ(c.target, "pump-3");
    ASSERT_EQ(c.args.size(), 1u);
    EXPECT_EQ(c.args[0].name, "speed");
    EXPECT_EQ(c.args[0].value.type, net::ValueType::Number);
    EXPECT_EQ(c.args[0].value.number, 1200.0);
}

TEST(OperatorCommand, NamedArguments) {
    OperatorCommand c = parseOk("  set pump-3 speed=1200 mode=auto enabled=false note=\"a b\" ");
    EXPECT_EQ(c.target, "pump-3");
    ASSERT_EQ(c.args.size(), 4u);
    EXPECT_EQ(c.args[0].value.number, 1200.0);
    EXPECT_EQ(c.args[1].name, "mode");
    EXPECT_EQ(c.args[1].value.type, net::ValueType::String);
    EXPECT_EQ(c.args[1].value.text, "auto");
    EXPECT_EQ(c.args[2].value.type, net::ValueType::Bool);
    EXPECT_FALSE(c.args[2].value.boolean);
    EXPECT_EQ(c.args[3].value.text, "a b");
}

TEST(OperatorCommand, VerbAndTargetOnly) {
    OperatorCommand c = parseOk("close valve-7");
    EXPECT_EQ(c.verb, "close");
    EXPECT_EQ(c.target, "valve-7");
    EXPECT_TRUE(c.args.empty());
    c = parseOk("start conveyor");
    EXPECT_EQ(c.verb, "start");
    EXPECT_EQ(c.target, "conveyor");
}

TEST(OperatorCommand, ValuesOfEveryType) {
    OperatorCommand c = parseOk("move agv-1 to=[1, 2.5, -3] tint=[1,0,0,0.5] n=-2e3 s=\"say \\\"hi\\\"\\\\\" on=true");
    ASSERT_EQ(c.args.size(), 5u);
    EXPECT_EQ(c.args[0].value.type, net::ValueType::Vec3);
    EXPECT_EQ(c.args[0].value.vector, glm::dvec4(1.0, 2.5, -3.0, 0.0));
    EXPECT_EQ(c.args[1].value.type, net::ValueType::Vec4);
    EXPECT_EQ(c.args[1].value.vector, glm::dvec4(1.0, 0.0, 0.0, 0.5));
    EXPECT_EQ(c.args[2].value.number, -2000.0);
    EXPECT_EQ(c.args[3].value.text, "say \"hi\"\\");
    EXPECT_TRUE(c.args[4].value.boolean);
    // A positional value after a plain target is the argument "value".
    c = parseOk("setpoint tank-1 70");
    EXPECT_EQ(c.target, "tank-1");
    ASSERT_EQ(c.args.size(), 1u);
    EXPECT_EQ(c.args[0].name, "value");
}

TEST(OperatorCommand, ErrorsNameTheProblemAndColumn) {
    EXPECT_EQ(parseError(""), "expected a verb at column 1");
    EXPECT_EQ(parseError("   "), "expected a verb at column 4");
    EXPECT_EQ(parseError("=x pump"), "expected a verb at column 1");
    EXPECT_EQ(parseError("close"), "expected a target (an entity id) after 'close' at column 6");
    EXPECT_EQ(parseError("set pump-3 x="), "bad value 'x=' at column 12");
    EXPECT_EQ(parseError("set pump-3 =5"), "expected an argument name before '=' at column 12");
    EXPECT_EQ(parseError("set pump-3 note=\"abc"), "unterminated string at column 17");
    EXPECT_EQ(parseError("set pump-3 at=[1,2"), "unterminated vector (missing ']') at column 15");
    EXPECT_EQ(parseError("set pump-3 at=[1,2]"), "bad value 'at=[1,2]' at column 12: a vector holds 3 or 4 numbers");
    EXPECT_EQ(parseError("set pump-3 at=[1,x,3]"),
              "bad value 'at=[1,x,3]' at column 12: a vector holds 3 or 4 numbers");
    EXPECT_EQ(parseError("set pump-3 n=12abc"), "bad value 'n=12abc' at column 12: not a finite number");
    EXPECT_EQ(parseError("set pump-3 a=1 a=2"), "duplicate argument 'a' at column 16");
    EXPECT_EQ(parseError("set pump-3 1 2"), "expected name=value, got '2' at column 14");
    EXPECT_EQ(parseError("set pump-3.speed 1 speed=2"), "duplicate argument 'speed' at column 20");
}

TEST(OperatorCommand, FormatIsTheInverse) {
    for (const char* text : {"set pump-3.speed 1200", "set pump-3 speed=1200 mode=auto", "close valve-7",
                             "note tank-1 text=\"two words\" q=\"say \\\"x\\\"\" num=\"42\" t=\"true\"",
                             "move agv-1 to=[1,2.5,-3] tint=[0.1,0.2,0.3,1] x=0.1 y=-1e-07 big=1e+300"}) {
        OperatorCommand a = parseOk(text);
        std::string written = formatOperatorCommand(a);
        OperatorCommand b = parseOk(written);
        EXPECT_EQ(a.verb, b.verb) << written;
        EXPECT_EQ(a.target, b.target) << written;
        ASSERT_EQ(a.args.size(), b.args.size()) << written;
        for (size_t i = 0; i < a.args.size(); ++i) {
            EXPECT_EQ(a.args[i].name, b.args[i].name) << written;
            EXPECT_TRUE(a.args[i].value.sameAs(b.args[i].value)) << written;
        }
    }
    EXPECT_EQ(formatOperatorCommand(parseOk("set pump-3.speed 1200")), "set pump-3 speed=1200");
    EXPECT_EQ(formatOperatorCommand(parseOk("note x s=\"42\" w=auto")), "note x s=\"42\" w=auto");
}
