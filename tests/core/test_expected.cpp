#include "core/expected.h"
#include "core/handle.h"

#include <gtest/gtest.h>

namespace {
tv::Expected<int> parsePositive(int v) {
    if (v <= 0) return tv::makeError(tv::ErrorCode::InvalidArgument, "value must be positive");
    return v;
}
struct Tag;
} // namespace

TEST(Expected, CarriesValueOrError) {
    auto ok = parsePositive(3);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 3);
    auto bad = parsePositive(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, tv::ErrorCode::InvalidArgument);
    EXPECT_EQ(bad.error().message, "value must be positive");
    tv::Expected<void> v;
    EXPECT_TRUE(v);
    tv::Expected<void> f = tv::makeError(tv::ErrorCode::Io, "x");
    EXPECT_FALSE(f);
}

TEST(Handle, PackRoundTripAndNull) {
    tv::Handle<Tag> h{7, 3};
    EXPECT_EQ(tv::Handle<Tag>::fromPacked(h.packed()), h);
    EXPECT_TRUE(tv::Handle<Tag>{}.isNull());
    EXPECT_NE(h, (tv::Handle<Tag>{7, 4}));
}
