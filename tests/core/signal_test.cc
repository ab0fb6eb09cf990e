// A signal's direction by name (core/signal.cc): what the encoder writes and the decoder reads.
#include "core/signal.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(SignalTest, DirectionNamesReadBack) {
  for (Direction d : {Direction::kLong, Direction::kShort, Direction::kWatch}) {
    Direction back = d == Direction::kLong ? Direction::kShort : Direction::kLong;
    ASSERT_TRUE(ParseDirection(DirectionName(d), &back)) << DirectionName(d);
    EXPECT_EQ(back, d);
  }
  EXPECT_EQ(DirectionName(Direction::kShort), "short");
}

TEST(SignalTest, UnknownDirectionIsRefusedAndLeavesTheOutputAlone) {
  Direction d = Direction::kWatch;
  EXPECT_FALSE(ParseDirection("Long", &d)) << "names are lower case";
  EXPECT_FALSE(ParseDirection("", &d));
  EXPECT_FALSE(ParseDirection("sell", &d));
  EXPECT_EQ(d, Direction::kWatch);
}

}  // namespace
}  // namespace tripline
